import { z } from 'zod';
import { personaNameSchema, personaRoleSchema } from '../personas/persona.js';
import { idSchema, timestampSchema } from './ids.js';
import { limits } from './limits.js';

/**
 * A project: one repository folder the board's cards work on, picked once. It carries the branch
 * new worktrees start from and the agents its runs use unless the run form says otherwise (a
 * model choice and a persona per role). The repository's own personas are read from the
 * repository itself (`.kanbots/personas/`), never copied here.
 */

export const projectNameSchema = z.string().trim().min(1, 'a project needs a name').max(limits.projectNameLength);
/** The real path of the repository's top level (the host resolves and checks it before it is stored). */
export const projectRepositorySchema = z.string().min(1).max(limits.pathLength);
export const branchNameSchema = z.string().trim().min(1).max(limits.branchLength);
/** `provider:model` (`anthropic:claude-sonnet-4-5`), a bare model name, or an agent CLI (`claude-code[:model]`). */
export const projectModelChoiceSchema = z.string().trim().min(1).max(limits.titleLength);

/** What the project's runs use per role unless the run says otherwise. */
export const projectAgentsSchema = z.object({
  models: z.partialRecord(personaRoleSchema, projectModelChoiceSchema).default({}),
  personas: z.partialRecord(personaRoleSchema, personaNameSchema).default({}),
});
export type ProjectAgents = z.infer<typeof projectAgentsSchema>;

export const projectSchema = z.object({
  id: idSchema,
  name: projectNameSchema,
  repository: projectRepositorySchema,
  /** The branch worktrees start from by default (a run may pick another). */
  baseBranch: branchNameSchema,
  agents: projectAgentsSchema.default({ models: {}, personas: {} }),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type Project = z.infer<typeof projectSchema>;

/** The folder name of a repository path: a project's name when none is given. */
export function repositoryFolderName(path: string): string {
  return path.replace(/[\\/]+$/, '').split(/[\\/]/).pop() || path;
}

/** Two repository paths name the same folder (trailing separators aside). */
export function sameRepository(a: string, b: string): boolean {
  return a.replace(/[\\/]+$/, '') === b.replace(/[\\/]+$/, '');
}
