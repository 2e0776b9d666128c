import { appendFileSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The synchronous file writes of the JSON store's runs: the order in which they reach the disk is
 * the order things happened, which is what makes `kill -9` at any point recoverable there.
 */

/** Writes JSON atomically and durably: temp file, fsync, rename, fsync of the directory. */
export function writeJsonFileSync(path: string, value: unknown): void {
  writeTextFileSync(path, JSON.stringify(value));
}

/** Writes one line of text atomically and durably (as `writeJsonFileSync`). */
export function writeTextFileSync(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  const descriptor = openSync(temporary, 'w', 0o600);
  try {
    writeSync(descriptor, `${text}\n`);
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
  renameSync(temporary, path);
  syncDirectory(dirname(path));
}

function syncDirectory(path: string): void {
  try {
    const descriptor = openSync(path, 'r');
    try {
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
  } catch {
    // Some platforms cannot fsync a directory; the rename is still atomic.
  }
}

/** Reads a JSON file; undefined when it does not exist. Throws on unparsable content. */
export function readJsonFileSync(path: string): unknown {
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, 'utf8')) as unknown;
}

/** Appends JSON lines and fsyncs them before returning. */
export function appendJsonLinesSync(path: string, values: readonly unknown[]): void {
  if (values.length === 0) return;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const descriptor = openSync(path, 'a', 0o600);
  try {
    appendFileSync(descriptor, values.map((value) => `${JSON.stringify(value)}\n`).join(''));
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}

/** Appends one JSON line and fsyncs it before returning. */
export function appendJsonLineSync(path: string, value: unknown): void {
  appendJsonLinesSync(path, [value]);
}

/** Parses JSON lines, skipping (and counting, 1-based) lines that do not parse: a line torn by a crash. */
export function parseJsonLines(text: string): { values: unknown[]; skipped: number[] } {
  const values: unknown[] = [];
  const skipped: number[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      values.push(JSON.parse(line));
    } catch {
      skipped.push(index + 1);
    }
  });
  return { values, skipped };
}

/** Reads a JSONL file, skipping a torn last line (a crash mid-append). */
export function readJsonLinesSync(path: string): unknown[] {
  if (!existsSync(path)) return [];
  return parseJsonLines(readFileSync(path, 'utf8')).values;
}
