import { resolve } from 'node:path';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js';
import { securePermissions } from './data-dir-permissions.js';
import { resolveDataDir } from './data-dir.js';

/** A data directory this process holds the lock of. */
export interface KanbotsDataDir {
  dataDir: string;
  lock: DataDirLock;
  /** Paths whose permissions could not be narrowed to the user only (for a warning). */
  permissionProblems: string[];
}

/**
 * What a host does first: resolve the data directory (unless given), create it and take its lock.
 * A second live process is refused with a `DataDirLockedError`. The directory and Kanbots' records
 * in it are made readable by the user only (0700 / 0600). Release with `lock.release()`.
 */
export async function openKanbotsDataDir(dataDir: string = resolveDataDir()): Promise<KanbotsDataDir> {
  const resolved = resolve(dataDir);
  const lock = await acquireDataDirLock(resolved);
  const permissionProblems = await securePermissions(resolved);
  return { dataDir: resolved, lock, permissionProblems };
}
