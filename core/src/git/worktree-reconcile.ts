import { existsSync } from 'node:fs';
import { sep } from 'node:path';
import type { GitRunner } from './git-runner.js';
import { listWorktrees } from './repository-inspection.js';
import { shortBranchName } from './parse-worktree-list.js';
import { cardBranchPrefix } from './worktree-naming.js';
import type { WorktreeInfo, WorktreeRegistryContent } from './worktree-info.js';

export interface OrphanedWorktree {
  repository: string;
  path: string;
  branch: string | undefined;
  /** Registry id and card, when the registry knows the worktree. */
  worktreeId?: string;
  cardId?: string;
  reason: 'unknown-card' | 'not-in-registry';
}

export interface OrphanedBranch {
  repository: string;
  branch: string;
  commit: string;
}

export interface PrunedWorktree {
  repository: string;
  path: string;
  reason: string | undefined;
}

export interface ReconcileOptions {
  /**
   * Whether a run uses (or is about to adopt) this registered worktree. Given, every live
   * worktree with an owner for which it says no is listed in `unused`.
   */
  inUse?: (worktree: WorktreeInfo) => boolean;
}

/** What startup found. Only `pruned` was acted on (git's own metadata); everything else is a list for the user. */
export interface ReconcileReport {
  orphanedWorktrees: OrphanedWorktree[];
  orphanedBranches: OrphanedBranch[];
  /** Registry entries whose directory vanished, now recorded with state `missing`. */
  missing: WorktreeInfo[];
  pruned: PrunedWorktree[];
  /** Registered worktrees made for a run that no run uses (a crash before the run recorded them). Listed, never removed. */
  unused: WorktreeInfo[];
}

/**
 * Compares the registry with what git and the disk say. Mutates `content` (states become
 * `missing`) and returns the report. Never deletes a directory or a branch; runs
 * `git worktree prune` only when git itself lists a worktree as prunable.
 */
export async function reconcileRegistry(
  git: GitRunner,
  content: WorktreeRegistryContent,
  worktreesRoot: string,
  knownCardIds: readonly string[],
  options: ReconcileOptions = {},
): Promise<ReconcileReport> {
  const known = new Set(knownCardIds);
  const report: ReconcileReport = { orphanedWorktrees: [], orphanedBranches: [], missing: [], pruned: [], unused: [] };
  for (const worktree of content.worktrees) {
    if (worktree.state === 'removed') continue;
    if (worktree.owner !== undefined && options.inUse !== undefined && !options.inUse(worktree)) report.unused.push({ ...worktree });
    if (worktree.state === 'active' && !existsSync(worktree.path)) worktree.state = 'missing';
    if (worktree.state === 'missing') report.missing.push({ ...worktree });
    if (!known.has(worktree.cardId)) {
      report.orphanedWorktrees.push({
        repository: worktree.repository,
        path: worktree.path,
        branch: worktree.branch,
        worktreeId: worktree.id,
        cardId: worktree.cardId,
        reason: 'unknown-card',
      });
    }
  }
  for (const repository of content.repositories) {
    if (!existsSync(repository)) continue;
    const entries = await listWorktrees(git, repository);
    const registeredPaths = new Set([...content.worktrees, ...content.pool].filter((entry) => entry.repository === repository).map((entry) => entry.path));
    for (const entry of entries) {
      if (entry.prunable || registeredPaths.has(entry.path) || !entry.path.startsWith(worktreesRoot + sep)) continue;
      report.orphanedWorktrees.push({
        repository,
        path: entry.path,
        branch: entry.branch === undefined ? undefined : shortBranchName(entry.branch),
        reason: 'not-in-registry',
      });
    }
    const prunable = entries.filter((entry) => entry.prunable && !entry.locked);
    if (prunable.length > 0) {
      await git.run(repository, ['worktree', 'prune']);
      const remaining = new Set((await listWorktrees(git, repository)).map((entry) => entry.path));
      for (const entry of prunable.filter((candidate) => !remaining.has(candidate.path))) {
        report.pruned.push({ repository, path: entry.path, reason: entry.prunableReason });
      }
    }
    const registeredBranches = new Set(content.worktrees.filter((entry) => entry.repository === repository).map((entry) => entry.branch));
    const refs = await git.text(repository, ['for-each-ref', '--format=%(refname)%00%(objectname)', `refs/heads/${cardBranchPrefix}`]);
    for (const line of refs.split('\n').filter((row) => row !== '')) {
      const [reference = '', commit = ''] = line.split('\0');
      const branch = shortBranchName(reference);
      if (!registeredBranches.has(branch)) report.orphanedBranches.push({ repository, branch, commit });
    }
  }
  return report;
}
