import { z } from 'zod';
import { worktreeStateSchema } from '../git/worktree-info.js';

/**
 * The Worktrees view (docs/worktrees.md): every worktree Kanbots made, with its card, state and
 * disk use, and a safe removal — the work is snapshot-committed to its branch first and the
 * branch is kept, so nothing is lost; a worktree a run still uses is not removed.
 */

export const worktreeViewSchema = z.object({
  id: z.string(),
  cardId: z.string(),
  /** The card's title (absent when the card was deleted). */
  cardTitle: z.string().optional(),
  repository: z.string(),
  path: z.string(),
  branch: z.string(),
  baseBranch: z.string(),
  state: worktreeStateSchema,
  /** A run that has not finished works in it (or will adopt it when it goes on). */
  inUse: z.boolean(),
  /** The status of that run, or of the last run that used it. */
  runStatus: z.string().optional(),
  /** Bytes on disk (links counted as links, not their targets); null when it could not be measured. */
  diskBytes: z.number().nullable(),
  createdAt: z.number(),
});
export type WorktreeView = z.infer<typeof worktreeViewSchema>;

export const worktreeCommands = {
  /** Every worktree not removed yet, newest first, with the total disk use. */
  'worktrees.list': { args: z.strictObject({}), result: z.object({ worktrees: z.array(worktreeViewSchema), totalBytes: z.number() }) },
  /** Removes a worktree no run uses: uncommitted work is committed to its branch first; the branch stays. */
  'worktrees.remove': {
    args: z.strictObject({ id: z.string().min(1).max(200) }),
    result: z.object({ branch: z.string(), snapshotCommit: z.string().optional() }),
  },
} as const;
