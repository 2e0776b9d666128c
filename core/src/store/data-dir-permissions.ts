import { chmod, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The data directory holds the board, settings, run records and agent conversations: readable by
 * the user only. New directories are created 0700 and records 0600 (`writeFileAtomic`, the run
 * files, the activity log); this fixes what an earlier version or another tool left more open:
 * the data directory itself, the records at its top, and everything under `runs/`. Worktrees are
 * the user's own files, so only their folders are closed (the data directory being 0700 already
 * keeps others out); their contents keep their modes (an executable script stays executable).
 * Never fatal: what cannot be changed is returned for a warning. Nothing to do on Windows.
 */

export const PRIVATE_DIRECTORY_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Folders whose whole tree is Kanbots' own records. */
const recordTrees = new Set(['runs']);

export async function securePermissions(dataDir: string, platform: NodeJS.Platform = process.platform): Promise<string[]> {
  if (platform === 'win32') return [];
  const problems: string[] = [];
  await restrict(dataDir, PRIVATE_DIRECTORY_MODE, problems);
  let entries;
  try {
    entries = await readdir(dataDir, { withFileTypes: true });
  } catch {
    return problems;
  }
  for (const entry of entries) {
    const path = join(dataDir, entry.name);
    if (entry.isFile()) await restrict(path, PRIVATE_FILE_MODE, problems);
    else if (entry.isDirectory()) {
      await restrict(path, PRIVATE_DIRECTORY_MODE, problems);
      if (recordTrees.has(entry.name)) await restrictTree(path, problems);
      else await restrictChildDirectories(path, problems);
    }
  }
  return problems;
}

async function restrictTree(directory: string, problems: string[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(directory, { withFileTypes: true, recursive: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile()) await restrict(path, PRIVATE_FILE_MODE, problems);
    else if (entry.isDirectory()) await restrict(path, PRIVATE_DIRECTORY_MODE, problems);
  }
}

async function restrictChildDirectories(directory: string, problems: string[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) if (entry.isDirectory()) await restrict(join(directory, entry.name), PRIVATE_DIRECTORY_MODE, problems);
}

/** Removes group and other permissions (never adds any the owner lacks beyond `mode`). */
async function restrict(path: string, mode: number, problems: string[]): Promise<void> {
  try {
    const current = (await stat(path)).mode & 0o777;
    if ((current & 0o077) === 0) return;
    await chmod(path, current & mode);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') problems.push(path);
  }
}
