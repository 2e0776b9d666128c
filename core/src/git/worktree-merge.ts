import { existsSync } from 'node:fs';
import type { GitRunner } from './git-runner.js';
import { BaseBranchNotFoundError, BranchNotFoundError, GitCommandError, MergeBlockedError, MergeConflictError, UnsavedWorkError } from './git-errors.js';
import { nearbyNames } from './nearby-names.js';
import { parseMergeTree } from './parse-merge-tree.js';
import { dirtyPaths } from './parse-status.js';
import { identityConfig, listWorktrees, localBranches, operationInProgress, resolveCommit, worktreeStatus } from './repository-inspection.js';
import type { WorktreeInfo } from './worktree-info.js';

export interface MergeOptions {
  /** Message of the merge commit (default `kanbots: merge <branch> into <base>`). */
  message?: string;
  /** Run the repository's hooks when the base branch moves (`git.runUserHooksOnMerge`); off by default. */
  runHooks?: boolean;
}

export interface MergeResult {
  kind: 'fast-forward' | 'merge-commit' | 'up-to-date';
  branch: string;
  baseBranch: string;
  /** The base branch's tip before the merge. */
  previousCommit: string;
  /** The base branch's tip after the merge. */
  commit: string;
  /** The checkout whose working tree was fast-forwarded because it had the base checked out. */
  updatedCheckout?: string;
}

/**
 * Merges a card's branch into its base without touching anyone's uncommitted work.
 *
 * The merge itself never uses a checkout: `git merge-tree --write-tree` computes the result and
 * `git commit-tree` records it. Then the base branch is moved:
 * - base checked out nowhere → `git update-ref` (compare-and-swap on the old tip);
 * - base checked out in a clean checkout → `git merge --ff-only` there, so its files follow;
 * - base checked out in a checkout with uncommitted changes or an operation in progress (or
 *   being rebased) → `MergeBlockedError`, nothing changed.
 * Conflicts → `MergeConflictError`; no ref, file, index or MERGE_HEAD is changed anywhere.
 */
export async function mergeWorktree(git: GitRunner, worktree: WorktreeInfo, options: MergeOptions = {}): Promise<MergeResult> {
  const repository = worktree.repository;
  const baseRef = `refs/heads/${worktree.baseBranch}`;
  const base = await resolveCommit(git, repository, baseRef);
  if (base === undefined) {
    throw new BaseBranchNotFoundError(worktree.baseBranch, nearbyNames(worktree.baseBranch, await localBranches(git, repository)));
  }
  const tip = await resolveCommit(git, repository, `refs/heads/${worktree.branch}`);
  if (tip === undefined) throw new BranchNotFoundError(worktree.branch);
  if (worktree.state === 'active' && existsSync(worktree.path)) {
    const dirty = dirtyPaths(await worktreeStatus(git, worktree.path));
    if (dirty.length > 0) throw new UnsavedWorkError(worktree.id, dirty, [], 'merge while the worktree has uncommitted changes (commit them first)');
  }
  const summary = { branch: worktree.branch, baseBranch: worktree.baseBranch, previousCommit: base };
  // Already merged — the card's commits are in the base, or the base has exactly its files (a
  // squash, or a merge that landed before a crash): merging again changes nothing and says so.
  if (await isAncestor(git, repository, tip, base)) return { ...summary, kind: 'up-to-date', commit: base };
  if ((await treeOf(git, repository, base)) === (await treeOf(git, repository, tip))) return { ...summary, kind: 'up-to-date', commit: base };

  let commit = tip;
  let kind: MergeResult['kind'] = 'fast-forward';
  if (!(await isAncestor(git, repository, base, tip))) {
    const result = await git.run(repository, ['merge-tree', '--write-tree', '-z', '--name-only', '--no-messages', base, tip], { allowExitCodes: [1] });
    const merged = parseMergeTree(result.stdout, result.exitCode);
    if (!merged.clean) throw new MergeConflictError(worktree.branch, worktree.baseBranch, merged.conflictedFiles);
    const message = options.message ?? `kanbots: merge ${worktree.branch} into ${worktree.baseBranch}`;
    const config = await identityConfig(git, repository);
    commit = await git.line(repository, ['commit-tree', merged.tree, '-p', base, '-p', tip, '-m', message], { config });
    kind = 'merge-commit';
  }
  const updatedCheckout = await moveBaseBranch(git, worktree, base, commit, options.runHooks === true);
  return updatedCheckout === undefined ? { ...summary, kind, commit } : { ...summary, kind, commit, updatedCheckout };
}

async function treeOf(git: GitRunner, repository: string, commit: string): Promise<string> {
  return git.line(repository, ['rev-parse', `${commit}^{tree}`]);
}

async function isAncestor(git: GitRunner, repository: string, ancestor: string, descendant: string): Promise<boolean> {
  const result = await git.run(repository, ['merge-base', ancestor, descendant], { allowExitCodes: [1] });
  return result.exitCode === 0 && result.stdout.trim() === ancestor;
}

/** Moves the base branch from `from` to `to`; returns the checkout it fast-forwarded, if any. */
async function moveBaseBranch(git: GitRunner, worktree: WorktreeInfo, from: string, to: string, runHooks: boolean): Promise<string | undefined> {
  const baseRef = `refs/heads/${worktree.baseBranch}`;
  const checkouts = (await listWorktrees(git, worktree.repository)).filter((entry) => !entry.prunable && !entry.bare && existsSync(entry.path));
  for (const entry of checkouts.filter((candidate) => candidate.detached)) {
    const operation = await operationInProgress(git, entry.path);
    if (operation?.branch === baseRef) throw new MergeBlockedError(worktree.baseBranch, entry.path, `the branch is being rebased there`);
  }
  const holder = checkouts.find((entry) => entry.branch === baseRef);
  if (holder === undefined) {
    await git.run(worktree.repository, ['update-ref', '-m', `kanbots: merge ${worktree.branch}`, baseRef, to, from], { runHooks });
    return undefined;
  }
  const operation = await operationInProgress(git, holder.path);
  if (operation !== undefined) throw new MergeBlockedError(worktree.baseBranch, holder.path, `a ${operation.operation} is in progress there`);
  const status = await worktreeStatus(git, holder.path);
  const changed = [...new Set([...status.staged, ...status.unstaged, ...status.conflicted])];
  if (changed.length > 0) {
    throw new MergeBlockedError(worktree.baseBranch, holder.path, `it has uncommitted changes (${changed.join(', ')}); commit or stash them, then merge again`);
  }
  try {
    await git.run(holder.path, ['merge', '--ff-only', '--quiet', to], { runHooks });
  } catch (error) {
    const reason = error instanceof GitCommandError ? error.stderr.trim() : String(error);
    throw new MergeBlockedError(worktree.baseBranch, holder.path, `fast-forwarding the checkout failed: ${reason}`, { cause: error });
  }
  return holder.path;
}
