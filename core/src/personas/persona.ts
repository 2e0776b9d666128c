import { z } from 'zod';

/**
 * A persona: a name, a system prompt, a tool set and a model choice. Built-ins ship with Kanbots;
 * users add their own as Markdown files with YAML front matter (like Claude Code's subagents).
 */

export const personaRoleSchema = z.enum(['developer', 'reviewer', 'tester', 'planner', 'judge']);
export type PersonaRole = z.infer<typeof personaRoleSchema>;

/** `developer` = every built-in tool; `read-only` = no writes, edits or commands; or explicit names. */
export const personaToolsSchema = z.union([z.literal('developer'), z.literal('read-only'), z.array(z.string().min(1)).min(1)]);
export type PersonaTools = z.infer<typeof personaToolsSchema>;

export const personaNameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'persona names use lower-case letters, digits and -');

export const personaSchema = z.object({
  name: personaNameSchema,
  description: z.string().min(1).max(500),
  /** What the persona does in a workflow; decides which workflow tools it gets (e.g. submit_review). */
  role: personaRoleSchema,
  tools: personaToolsSchema,
  /** `provider:model` or a bare model name; undefined = the run's default. */
  model: z.string().min(1).max(200).optional(),
  systemPrompt: z.string().min(1),
  source: z.enum(['builtin', 'repository', 'user']),
  /** The file it came from (user personas). */
  path: z.string().optional(),
});
export type Persona = z.infer<typeof personaSchema>;

/** The front matter of a persona file (the body is the system prompt). */
export const personaFrontMatterSchema = z
  .object({
    name: personaNameSchema,
    description: z.string().min(1).max(500),
    role: personaRoleSchema.default('developer'),
    tools: personaToolsSchema.optional(),
    model: z.string().min(1).max(200).optional(),
  })
  .strict();
