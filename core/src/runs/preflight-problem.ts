import { z } from 'zod';
import { ConfigurationError } from '../errors.js';

/**
 * What the check before a run finds wrong, one problem per thing to fix: a stable code, the run
 * form field it belongs to, plain words, and the fix (open Settings at a field, a command to copy,
 * or names to choose from). The same problems answer `run.check` and refuse `run.start` before
 * anything of the run exists.
 */

export const preflightProblemCodes = [
  'repository_missing',
  'repository_not_found',
  'repository_not_git',
  'repository_empty',
  'base_branch_missing',
  'persona_missing',
  'model_not_chosen',
  'provider_not_configured',
  'provider_disabled',
  'provider_no_key',
  'provider_no_base_url',
  'provider_key_refused',
  'provider_key_destination',
  'model_not_listed',
  'cli_role_not_allowed',
  'cli_not_installed',
  'cli_not_logged_in',
] as const;
export const preflightProblemCodeSchema = z.enum(preflightProblemCodes);
export type PreflightProblemCode = z.infer<typeof preflightProblemCodeSchema>;

/** The run form's fields a problem can belong to. */
export const preflightFieldSchema = z.enum(['repository', 'baseBranch', 'personas', 'provider', 'model']);
export type PreflightField = z.infer<typeof preflightFieldSchema>;

/**
 * Where in Settings a fix is: a provider's key, switch, base URL or default model
 * (`providers.anthropic.apiKey`), or an agent CLI in the Agents section (`agents.claude-code`).
 */
export const settingsTargetSchema = z.string().regex(/^(providers\.(anthropic|openai|compatible)\.(apiKey|enabled|baseURL|defaultModel)|agents\.(claude-code|codex)|github\.(token|remote|apiBaseUrl))$/);
export type SettingsTarget = z.infer<typeof settingsTargetSchema>;

export const preflightFixSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('settings'), target: settingsTargetSchema, label: z.string().min(1).max(200) }),
  z.object({ kind: z.literal('command'), command: z.string().min(1).max(500), label: z.string().min(1).max(200) }),
  z.object({ kind: z.literal('choose'), label: z.string().min(1).max(200), options: z.array(z.string().min(1).max(255)).max(50) }),
]);
export type PreflightFix = z.infer<typeof preflightFixSchema>;

export const preflightProblemSchema = z.object({
  code: preflightProblemCodeSchema,
  field: preflightFieldSchema,
  /** The agents it concerns (`developer`, `reviewer`…), when it is about some of them. */
  roles: z.array(z.string().min(1).max(64)).max(20).optional(),
  /** Plain words for the person at the board. */
  message: z.string().min(1).max(2000),
  fix: preflightFixSchema.optional(),
});
export type PreflightProblem = z.infer<typeof preflightProblemSchema>;

export const preflightResultSchema = z.object({ problems: z.array(preflightProblemSchema) });
export type PreflightResult = z.infer<typeof preflightResultSchema>;

/**
 * `run.start` refused by the check before the run (a ConfigurationError: the user's setup is what
 * needs fixing): nothing was created; `details.problems` lists what to fix, `details.preflight` is true.
 */
export class RunPreflightError extends ConfigurationError {
  readonly problems: readonly PreflightProblem[];
  constructor(problems: readonly PreflightProblem[]) {
    const first = problems[0]?.message ?? 'The run cannot start.';
    super(problems.length === 1 ? first : `${first} (and ${problems.length - 1} more problem${problems.length === 2 ? '' : 's'})`, { details: { preflight: true, problems: [...problems] } });
    this.problems = problems;
  }
}

/** The problems carried by an error reply of `run.start`, if it was refused by the check. */
export function preflightProblemsOf(details: Record<string, unknown> | undefined): PreflightProblem[] | undefined {
  if (details?.['preflight'] !== true) return undefined;
  const parsed = z.array(preflightProblemSchema).safeParse(details['problems']);
  return parsed.success ? parsed.data : undefined;
}
