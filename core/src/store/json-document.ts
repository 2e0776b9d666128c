import { constants, copyFile, link, readFile, unlink } from 'node:fs/promises';
import { systemClock, type Clock } from '../ports/clock.js';
import { removeStaleTempFiles, writeFileAtomic } from './atomic-write.js';
import { decodeEnvelope, parseEnvelope, UntrustedDocument, validateForWrite } from './decode-document.js';
import type { StoredDocumentSpec, StoredEnvelope } from './kanbots-store.js';
import { StoreCorruptError, StoreError } from './store-errors.js';

/**
 * One versioned JSON file: `{ "kind": "...", "schemaVersion": N, "data": ... }`, pretty-printed,
 * written atomically. Older versions are migrated on read, step by step; a file we cannot trust
 * (not JSON, wrong kind, newer than supported, invalid after migration) is moved aside to
 * `<name>.corrupt-<timestamp>` — never overwritten, never deleted — and reported as a
 * `StoreCorruptError`.
 */

export interface JsonDocumentOptions<T> extends StoredDocumentSpec<T> {
  /** Time source for the `.corrupt-<timestamp>` suffix (defaults to the system clock). */
  clock?: Clock;
}

export class JsonDocument<T> {
  readonly path: string;
  private readonly options: JsonDocumentOptions<T>;
  private staleTempFilesChecked = false;

  constructor(path: string, options: JsonDocumentOptions<T>) {
    if (!Number.isInteger(options.version) || options.version < 0) throw new RangeError(`JsonDocument version must be a non-negative integer, got ${options.version}`);
    this.path = path;
    this.options = options;
  }

  /** The document's data, migrated to the current version; `undefined` when the file does not exist. */
  async read(): Promise<T | undefined> {
    const text = await this.readText();
    if (text === undefined) return undefined;
    if (this.options.blankIsAbsent === true && text.trim() === '') return undefined;
    try {
      return this.decode(text);
    } catch (error) {
      if (!(error instanceof UntrustedDocument)) throw error;
      const movedTo = await this.moveAside();
      throw new StoreCorruptError(this.path, movedTo, error.message, { cause: error.cause });
    }
  }

  /** Validates `value` against the schema, then replaces the file atomically. */
  async write(value: T): Promise<void> {
    await this.writeEnvelope({ schemaVersion: this.options.version, data: validateForWrite(this.options, value) });
  }

  /** The file as stored, not migrated; `undefined` when absent. Throws a StoreCorruptError (after moving it aside) when it is not an envelope of this kind. */
  async readEnvelope(): Promise<StoredEnvelope | undefined> {
    const text = await this.readText();
    if (text === undefined) return undefined;
    try {
      return parseEnvelope(text, this.options.kind);
    } catch (error) {
      if (!(error instanceof UntrustedDocument)) throw error;
      const movedTo = await this.moveAside();
      throw new StoreCorruptError(this.path, movedTo, error.message, { cause: error.cause });
    }
  }

  /** Replaces the file with an envelope as given (import validates before). */
  async writeEnvelope(envelope: StoredEnvelope): Promise<void> {
    await this.removeStaleTempFilesOnce();
    await writeFileAtomic(this.path, `${JSON.stringify({ kind: this.options.kind, schemaVersion: envelope.schemaVersion, data: envelope.data }, null, 2)}\n`);
  }

  private decode(text: string): T {
    return decodeEnvelope(parseEnvelope(text, this.options.kind), this.options, this.path);
  }

  /** Moves the file to a fresh `.corrupt-<timestamp>[-n]` name without ever replacing an existing file. */
  private async moveAside(): Promise<string> {
    const stamp = new Date((this.options.clock ?? systemClock).now()).toISOString().replace(/[:.]/g, '-');
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const target = `${this.path}.corrupt-${stamp}${attempt === 0 ? '' : `-${attempt}`}`;
      try {
        await copyWithoutOverwriting(this.path, target);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw new StoreError(this.path, 'rename', `Could not move the unreadable file ${this.path} aside: ${describe(error)}`, { cause: error });
      }
      await unlink(this.path).catch((error: unknown) => {
        throw new StoreError(this.path, 'remove', `Could not remove ${this.path} after copying it to ${target}: ${describe(error)}`, { cause: error });
      });
      return target;
    }
    throw new StoreError(this.path, 'rename', `Could not find a free name to move ${this.path} aside`);
  }

  private async readText(): Promise<string | undefined> {
    await this.removeStaleTempFilesOnce();
    try {
      return await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new StoreError(this.path, 'read', `Could not read ${this.path}: ${describe(error)}`, { cause: error });
    }
  }

  private async removeStaleTempFilesOnce(): Promise<void> {
    if (this.staleTempFilesChecked) return;
    this.staleTempFilesChecked = true;
    await removeStaleTempFiles(this.path);
  }
}

const HARD_LINKS_UNSUPPORTED = new Set(['EPERM', 'ENOTSUP', 'ENOSYS', 'EXDEV', 'EMLINK']);

/** A hard link (atomic, fails with EEXIST); a byte copy with COPYFILE_EXCL where links are unsupported. */
async function copyWithoutOverwriting(source: string, target: string): Promise<void> {
  try {
    await link(source, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined || !HARD_LINKS_UNSUPPORTED.has(code)) throw error;
    await copyFile(source, target, constants.COPYFILE_EXCL);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
