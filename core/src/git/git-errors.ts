import { KanbotsError, type KanbotsErrorOptions } from '../errors.js';

/** A git command failed unexpectedly (environment fault: git missing, disk full, corrupt repo…). */
export class GitCommandError extends KanbotsError {
  override readonly name = 'GitCommandError';
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number | undefined,
    readonly stderr: string,
    options: KanbotsErrorOptions = {},
  ) {
    super('git_command_failed', `git ${args.slice(0, 2).join(' ')} failed (exit ${exitCode ?? 'unknown'}): ${stderr.trim()}`, {
      ...options,
      details: { ...options.details, args: [...args], exitCode, stderr: stderr.trim() },
    });
  }
}

/** The path is not inside a git work tree. */
export class NotAGitRepositoryError extends KanbotsError {
  override readonly name = 'NotAGitRepositoryError';
  constructor(readonly path: string, options: KanbotsErrorOptions = {}) {
    super('git_not_a_repository', `"${path}" is not a git repository (or is a bare repository)`, {
      ...options,
      details: { ...options.details, path },
    });
  }
}

/** The repository has no commit yet, so there is nothing to branch from. */
export class EmptyRepositoryError extends KanbotsError {
  override readonly name = 'EmptyRepositoryError';
  constructor(readonly path: string, options: KanbotsErrorOptions = {}) {
    super('git_empty_repository', `The repository at "${path}" has no commits yet; make a first commit before using it`, {
      ...options,
      details: { ...options.details, path },
    });
  }
}

/** The requested base branch does not exist; `nearbyBranches` lists similar names. */
export class BaseBranchNotFoundError extends KanbotsError {
  override readonly name = 'BaseBranchNotFoundError';
  constructor(readonly branch: string, readonly nearbyBranches: readonly string[], options: KanbotsErrorOptions = {}) {
    const hint = nearbyBranches.length > 0 ? `; did you mean ${nearbyBranches.map((name) => `"${name}"`).join(', ')}?` : '';
    super('git_base_branch_not_found', `Base branch "${branch}" does not exist${hint}`, {
      ...options,
      details: { ...options.details, branch, nearbyBranches: [...nearbyBranches] },
    });
  }
}

/** A branch to reuse is checked out in another worktree, and git allows a branch in one place only. */
export class BranchCheckedOutElsewhereError extends KanbotsError {
  override readonly name = 'BranchCheckedOutElsewhereError';
  constructor(readonly branch: string, readonly worktreePath: string, options: KanbotsErrorOptions = {}) {
    super('git_branch_checked_out', `Branch "${branch}" is already checked out at "${worktreePath}"`, {
      ...options,
      details: { ...options.details, branch, worktreePath },
    });
  }
}

/** A branch asked for does not exist. */
export class BranchNotFoundError extends KanbotsError {
  override readonly name = 'BranchNotFoundError';
  constructor(readonly branch: string, options: KanbotsErrorOptions = {}) {
    super('git_branch_not_found', `Branch "${branch}" does not exist`, { ...options, details: { ...options.details, branch } });
  }
}

/** No worktree with this id in the registry. */
export class WorktreeNotFoundError extends KanbotsError {
  override readonly name = 'WorktreeNotFoundError';
  constructor(readonly worktreeId: string, options: KanbotsErrorOptions = {}) {
    super('git_worktree_not_found', `No worktree "${worktreeId}" is known`, { ...options, details: { ...options.details, worktreeId } });
  }
}

/** The worktree is not in a state that allows the operation (e.g. its directory vanished). */
export class WorktreeStateError extends KanbotsError {
  override readonly name = 'WorktreeStateError';
  constructor(readonly worktreeId: string, readonly state: string, message: string, options: KanbotsErrorOptions = {}) {
    super('git_worktree_state', message, { ...options, details: { ...options.details, worktreeId, state } });
  }
}

/** A commit that exists only on the card's branch. */
export interface UnmergedCommit {
  commit: string;
  subject: string;
}

/** The operation would lose work: uncommitted files or commits not merged into the base branch. */
export class UnsavedWorkError extends KanbotsError {
  override readonly name = 'UnsavedWorkError';
  constructor(
    readonly worktreeId: string,
    readonly dirtyFiles: readonly string[],
    readonly unmergedCommits: readonly UnmergedCommit[],
    action: string,
    options: KanbotsErrorOptions = {},
  ) {
    const parts: string[] = [];
    if (dirtyFiles.length > 0) parts.push(`${dirtyFiles.length} uncommitted file(s): ${dirtyFiles.join(', ')}`);
    if (unmergedCommits.length > 0) parts.push(`${unmergedCommits.length} commit(s) not merged into the base branch`);
    super('git_unsaved_work', `Refusing to ${action}: it would lose ${parts.join(' and ')}`, {
      ...options,
      details: { ...options.details, worktreeId, dirtyFiles: [...dirtyFiles], unmergedCommits: [...unmergedCommits] },
    });
  }
}

/** The merge has conflicts; nothing was changed. */
export class MergeConflictError extends KanbotsError {
  override readonly name = 'MergeConflictError';
  constructor(readonly branch: string, readonly baseBranch: string, readonly conflictedFiles: readonly string[], options: KanbotsErrorOptions = {}) {
    super('git_merge_conflict', `Merging "${branch}" into "${baseBranch}" conflicts in: ${conflictedFiles.join(', ')}`, {
      ...options,
      details: { ...options.details, branch, baseBranch, conflictedFiles: [...conflictedFiles] },
    });
  }
}

/**
 * The merge is clean but the base branch cannot be updated safely: it is checked out in a
 * checkout with uncommitted changes or an operation in progress. Nothing was changed.
 */
export class MergeBlockedError extends KanbotsError {
  override readonly name = 'MergeBlockedError';
  constructor(readonly baseBranch: string, readonly checkoutPath: string, readonly reason: string, options: KanbotsErrorOptions = {}) {
    super('git_merge_blocked', `Cannot update "${baseBranch}" checked out at "${checkoutPath}": ${reason}`, {
      ...options,
      details: { ...options.details, baseBranch, checkoutPath, reason },
    });
  }
}
