import { decideTool, type ToolPolicy } from '../../agents/tools/tool.js';

/**
 * The `config.toml` written into the run's `CODEX_HOME` (pure). Codex ignores `OPENAI_BASE_URL`,
 * so a base URL goes through a custom provider whose key comes from `env_key`. Analytics and
 * plugins are off (otherwise Codex calls outside hosts). Exec runs never ask for approval; the
 * sandbox follows Kanbots' policy: `read-only` when edits are denied or need asking, else `workspace-write`
 * (never `danger-full-access`).
 */

export const codexProviderId = 'kanbots';
export const codexApiKeyVariable = 'KANBOTS_CODEX_API_KEY';

export interface CodexConfigOptions {
  model?: string;
  /** e.g. `http://127.0.0.1:PORT/v1`; with a key and no base URL, OpenAI's own endpoint. */
  baseUrl?: string;
  /** Whether Kanbots passes a key (in `KANBOTS_CODEX_API_KEY`); without one the CLI's login is used. */
  hasApiKey: boolean;
  policy: ToolPolicy;
  /** Request / stream retries inside Codex (0 in tests so a failure shows at once). */
  maxRetries?: number;
}

export type CodexSandboxMode = 'read-only' | 'workspace-write';

export function codexSandboxMode(policy: ToolPolicy): CodexSandboxMode {
  const edits = [decideTool(policy, 'write_file'), decideTool(policy, 'edit_file')];
  // Exec runs cannot ask anyone: an edit the policy wants asked about is refused, like a denied one.
  return edits.includes('deny') || edits.includes('ask') ? 'read-only' : 'workspace-write';
}

function tomlString(value: string): string {
  return JSON.stringify(value);
}

export function codexConfigToml(options: CodexConfigOptions): string {
  const lines: string[] = ['# Written by Kanbots for one agent run; rewritten before every run.'];
  if (options.model !== undefined) lines.push(`model = ${tomlString(options.model)}`);
  const customProvider = options.baseUrl !== undefined || options.hasApiKey;
  if (customProvider) lines.push(`model_provider = ${tomlString(codexProviderId)}`);
  lines.push(`sandbox_mode = ${tomlString(codexSandboxMode(options.policy))}`, 'approval_policy = "never"', 'check_for_update_on_startup = false');
  if (customProvider) {
    lines.push(
      '',
      `[model_providers.${codexProviderId}]`,
      'name = "Kanbots"',
      `base_url = ${tomlString(options.baseUrl ?? 'https://api.openai.com/v1')}`,
      `env_key = ${tomlString(codexApiKeyVariable)}`,
      'wire_api = "responses"',
    );
    if (options.maxRetries !== undefined) lines.push(`request_max_retries = ${options.maxRetries}`, `stream_max_retries = ${options.maxRetries}`);
  }
  lines.push('', '[analytics]', 'enabled = false', '', '[features]', 'plugins = false', '');
  return lines.join('\n');
}

/** `codex exec …` or `codex exec resume <thread> …`; `--` keeps a prompt starting with `-` a prompt. */
export function codexArguments(input: { prompt: string; model?: string; resumeSessionId?: string }, extraArgs: readonly string[] = []): string[] {
  const args = ['exec'];
  if (input.resumeSessionId !== undefined) args.push('resume');
  args.push('--json', '--skip-git-repo-check');
  if (input.model !== undefined) args.push('-m', input.model);
  args.push(...extraArgs, '--');
  if (input.resumeSessionId !== undefined) args.push(input.resumeSessionId);
  args.push(input.prompt);
  return args;
}
