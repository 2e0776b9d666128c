import { secretEnvironmentVariables, type ExecutorRunInput } from '../executor.js';
import { mapPolicyToClaudePermissions } from './claude-permissions.js';

/**
 * The command line and environment of one Claude Code run (pure). Credentials are explicit: the
 * base environment's Anthropic keys are removed, `ANTHROPIC_API_KEY` is set only when Kanbots holds
 * a key (otherwise the CLI uses its own login), `ANTHROPIC_BASE_URL` only when one is configured.
 */

export interface ClaudeCodeCredentials {
  apiKey?: string;
  baseUrl?: string;
}

const removedFromBaseEnvironment = [...secretEnvironmentVariables, 'ANTHROPIC_BASE_URL', 'CLAUDECODE', 'CLAUDE_CODE_ENTRYPOINT'];

export function claudeCodeArguments(input: Pick<ExecutorRunInput, 'prompt' | 'model' | 'maxTurns' | 'resumeSessionId' | 'policy'>, extraArgs: readonly string[] = []): string[] {
  const permissions = mapPolicyToClaudePermissions(input.policy);
  const args = ['--output-format', 'stream-json', '--verbose', '--permission-mode', permissions.permissionMode];
  if (permissions.allowedTools.length > 0) args.push('--allowedTools', permissions.allowedTools.join(','));
  if (permissions.disallowedTools.length > 0) args.push('--disallowedTools', permissions.disallowedTools.join(','));
  if (input.model !== undefined) args.push('--model', input.model);
  if (input.maxTurns !== undefined) args.push('--max-turns', String(input.maxTurns));
  if (input.resumeSessionId !== undefined) args.push('--resume', input.resumeSessionId);
  // The prompt last, after `--`, so one starting with `-` stays a prompt (and no variadic option eats it).
  return [...args, ...extraArgs, '-p', '--', input.prompt];
}

export function claudeCodeEnvironment(
  baseEnvironment: Record<string, string | undefined>,
  credentials: ClaudeCodeCredentials,
  extraEnvironment: Record<string, string> = {},
): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...baseEnvironment };
  for (const name of removedFromBaseEnvironment) delete env[name];
  Object.assign(env, extraEnvironment);
  env['CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC'] = '1';
  if (credentials.baseUrl !== undefined) env['ANTHROPIC_BASE_URL'] = credentials.baseUrl;
  if (credentials.apiKey !== undefined) env['ANTHROPIC_API_KEY'] = credentials.apiKey;
  return env;
}
