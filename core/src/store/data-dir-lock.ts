import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import { hostname as osHostname } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { DataDirLockedError, StoreError, type DataDirLockOwner } from './store-errors.js';

/**
 * One Kanbots process per data directory. The lock is a file `kanbots.lock` holding
 * `{ pid, hostname, startedAt }`, created exclusively (`wx`). A lock whose process is gone (same
 * host, pid not alive) is stale and taken over; a live one — or one held from another host,
 * which we cannot check — is refused with a `DataDirLockedError` that says how to proceed.
 */

export const LOCK_FILE_NAME = 'kanbots.lock';

export interface DataDirLock {
  readonly dataDir: string;
  readonly lockPath: string;
  readonly owner: DataDirLockOwner;
  /** Removes the lock file if it is still ours. Safe to call more than once. */
  release(): Promise<void>;
}

export interface AcquireDataDirLockOptions {
  /** Milliseconds since the epoch written as `startedAt` (defaults to now). */
  now?: () => number;
}

const ownerSchema = z.object({
  pid: z.number().int().positive(),
  hostname: z.string(),
  startedAt: z.number(),
});

/** Delay before re-reading an unreadable lock file: its writer may be between creating and filling it. */
const UNREADABLE_LOCK_RETRY_MS = 200;
const MAX_ATTEMPTS = 5;

/** Lock files this process holds: a lock naming our own pid but not in here was left by an earlier process that had the same pid (common in containers). */
const heldByThisProcess = new Set<string>();

export async function acquireDataDirLock(requestedDataDir: string, options: AcquireDataDirLockOptions = {}): Promise<DataDirLock> {
  const dataDir = resolve(requestedDataDir);
  const lockPath = join(dataDir, LOCK_FILE_NAME);
  const owner: DataDirLockOwner = { pid: process.pid, hostname: osHostname(), startedAt: (options.now ?? Date.now)() };
  try {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new StoreError(dataDir, 'lock', `Could not create the data directory ${dataDir}: ${describe(error)}`, { cause: error });
  }
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    if (await tryCreateLockFile(lockPath, owner)) {
      heldByThisProcess.add(lockPath);
      return createLockHandle(dataDir, lockPath, owner);
    }
    const holder = await readOwnerPatiently(lockPath);
    if (holder === 'missing') continue; // released meanwhile: try again
    if (holder !== 'unreadable' && isHeldByLiveProcess(lockPath, holder)) throw new DataDirLockedError(dataDir, lockPath, holder);
    // Stale (its process is gone) or unreadable (its writer crashed): take it over, if nobody else did first.
    const current = await readOwner(lockPath);
    if (current === 'missing' || sameContent(current, holder)) await unlink(lockPath).catch(() => undefined);
  }
  throw new StoreError(lockPath, 'lock', `Could not take the lock ${lockPath}: it kept changing hands`, { code: 'store_lock_contended' });
}

/** Who holds the data directory, if anyone (for diagnostics; does not judge staleness). */
export async function readDataDirLockOwner(dataDir: string): Promise<DataDirLockOwner | undefined> {
  const owner = await readOwner(join(dataDir, LOCK_FILE_NAME));
  return owner === 'missing' || owner === 'unreadable' ? undefined : owner;
}

async function tryCreateLockFile(lockPath: string, owner: DataDirLockOwner): Promise<boolean> {
  let handle;
  try {
    handle = await open(lockPath, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new StoreError(lockPath, 'lock', `Could not create the lock ${lockPath}: ${describe(error)}`, { cause: error });
  }
  try {
    await handle.writeFile(`${JSON.stringify(owner)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}

function createLockHandle(dataDir: string, lockPath: string, owner: DataDirLockOwner): DataDirLock {
  let released = false;
  return {
    dataDir,
    lockPath,
    owner,
    async release() {
      if (released) return;
      released = true;
      heldByThisProcess.delete(lockPath);
      const current = await readOwner(lockPath);
      if (current !== 'missing' && current !== 'unreadable' && sameContent(current, owner)) {
        await unlink(lockPath).catch((error: unknown) => {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
            throw new StoreError(lockPath, 'remove', `Could not remove the lock ${lockPath}: ${describe(error)}`, { cause: error });
          }
        });
      }
    },
  };
}

async function readOwner(lockPath: string): Promise<DataDirLockOwner | 'missing' | 'unreadable'> {
  let text: string;
  try {
    text = await readFile(lockPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw new StoreError(lockPath, 'lock', `Could not read the lock ${lockPath}: ${describe(error)}`, { cause: error });
  }
  try {
    const parsed = ownerSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

async function readOwnerPatiently(lockPath: string): Promise<DataDirLockOwner | 'missing' | 'unreadable'> {
  const first = await readOwner(lockPath);
  if (first !== 'unreadable') return first;
  await sleep(UNREADABLE_LOCK_RETRY_MS);
  return readOwner(lockPath);
}

function isHeldByLiveProcess(lockPath: string, owner: DataDirLockOwner): boolean {
  if (owner.hostname !== osHostname()) return true; // cannot check another host: assume alive
  if (owner.pid === process.pid) return heldByThisProcess.has(lockPath);
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, owned by another user
  }
}

function sameContent(current: DataDirLockOwner | 'unreadable', expected: DataDirLockOwner | 'unreadable'): boolean {
  if (current === 'unreadable' || expected === 'unreadable') return current === expected;
  return current.pid === expected.pid && current.hostname === expected.hostname && current.startedAt === expected.startedAt;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
