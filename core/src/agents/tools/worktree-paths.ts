import { lstat, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { PathOutsideWorktreeError } from './tool-errors.js';

/**
 * Confinement of every path a tool touches to the agent's worktree.
 *
 * Decisions (see docs of `resolveInsideWorktree`):
 * - Paths are resolved relative to the worktree; absolute paths are accepted only when they resolve
 *   inside it. The worktree itself is realpath'd first (temp dirs on macOS are symlinks).
 * - `~` is never expanded: a path starting with `~` is refused with a hint (write `./~name` to mean
 *   a file literally named so). This avoids a model believing it wrote to its home directory.
 * - Symlinks are resolved with realpath: for an existing path the whole path, for a new path its
 *   deepest existing ancestor, so a symlinked parent directory pointing outside is caught. A
 *   dangling symlink or a symlink loop is refused (writing through it could create a file
 *   outside). `/proc/self/root/…`, `/proc/self/cwd`, `//`, `..` are just paths that realpath
 *   resolves; Unicode lookalikes and percent-encodings are just names.
 * - Hard links cannot be told apart by path: a regular file with more than one link may be the
 *   same inode as a file outside, so such files are refused for reading and for writing.
 * - `.git` internals are refused for writes (any component named `.git`, case-insensitively).
 * - NUL bytes are refused.
 * - Between the check and the use a concurrent process could swap a component for a symlink;
 *   commands run one at a time and writes open the file with O_NOFOLLOW, which narrows that window.
 */

export interface ResolveInsideWorktreeOptions {
  /** The path will be created or modified: `.git` internals are refused too. */
  forWrite?: boolean;
}

/** The real (symlink-free) absolute path of the worktree. */
export async function realWorktreeRoot(worktree: string): Promise<string> {
  return realpath(path.resolve(worktree));
}

/** True when `candidate` is `root` or below it (both absolute, already real). */
export function isPathInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  if (relative === '') return true;
  if (path.isAbsolute(relative)) return false;
  return relative !== '..' && !relative.startsWith(`..${path.sep}`);
}

/** A path relative to the worktree root with forward slashes, for text shown to the model. */
export function toWorktreeRelative(root: string, absolute: string): string {
  const relative = path.relative(root, absolute);
  return relative === '' ? '.' : relative.split(path.sep).join('/');
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/**
 * Resolves `requested` against the worktree and returns the real absolute path, or throws
 * `PathOutsideWorktreeError` when the path is not provably inside the worktree.
 */
export async function resolveInsideWorktree(
  worktree: string,
  requested: string,
  options: ResolveInsideWorktreeOptions = {},
): Promise<string> {
  const refuse = (reason: ConstructorParameters<typeof PathOutsideWorktreeError>[1], message: string): never => {
    throw new PathOutsideWorktreeError(requested, reason, message);
  };
  if (requested.includes('\0')) refuse('null_byte', 'Path contains a NUL byte.');
  if (requested.startsWith('~')) {
    refuse('home_expansion', `Path "${requested}" starts with "~", which is not expanded: use a path relative to the worktree root (write "./${requested}" for a file literally named so).`);
  }

  const root = await realWorktreeRoot(worktree);
  const lexical = path.resolve(root, requested === '' ? '.' : requested);

  // Walk up to the deepest ancestor that exists, realpath it, and re-append the missing tail.
  const missing: string[] = [];
  let current = lexical;
  let real: string;
  for (;;) {
    try {
      real = await realpath(current);
      break;
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ELOOP') refuse('unresolvable_symlink', `Path "${requested}" goes through a symbolic link loop.`);
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
      const entry = await lstat(current).catch(() => undefined);
      if (entry) refuse('unresolvable_symlink', `Path "${requested}" goes through a symbolic link whose target does not exist.`);
      const parent = path.dirname(current);
      if (parent === current) throw error;
      missing.unshift(path.basename(current));
      current = parent;
    }
  }
  const resolved = missing.length > 0 ? path.join(real, ...missing) : real;

  if (!isPathInside(root, resolved)) {
    refuse('outside_worktree', `Path "${requested}" is outside the worktree: use a path relative to the worktree root.`);
  }
  if (options.forWrite) {
    const components = path.relative(root, resolved).split(path.sep);
    if (components.some((component) => component.toLowerCase() === '.git')) {
      refuse('git_internals', `Path "${requested}" is inside .git: git internals cannot be written by tools.`);
    }
  }
  if (missing.length === 0) {
    const info = await stat(resolved);
    if (info.isFile() && info.nlink > 1) {
      refuse('hard_link', `Path "${requested}" is a file with ${info.nlink} hard links; it may be shared with a file outside the worktree, so tools do not read or write it.`);
    }
  }
  return resolved;
}
