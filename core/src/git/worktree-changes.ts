import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GitRunner } from './git-runner.js';
import { parseDiffStats, type DiffFileStat } from './parse-diff-stats.js';
import { dirtyPaths } from './parse-status.js';
import { gitPath, identityConfig, resolveCommit, worktreeStatus } from './repository-inspection.js';
import type { WorktreeInfo } from './worktree-info.js';

/** What a card shows about its worktree's uncommitted work and its position against the base. */
export interface WorktreeStatus {
  id: string;
  branch: string;
  baseBranch: string;
  clean: boolean;
  staged: string[];
  unstaged: string[];
  untracked: string[];
  conflicted: string[];
  /** Commits on the card's branch not on the base branch. */
  ahead: number;
  /** Commits on the base branch not on the card's branch. */
  behind: number;
}

export interface DiffOptions {
  /** Include staged, unstaged and untracked changes (default true); otherwise only commits. */
  includeUncommitted?: boolean;
  /** Lines of context around each change (git's default, 3, when absent): the card page's "whole files" asks for many. */
  contextLines?: number;
}

function contextFlag(options: DiffOptions): string[] {
  return options.contextLines === undefined ? [] : [`-U${Math.max(0, Math.floor(options.contextLines))}`];
}

export interface WorktreeDiff {
  /** The merge base of the card's branch and its base branch: what the diff is against. */
  mergeBase: string;
  /** Unified diff text. */
  text: string;
  files: DiffFileStat[];
}

export interface CommitResult {
  committed: boolean;
  /** The branch tip after the call. */
  commit: string;
  files: string[];
}

/** The base branch, or the recorded base commit if the branch has since been deleted. */
export async function baseReference(git: GitRunner, worktree: WorktreeInfo): Promise<string> {
  const exists = await resolveCommit(git, worktree.repository, `refs/heads/${worktree.baseBranch}`);
  return exists === undefined ? worktree.baseCommit : `refs/heads/${worktree.baseBranch}`;
}

export async function readWorktreeStatus(git: GitRunner, worktree: WorktreeInfo): Promise<WorktreeStatus> {
  const parsed = await worktreeStatus(git, worktree.path);
  const base = await baseReference(git, worktree);
  const counts = await git.line(worktree.path, ['rev-list', '--left-right', '--count', `${base}...HEAD`]);
  const [behind = '0', ahead = '0'] = counts.split(/\s+/);
  return {
    id: worktree.id,
    branch: worktree.branch,
    baseBranch: worktree.baseBranch,
    clean: dirtyPaths(parsed).length === 0,
    ...parsed,
    ahead: Number(ahead),
    behind: Number(behind),
  };
}

const diffFlags = ['--no-color', '--no-ext-diff', '--no-textconv', '-M'];

/**
 * Diff against the merge base. Uncommitted work (untracked files too) is diffed through a
 * temporary copy of the worktree's index, so the agent's real index is never touched.
 */
export async function readWorktreeDiff(git: GitRunner, worktree: WorktreeInfo, options: DiffOptions = {}): Promise<WorktreeDiff> {
  const base = await baseReference(git, worktree);
  const mergeBase = await git.line(worktree.path, ['merge-base', base, 'HEAD']);
  if (options.includeUncommitted === false) {
    const text = await git.text(worktree.path, ['diff', ...diffFlags, ...contextFlag(options), mergeBase, 'HEAD', '--']);
    const stats = await git.text(worktree.path, ['diff', ...diffFlags, '--raw', '--numstat', '-z', mergeBase, 'HEAD', '--']);
    return { mergeBase, text, files: parseDiffStats(stats) };
  }
  if (dirtyPaths(await worktreeStatus(git, worktree.path)).length === 0) return readWorktreeDiff(git, worktree, { ...options, includeUncommitted: false });
  const scratch = await mkdtemp(join(tmpdir(), 'kanbots-diff-'));
  try {
    const temporaryIndex = join(scratch, 'index');
    await copyFile(await gitPath(git, worktree.path, 'index'), temporaryIndex).catch(() => undefined);
    const environment = { GIT_INDEX_FILE: temporaryIndex };
    await git.run(worktree.path, ['add', '--all', '--', '.'], { environment });
    const text = await git.text(worktree.path, ['diff', '--cached', ...diffFlags, ...contextFlag(options), mergeBase, '--'], { environment });
    const stats = await git.text(worktree.path, ['diff', '--cached', ...diffFlags, '--raw', '--numstat', '-z', mergeBase, '--'], { environment });
    return { mergeBase, text, files: parseDiffStats(stats) };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** What a merge brought into the base branch: `from` (its tip before) to `to` (after), read in the repository itself. */
export async function readCommitRangeDiff(git: GitRunner, repository: string, from: string, to: string, options: Pick<DiffOptions, 'contextLines'> = {}): Promise<WorktreeDiff> {
  const text = await git.text(repository, ['diff', ...diffFlags, ...contextFlag(options), from, to, '--']);
  const stats = await git.text(repository, ['diff', ...diffFlags, '--raw', '--numstat', '-z', from, to, '--']);
  return { mergeBase: from, text, files: parseDiffStats(stats) };
}

export interface CommitOptions {
  /**
   * Run the repository's commit hooks (the user merging on purpose with
   * `git.runUserHooksOnMerge` on). Otherwise Kanbots' commits run no hook: `--no-verify`, and
   * the hooks folder is switched off for the whole call.
   */
  runHooks?: boolean;
}

/** Commits everything (untracked files included); a no-op result when there is nothing to commit. */
export async function commitAll(git: GitRunner, worktree: WorktreeInfo, message: string, options: CommitOptions = {}): Promise<CommitResult> {
  const files = dirtyPaths(await worktreeStatus(git, worktree.path));
  if (files.length > 0) {
    const runHooks = options.runHooks === true;
    await git.run(worktree.path, ['add', '--all', '--verbose', '--', '.'], { runHooks });
    const config = await identityConfig(git, worktree.path);
    const flags = runHooks ? [] : ['--no-verify'];
    await git.run(worktree.path, ['commit', ...flags, '-m', message], { config, runHooks });
  }
  const commit = await git.line(worktree.path, ['rev-parse', 'HEAD']);
  return { committed: files.length > 0, commit, files };
}
