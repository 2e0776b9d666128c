import { z } from 'zod';
import { personaRoleSchema } from '../personas/persona.js';

/** What checking a folder for a project answers (browser-safe: the protocol and the UI read it). */

export const repositoryProblemSchema = z.enum(['not_absolute', 'not_found', 'not_a_directory', 'not_a_repository', 'no_commit', 'git_failed']);
export type RepositoryProblem = z.infer<typeof repositoryProblemSchema>;

export const repositoryCheckSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    /** Real path of the repository's top level (what a project stores). */
    path: z.string().min(1),
    /** The folder's name, a project's default name. */
    name: z.string().min(1),
    branches: z.array(z.string()),
    /** Undefined when HEAD is detached. */
    currentBranch: z.string().optional(),
    /** The branch a project starts from unless told otherwise. */
    defaultBranch: z.string().min(1),
    /** Personas the repository brings in `.kanbots/personas/`. */
    personas: z.array(z.object({ name: z.string(), role: personaRoleSchema, description: z.string() })),
  }),
  z.object({ ok: z.literal(false), path: z.string(), problem: repositoryProblemSchema, message: z.string() }),
]);
export type RepositoryCheck = z.infer<typeof repositoryCheckSchema>;

