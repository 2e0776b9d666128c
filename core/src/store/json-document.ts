import { constants, copyFile, link, readFile, unlink } from 'node:fs/promises';
import { z } from 'zod';
import { validationErrorFrom } from '../errors.js';
import { systemClock, type Clock } from '../ports/clock.js';
import { removeStaleTempFiles, writeFileAtomic } from './atomic-write.js';
import { StoreCorruptError, StoreError } from './store-errors.js';

/**
 * One versioned JSON file: `{ "kind": "...", "schemaVersion": N, "data": ... }`, pretty-printed,
 * written atomically. Older versions are migrated on read, step by step; a file we cannot trust
 * (not JSON, wrong kind, newer than supported, invalid after migration) is moved aside to
 * `<name>.corrupt-<timestamp>` — never overwritten, never deleted — and reported as a
 * `StoreCorruptError`.
 */

export interface JsonDocumentOptions<T> {
  kind: string;
  schema: z.ZodType<T>;
  version: number;
  /** Key n migrates data of version n to n+1. */
  migrations?: Record<number, (data: unknown) => unknown>;
  /** Time source for the `.corrupt-<timestamp>` suffix (defaults to the system clock). */
  clock?: Clock;
}

const envelopeSchema = z.object({
  kind: z.string(),
  schemaVersion: z.number().int().nonnegative(),
  data: z.unknown(),
});

/** Why a file is not trusted; thrown internally and turned into a StoreCorruptError after the move. */
class UntrustedContent extends Error {}

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
    await this.removeStaleTempFilesOnce();
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new StoreError(this.path, 'read', `Could not read ${this.path}: ${describe(error)}`, { cause: error });
    }
    try {
      return this.decode(text);
    } catch (error) {
      if (!(error instanceof UntrustedContent)) throw error;
      const movedTo = await this.moveAside();
      throw new StoreCorruptError(this.path, movedTo, error.message, { cause: error.cause });
    }
  }

  /** Validates `value` against the schema, then replaces the file atomically. */
  async write(value: T): Promise<void> {
    const parsed = this.options.schema.safeParse(value);
    if (!parsed.success) throw validationErrorFrom(`${this.options.kind} document`, parsed.error);
    await this.removeStaleTempFilesOnce();
    const envelope = { kind: this.options.kind, schemaVersion: this.options.version, data: parsed.data };
    await writeFileAtomic(this.path, `${JSON.stringify(envelope, null, 2)}\n`);
  }

  private decode(text: string): T {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new UntrustedContent(`not valid JSON: ${describe(error)}`, { cause: error });
    }
    const envelope = envelopeSchema.safeParse(json);
    if (!envelope.success) throw new UntrustedContent('not a Kanbots document (kind, schemaVersion and data expected)', { cause: envelope.error });
    const { kind, schemaVersion } = envelope.data;
    if (kind !== this.options.kind) throw new UntrustedContent(`expected kind "${this.options.kind}", found "${kind}"`);
    if (schemaVersion > this.options.version) {
      throw new UntrustedContent(`schema version ${schemaVersion} is newer than the supported version ${this.options.version}`);
    }
    let data = envelope.data.data;
    for (let version = schemaVersion; version < this.options.version; version += 1) {
      const migrate = this.options.migrations?.[version];
      if (migrate === undefined) {
        throw new StoreError(this.path, 'migrate', `No migration of "${kind}" documents from version ${version} to ${version + 1}`, {
          code: 'store_migration_missing',
        });
      }
      try {
        data = migrate(data);
      } catch (error) {
        throw new UntrustedContent(`migration from version ${version} failed: ${describe(error)}`, { cause: error });
      }
    }
    const parsed = this.options.schema.safeParse(data);
    if (!parsed.success) throw new UntrustedContent(validationErrorFrom(`${kind} document`, parsed.error).message, { cause: parsed.error });
    return parsed.data;
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
