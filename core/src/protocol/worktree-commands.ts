import { z } from 'zod';
import { worktreeStateSchema } from '../git/worktree-info.js';
import { limits } from '../model/limits.js';
import { worktreeSettingsSchema } from '../worktree-setup/worktree-settings.js';

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

/**
 * A project's worktree settings as the Settings → Projects editor shows them: where they come from
 * (Kanbots' `.kanbots/config.toml` or `.json`, Conductor's or Codex's file, or none yet), whether
 * the editor may save them (only Kanbots' own, or none yet), and why the file cannot be used.
 */
export const projectWorktreeSettingsSchema = z.object({
  repository: z.string(),
  source: z.object({ kind: z.enum(['kanbots', 'conductor', 'codex', 'none']), file: z.string().optional() }),
  editable: z.boolean(),
  settings: worktreeSettingsSchema,
  notes: z.array(z.string()),
  /** The file is there but cannot be used (it is shown read-only until it is fixed). */
  problem: z.string().optional(),
});
export type ProjectWorktreeSettings = z.infer<typeof projectWorktreeSettingsSchema>;

// The editor checks a form with the same schema and words before it sends it.
export { worktreeSettingsSchema, worktreeSettingsProblems, linkModes, maximumPoolSize, defaultPoolDiskBudgetMB, defaultSetupTimeoutSeconds } from '../worktree-setup/worktree-settings.js';
export type { WorktreeSettings, WorktreeSettingsInput, LinkMode } from '../worktree-setup/worktree-settings.js';

/** A card's dev server (the project's run script in the card's worktree), as the card shows it. */
export const devServerViewSchema = z.object({
  cardId: z.string(),
  state: z.enum(['running', 'stopped', 'exited']),
  script: z.string(),
  worktree: z.string(),
  port: z.number().int(),
  url: z.string().optional(),
  output: z.string(),
  exitCode: z.number().int().nullable().optional(),
  startedAt: z.number(),
  endedAt: z.number().optional(),
});
export type DevServerViewData = z.infer<typeof devServerViewSchema>;

const repositoryPath = z.string().trim().min(1).max(limits.pathLength);

export const worktreeCommands = {
  /** A project's worktree settings, read from its repository. */
  'worktreeSettings.read': { args: z.strictObject({ repository: repositoryPath }), result: projectWorktreeSettingsSchema },
  /**
   * Saves a project's worktree settings to its repository's `.kanbots/config.toml` (or `.json`):
   * checked with the schema in the host, refused in words (`worktree_settings_rejected`) when a
   * field is wrong or the settings are Conductor's or Codex's.
   */
  'worktreeSettings.write': {
    args: z.strictObject({ repository: repositoryPath, settings: z.record(z.string(), z.unknown()) }),
    result: projectWorktreeSettingsSchema,
  },
  /**
   * Starts the card's dev server: the project's run script in the worktree of the card's latest
   * run, on that worktree's ports. Refused in words when the project has no run script, the card
   * no worktree, or its server already runs.
   */
  'devServer.start': { args: z.strictObject({ cardId: z.string().min(1).max(200) }), result: devServerViewSchema },
  /** Stops the card's dev server and everything it started; answers its last view. */
  'devServer.stop': { args: z.strictObject({ cardId: z.string().min(1).max(200) }), result: z.object({ server: devServerViewSchema.nullable() }) },
  /** The card's dev server, running or last run (null: none since the host started). */
  'devServer.get': { args: z.strictObject({ cardId: z.string().min(1).max(200) }), result: z.object({ server: devServerViewSchema.nullable() }) },
  /** Every worktree not removed yet, newest first, with the total disk use. */
  'worktrees.list': { args: z.strictObject({}), result: z.object({ worktrees: z.array(worktreeViewSchema), totalBytes: z.number() }) },
  /** Removes a worktree no run uses: uncommitted work is committed to its branch first; the branch stays. */
  'worktrees.remove': {
    args: z.strictObject({ id: z.string().min(1).max(200) }),
    result: z.object({ branch: z.string(), snapshotCommit: z.string().optional() }),
  },
} as const;
