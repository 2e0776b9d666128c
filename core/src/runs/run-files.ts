import { appendFileSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The files of a run under `<dataDir>/runs/<runId>/`:
 *   run.json                 the run record and its workflow's persisted snapshot
 *   agents/<agentId>.json    each agent's persisted snapshot and the step it was given
 *   agents/<agentId>.tools.jsonl  the tool journal: `started` before a tool runs, `finished` after
 *   activity.jsonl           the activity log
 * Writes are synchronous and atomic (temp file, fsync, rename) so that the order of what reaches
 * the disk is the order things happened — what makes `kill -9` at any point recoverable.
 */

export const RUN_FILE_VERSION = 1;

export function runDirectory(dataDir: string, runId: string): string {
  return join(dataDir, 'runs', runId);
}

export function runFilePath(dataDir: string, runId: string): string {
  return join(runDirectory(dataDir, runId), 'run.json');
}

export function agentFilePath(dataDir: string, runId: string, agentId: string): string {
  return join(runDirectory(dataDir, runId), 'agents', `${agentId}.json`);
}

export function toolJournalPath(dataDir: string, runId: string, agentId: string): string {
  return join(runDirectory(dataDir, runId), 'agents', `${agentId}.tools.jsonl`);
}

export function activityLogPath(dataDir: string, runId: string): string {
  return join(runDirectory(dataDir, runId), 'activity.jsonl');
}

/** Writes JSON atomically and durably: temp file, fsync, rename, fsync of the directory. */
export function writeJsonFileSync(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  const descriptor = openSync(temporary, 'w', 0o600);
  try {
    writeSync(descriptor, `${JSON.stringify(value)}\n`);
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

/** Appends one JSON line and fsyncs it before returning. */
export function appendJsonLineSync(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const descriptor = openSync(path, 'a', 0o600);
  try {
    appendFileSync(descriptor, `${JSON.stringify(value)}\n`);
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}

/** Reads a JSONL file, skipping a torn last line (a crash mid-append). */
export function readJsonLinesSync(path: string): unknown[] {
  if (!existsSync(path)) return [];
  const values: unknown[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      values.push(JSON.parse(line));
    } catch {
      // torn line
    }
  }
  return values;
}

/** The run ids that have a directory. */
export function listRunIds(dataDir: string): string[] {
  const root = join(dataDir, 'runs');
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/**
 * Deletes the temp files a crash left in a run's folder and its agents' folder (`*.tmp`: a write
 * that never reached its rename). Only at startup, under the data directory's lock, when no
 * writer can be midway. Returns the names removed.
 */
export function removeStaleRunTempFiles(dataDir: string, runId: string): string[] {
  const removed: string[] = [];
  for (const folder of [runDirectory(dataDir, runId), join(runDirectory(dataDir, runId), 'agents')]) {
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder)) {
      if (!name.endsWith('.tmp')) continue;
      try {
        unlinkSync(join(folder, name));
        removed.push(name);
      } catch {
        // Gone already.
      }
    }
  }
  return removed;
}
