import { KanbotsError, type KanbotsErrorOptions } from '../errors.js';

/**
 * Errors of the durable local store. I/O failures are `StoreError`s (the environment's fault:
 * disk full, permissions); a file we cannot trust is a `StoreCorruptError` and has already been
 * moved aside when it is thrown; a data directory another live process holds is a
 * `DataDirLockedError`.
 */

export type StoreOperation = 'read' | 'write' | 'rename' | 'remove' | 'lock' | 'migrate';

/** Reading or writing a store file failed for a reason other than its content. */
export class StoreError extends KanbotsError {
  override readonly name: string = 'StoreError';
  constructor(
    readonly path: string,
    readonly operation: StoreOperation,
    message: string,
    options: KanbotsErrorOptions & { code?: string } = {},
  ) {
    super(options.code ?? 'store_io', message, { ...options, details: { ...options.details, path, operation } });
  }
}

/** A store file could not be trusted; it was moved to `movedTo` (never overwritten) before this was thrown. */
export class StoreCorruptError extends KanbotsError {
  override readonly name = 'StoreCorruptError';
  constructor(
    readonly path: string,
    readonly movedTo: string,
    readonly reason: string,
    options: KanbotsErrorOptions = {},
  ) {
    super('store_corrupt', `The file ${path} could not be read (${reason}); it was moved aside to ${movedTo}`, {
      ...options,
      details: { ...options.details, path, movedTo, reason },
    });
  }
}

/** The content of the lock file of a data directory. */
export interface DataDirLockOwner {
  pid: number;
  hostname: string;
  /** Milliseconds since the epoch. */
  startedAt: number;
}

/** Another Kanbots process (alive, or on another host) holds the data directory. */
export class DataDirLockedError extends KanbotsError {
  override readonly name = 'DataDirLockedError';
  constructor(
    readonly dataDir: string,
    readonly lockPath: string,
    readonly owner: DataDirLockOwner,
    options: KanbotsErrorOptions = {},
  ) {
    super(
      'data_dir_locked',
      `The Kanbots data directory ${dataDir} is in use by process ${owner.pid} on ${owner.hostname} ` +
        `(since ${new Date(owner.startedAt).toISOString()}). Close that Kanbots first, or use another data ` +
        `directory (KANBOTS_HOME). If no Kanbots is running there, delete ${lockPath} and try again.`,
      { ...options, details: { ...options.details, dataDir, lockPath, ...owner } },
    );
  }
}
