import { constants, existsSync, type Dirent } from 'node:fs';
import { mkdir, open, readdir, readlink, realpath, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { PathOutsideWorktreeError } from './tool-errors.js';
import { isPathInside } from './worktree-paths.js';

/**
 * Opening files of the worktree so that a symlink swapped in at any moment cannot redirect the
 * open outside it (the check-then-open race).
 *
 * On Linux each component is opened relative to the directory opened before it, never following
 * a link: Node has no `openat`, but `/proc/self/fd/<dir fd>/<name>` is resolved by the kernel
 * from the directory the fd holds (a "magic link", not a path looked up again), so opening it
 * with O_NOFOLLOW (and O_DIRECTORY for directories) is `openat(dirfd, name, O_NOFOLLOW)`. A
 * component that is a symlink by then fails with ELOOP/ENOTDIR and the tool refuses the path.
 * The final fd is checked once more: its real path (`/proc/self/fd/<fd>`) must be inside the
 * worktree. Files are opened O_NONBLOCK, so a FIFO swapped in cannot hang the tool.
 *
 * Elsewhere (macOS, Windows, a Linux without /proc) the path is opened as a whole with O_NOFOLLOW
 * where the platform has it, and the open file is then verified: the path must still resolve
 * inside the worktree to the same file (device and inode) the tool holds. That narrows the race
 * to a swap and a swap back between two system calls; it does not close it.
 */

export type ConfinedOpenPurpose = 'read' | 'write';

const noFollow = constants.O_NOFOLLOW ?? 0;
const nonBlocking = constants.O_NONBLOCK ?? 0;
const directoryFlag = constants.O_DIRECTORY ?? 0;

let procWalk: boolean | undefined;
/** True where components can be opened relative to a directory fd through /proc/self/fd. */
export function canWalkByDirectoryFd(): boolean {
  procWalk ??= process.platform === 'linux' && existsSync('/proc/self/fd');
  return procWalk;
}

function fdPath(handle: FileHandle, name?: string): string {
  return name === undefined ? `/proc/self/fd/${handle.fd}` : `/proc/self/fd/${handle.fd}/${name}`;
}

function changed(requested: string, cause?: unknown): PathOutsideWorktreeError {
  return new PathOutsideWorktreeError(
    requested,
    'path_changed',
    `Path "${requested}" changed while it was opened (a part of it is now a symbolic link or not a directory); it was not touched.`,
    cause === undefined ? {} : { cause },
  );
}

const isLinkError = (error: unknown): boolean => ['ELOOP', 'ENOTDIR', 'EMLINK'].includes((error as NodeJS.ErrnoException | undefined)?.code ?? '');

function componentsOf(root: string, absolutePath: string): string[] {
  if (!isPathInside(root, absolutePath)) throw changed(absolutePath);
  const relative = path.relative(root, absolutePath);
  return relative === '' ? [] : relative.split(path.sep);
}

function fileFlags(purpose: ConfinedOpenPurpose): number {
  return purpose === 'read'
    ? constants.O_RDONLY | noFollow | nonBlocking
    : constants.O_WRONLY | constants.O_CREAT | noFollow | nonBlocking;
}

async function verifyInside(root: string, handle: FileHandle, requested: string): Promise<void> {
  const target = await readlink(fdPath(handle)).catch(() => undefined);
  if (target === undefined || !isPathInside(root, target)) throw changed(requested);
}

async function openDirectoryIn(parent: FileHandle, name: string, requested: string, create: boolean): Promise<FileHandle> {
  const flags = constants.O_RDONLY | directoryFlag | noFollow;
  try {
    return await open(fdPath(parent, name), flags);
  } catch (error) {
    if (isLinkError(error)) throw changed(requested, error);
    if (!create || (error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(fdPath(parent, name)).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  return open(fdPath(parent, name), flags).catch((error: unknown) => {
    throw isLinkError(error) ? changed(requested, error) : error;
  });
}

/** Opens the directory `root/components…` one component at a time (Linux). */
async function walkDirectories(root: string, components: readonly string[], requested: string, create: boolean): Promise<FileHandle> {
  let current = await open(root, constants.O_RDONLY | directoryFlag);
  try {
    for (const name of components) {
      const next = await openDirectoryIn(current, name, requested, create);
      await current.close();
      current = next;
    }
    return current;
  } catch (error) {
    await current.close();
    throw error;
  }
}

/** Checks, where there is no fd walk, that the open file is the one the path names inside the worktree. */
async function verifySameFile(root: string, absolutePath: string, handle: FileHandle, requested: string): Promise<void> {
  const [opened, resolved] = await Promise.all([handle.stat(), realpath(absolutePath).catch(() => undefined)]);
  if (resolved === undefined || !isPathInside(root, resolved)) throw changed(requested);
  const named = await stat(resolved);
  if (named.dev !== opened.dev || named.ino !== opened.ino) throw changed(requested);
}

export interface ConfinedOpenOptions {
  purpose: ConfinedOpenPurpose;
  /** For writes: create missing parent directories (inside the worktree, without following links). */
  createParents?: boolean;
  /** The path as the model gave it, for error messages. */
  requested?: string;
}

/**
 * Opens `absolutePath` (already resolved inside `root`, both real) for reading or writing
 * (created if missing, not truncated). The caller closes the handle.
 */
export async function openInsideWorktree(root: string, absolutePath: string, options: ConfinedOpenOptions): Promise<FileHandle> {
  const requested = options.requested ?? absolutePath;
  const components = componentsOf(root, absolutePath);
  if (components.length === 0) throw changed(requested);
  if (!canWalkByDirectoryFd()) {
    if (options.createParents) await mkdir(path.dirname(absolutePath), { recursive: true });
    const handle = await open(absolutePath, fileFlags(options.purpose), 0o666).catch((error: unknown) => {
      throw isLinkError(error) ? changed(requested, error) : error;
    });
    await verifySameFile(root, absolutePath, handle, requested).catch(async (error: unknown) => {
      await handle.close();
      throw error;
    });
    return handle;
  }
  const directory = await walkDirectories(root, components.slice(0, -1), requested, options.createParents ?? false);
  let handle: FileHandle;
  try {
    handle = await open(fdPath(directory, components.at(-1)!), fileFlags(options.purpose), 0o666).catch((error: unknown) => {
      throw isLinkError(error) ? changed(requested, error) : error;
    });
  } finally {
    await directory.close();
  }
  await verifyInside(root, handle, requested).catch(async (error: unknown) => {
    await handle.close();
    throw error;
  });
  return handle;
}

/** A directory of the worktree held open: its entries, its subdirectories and files, never through a link. */
export interface ConfinedDirectory {
  readonly path: string;
  entries(): Promise<Dirent[]>;
  directory(name: string): Promise<ConfinedDirectory>;
  openFile(name: string): Promise<FileHandle>;
  close(): Promise<void>;
}

function fdDirectory(root: string, handle: FileHandle, directoryPath: string): ConfinedDirectory {
  return {
    path: directoryPath,
    entries: () => readdir(fdPath(handle), { withFileTypes: true }),
    async directory(name) {
      const child = await openDirectoryIn(handle, name, path.join(directoryPath, name), false);
      return fdDirectory(root, child, path.join(directoryPath, name));
    },
    async openFile(name) {
      const requested = path.join(directoryPath, name);
      const file = await open(fdPath(handle, name), fileFlags('read')).catch((error: unknown) => {
        throw isLinkError(error) ? changed(requested, error) : error;
      });
      await verifyInside(root, file, requested).catch(async (error: unknown) => {
        await file.close();
        throw error;
      });
      return file;
    },
    close: () => handle.close(),
  };
}

function pathDirectory(root: string, directoryPath: string): ConfinedDirectory {
  return {
    path: directoryPath,
    entries: () => readdir(directoryPath, { withFileTypes: true }),
    async directory(name) {
      const child = path.join(directoryPath, name);
      const resolved = await realpath(child);
      if (resolved !== child || !isPathInside(root, resolved)) throw changed(child);
      return pathDirectory(root, child);
    },
    openFile: (name) => openInsideWorktree(root, path.join(directoryPath, name), { purpose: 'read' }),
    close: async () => undefined,
  };
}

/** Opens a directory of the worktree (`absolutePath` resolved inside `root`, both real). */
export async function openDirectoryInsideWorktree(root: string, absolutePath: string, requested = absolutePath): Promise<ConfinedDirectory> {
  const components = componentsOf(root, absolutePath);
  if (!canWalkByDirectoryFd()) {
    const resolved = await realpath(absolutePath);
    if (resolved !== absolutePath || !(await stat(resolved)).isDirectory()) throw changed(requested);
    return pathDirectory(root, absolutePath);
  }
  return fdDirectory(root, await walkDirectories(root, components, requested, false), absolutePath);
}
