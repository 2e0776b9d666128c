import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { StoreError } from './store-errors.js';

/**
 * Crash-safe file replacement: write a temp file beside the target (0600 unless told otherwise,
 * in directories created 0700), fsync it, rename it over the target, fsync the directory. A crash at any point leaves either the old or the new file, never a
 * torn one. Temp files a crash leaves behind are named `.<name>.<pid>.<random>.tmp`; readers
 * ignore them and `removeStaleTempFiles` cleans them up.
 */

export interface WriteFileAtomicOptions {
  /** File mode (subject to the umask); default `0o600`: Kanbots' records are the user's alone. */
  mode?: number;
}

/** Error codes of platforms where a directory cannot be opened or fsynced (Windows, some file systems). */
const DIRECTORY_SYNC_UNSUPPORTED = new Set(['EINVAL', 'EISDIR', 'EPERM', 'EACCES', 'EBADF', 'ENOTSUP']);

export async function writeFileAtomic(path: string, data: string | Uint8Array, options: WriteFileAtomicOptions = {}): Promise<void> {
  const directory = dirname(path);
  const temporaryPath = join(directory, temporaryFileName(path));
  try {
    await mkdir(directory, { recursive: true, mode: 0o700 });
    const handle = await open(temporaryPath, 'wx', options.mode ?? 0o600);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporaryPath, path);
  } catch (error) {
    await unlink(temporaryPath).catch(() => undefined);
    throw new StoreError(path, 'write', `Could not write ${path}: ${describe(error)}`, { cause: error });
  }
  await syncDirectory(directory);
}

/** Removes temp files a crashed writer of `path` left behind (not those of writes still running in this process). */
export async function removeStaleTempFiles(path: string): Promise<string[]> {
  const directory = dirname(path);
  const prefix = `.${basename(path)}.`;
  const ownPrefix = `${prefix}${process.pid}.`;
  let names: string[];
  try {
    names = await readdir(directory);
  } catch {
    return [];
  }
  const stale = names.filter((name) => name.startsWith(prefix) && name.endsWith('.tmp') && !name.startsWith(ownPrefix));
  const removed: string[] = [];
  for (const name of stale) {
    const stalePath = join(directory, name);
    try {
      await unlink(stalePath);
      removed.push(stalePath);
    } catch {
      // Another process may have removed it first; nothing to do.
    }
  }
  return removed;
}

/** The name of a temp file for `path` (exported so tests can simulate a crashed writer). */
export function temporaryFileName(path: string, pid: number = process.pid): string {
  return `.${basename(path)}.${pid}.${randomBytes(6).toString('hex')}.tmp`;
}

async function syncDirectory(directory: string): Promise<void> {
  let handle;
  try {
    handle = await open(directory, 'r');
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined || !DIRECTORY_SYNC_UNSUPPORTED.has(code)) {
      throw new StoreError(directory, 'write', `Could not sync directory ${directory}: ${describe(error)}`, { cause: error });
    }
  } finally {
    await handle?.close();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
