import { resolve } from 'node:path';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js';
import { resolveDataDir } from './data-dir.js';

/** A data directory this process holds the lock of. */
export interface KanbotsDataDir {
  dataDir: string;
  lock: DataDirLock;
}

/**
 * What a host does first: resolve the data directory (unless given), create it and take its lock.
 * A second live process is refused with a `DataDirLockedError`. Release with `lock.release()`.
 */
export async function openKanbotsDataDir(dataDir: string = resolveDataDir()): Promise<KanbotsDataDir> {
  const resolved = resolve(dataDir);
  const lock = await acquireDataDirLock(resolved);
  return { dataDir: resolved, lock };
}
