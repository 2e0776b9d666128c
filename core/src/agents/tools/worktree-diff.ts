import { lstat } from 'node:fs/promises';
import { devNull } from 'node:os';
import { GitRunner } from '../../git/git-runner.js';
import { openInsideWorktree } from './confined-open.js';
import { decodeUtf8, looksBinary, maxReadableFileBytes } from './file-content.js';
import { unifiedFileDiff } from './unified-diff.js';
import { resolveInsideWorktree } from './worktree-paths.js';

/**
 * The diff of a worktree against HEAD, untracked files included, without touching the index:
 * `git diff <HEAD or the empty tree>` for tracked files, plus a `/dev/null` diff made with jsdiff
 * for every untracked, not ignored file.
 */

/** Kanbots' hardened git (no hooks, fsmonitor or repository filter drivers run; no keys in its environment). */
const gitRunner = new GitRunner();

function git(root: string, args: string[]): Promise<string> {
  return gitRunner.text(root, args, { config: ['core.quotepath=off'], environment: { GIT_OPTIONAL_LOCKS: '0' } });
}

async function baseRevision(root: string): Promise<string> {
  try {
    return (await git(root, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'])).trim();
  } catch {
    // No commit yet: diff against the empty tree.
    return (await git(root, ['hash-object', '-t', 'tree', devNull])).trim();
  }
}

async function untrackedFileDiff(root: string, relativePath: string): Promise<string> {
  let absolutePath: string;
  try {
    absolutePath = await resolveInsideWorktree(root, relativePath);
  } catch {
    return `Untracked ${relativePath}: not shown (not a plain file inside the worktree)\n`;
  }
  const info = await lstat(absolutePath);
  if (info.isSymbolicLink()) return `Untracked symbolic link ${relativePath}\n`;
  if (!info.isFile()) return '';
  if (info.size > maxReadableFileBytes) return `Untracked ${relativePath}: ${info.size} bytes, too large to show\n`;
  const handle = await openInsideWorktree(root, absolutePath, { purpose: 'read', requested: relativePath }).catch(() => undefined);
  if (!handle) return `Untracked ${relativePath}: not shown (it changed while it was read)\n`;
  let bytes: Buffer;
  try {
    const opened = await handle.stat();
    if (!opened.isFile() || opened.nlink > 1 || opened.size > maxReadableFileBytes) return `Untracked ${relativePath}: not shown (not a plain file inside the worktree)\n`;
    bytes = await handle.readFile();
  } finally {
    await handle.close();
  }
  if (looksBinary(bytes)) return `Binary file ${relativePath} added\n`;
  return unifiedFileDiff(relativePath, undefined, decodeUtf8(bytes));
}

export interface WorktreeDiff {
  diff: string;
  trackedChanged: boolean;
  untrackedFiles: string[];
}

/** `root` must be the real path of a git worktree. */
export async function worktreeDiff(root: string): Promise<WorktreeDiff> {
  const base = await baseRevision(root);
  const tracked = await git(root, ['diff', '--no-color', '--no-ext-diff', '--no-textconv', base, '--']);
  const untrackedFiles = (await git(root, ['ls-files', '--others', '--exclude-standard', '-z'])).split('\0').filter((name) => name !== '');
  const parts = [tracked];
  for (const file of untrackedFiles) parts.push(await untrackedFileDiff(root, file));
  return { diff: parts.filter((part) => part !== '').join(''), trackedChanged: tracked !== '', untrackedFiles };
}
