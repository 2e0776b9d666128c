import { z } from 'zod';
import { timestampSchema } from '../model/board.js';

/**
 * `creating`: registered, `git worktree add` not known to have finished (a restart completes it);
 * `active`: usable; `missing`: its directory vanished; `removing`: its work is saved and its
 * removal has begun — never committed again, a restart completes the removal; `removed`.
 */
export const worktreeStateSchema = z.enum(['creating', 'active', 'missing', 'removing', 'removed']);
export type WorktreeState = z.infer<typeof worktreeStateSchema>;

/** A worktree Kanbots created for a card, as recorded in `<dataDir>/worktrees.json`. */
export const worktreeInfoSchema = z.object({
  id: z.string().min(1),
  cardId: z.string().min(1),
  /** Real path of the repository's top level. */
  repository: z.string().min(1),
  path: z.string().min(1),
  /** Short branch name, e.g. `kanbots/fix-login-v1stgx`. */
  branch: z.string().min(1),
  baseBranch: z.string().min(1),
  /** The base branch's commit when the worktree was created. */
  baseCommit: z.string().regex(/^[0-9a-f]{40,64}$/),
  createdAt: timestampSchema,
  state: worktreeStateSchema,
  /** Who asked for it (a run's `<runId>/<key>`): creating again for the same owner adopts this one. */
  owner: z.string().min(1).optional(),
  /** Taken from the warm pool: it was made ready (copies, links, setup) before a run claimed it. */
  pooled: z.boolean().optional(),
  /** The port range it was set up with (a pool worktree's; a run's own is in the run's record). */
  portBase: z.number().int().positive().optional(),
});
export type WorktreeInfo = z.infer<typeof worktreeInfoSchema>;

/** A repository registered with `registerRepository`. */
export const repositoryInfoSchema = z.object({
  /** Real path of the top level of the work tree. */
  path: z.string().min(1),
  /** Undefined when HEAD is detached. */
  currentBranch: z.string().optional(),
  /** The branch new worktrees start from when none is given. */
  defaultBase: z.string().min(1),
});
export type RepositoryInfo = z.infer<typeof repositoryInfoSchema>;

/**
 * A worktree of the warm pool: checked out on a detached HEAD at its base branch's tip and made
 * ready ahead of any run. `filling`: registered before `git worktree add`, not yet ready (a restart
 * deletes it: it never held anyone's work); `ready`: a run may claim it.
 */
export const poolWorktreeSchema = z.object({
  id: z.string().min(1),
  repository: z.string().min(1),
  path: z.string().min(1),
  baseBranch: z.string().min(1),
  baseCommit: z.string().regex(/^[0-9a-f]{40,64}$/),
  /** Digest of the settings it was made ready with: other settings, other worktree. */
  settingsDigest: z.string().min(1),
  /** The port range its setup ran with (the run that claims it keeps it). */
  portBase: z.number().int().positive(),
  createdAt: timestampSchema,
  state: z.enum(['filling', 'ready']),
  /** Disk used once ready (`du -sk`: a linked folder counts as a link). */
  diskBytes: z.number().int().nonnegative().optional(),
});
export type PoolWorktree = z.infer<typeof poolWorktreeSchema>;

export const worktreeRegistrySchema = z.object({
  repositories: z.array(z.string().min(1)),
  worktrees: z.array(worktreeInfoSchema),
  pool: z.array(poolWorktreeSchema).default([]),
});
export type WorktreeRegistryContent = z.infer<typeof worktreeRegistrySchema>;

export const WORKTREE_REGISTRY_VERSION = 1;
export const WORKTREE_REGISTRY_KIND = 'kanbots.worktrees';
