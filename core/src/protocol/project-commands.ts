import { z } from 'zod';
import { limits } from '../model/limits.js';
import { repositoryCheckSchema } from '../projects/repository-check-schema.js';

/**
 * The commands that help pick a project's repository (docs/protocol.md, "Projects"); adding,
 * changing and removing a project are board commands (`project.add`, `project.update`,
 * `project.remove`), checked by the host against the disk first. `demo.start` opens the scripted
 * demo next to the user's own board, for the first-run screen.
 */

const pathText = z.string().trim().min(1).max(limits.pathLength);

export const recentRepositorySchema = z.object({ path: z.string().min(1), name: z.string().min(1) });
export type RecentRepository = z.infer<typeof recentRepositorySchema>;

export const projectCommands = {
  /** Is this folder a git repository with a commit? Its top level, branches and personas, or why not. */
  'repositories.check': { args: z.strictObject({ path: pathText }), result: repositoryCheckSchema },
  /** Repositories Kanbots worked on that are not projects yet (cards' own targets, worktrees), newest use first. */
  'repositories.recent': { args: z.strictObject({}), result: z.object({ repositories: z.array(recentRepositorySchema) }) },
  /** Starts (once per host) the scripted demo board in its own data directory and answers where to open it. */
  'demo.start': { args: z.strictObject({}), result: z.object({ url: z.string().url(), label: z.string() }) },
} as const;
