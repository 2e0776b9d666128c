import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { decideTool, type ToolPolicy } from '../../agents/tools/tool.js';
import type { ExecutorRunInput } from '../executor.js';

/**
 * What an ACP adapter needs in its environment to reach a model with a key Kanbots holds (or the
 * agent's own login when none is given), per agent. Claude Code's adapter reads the Anthropic
 * variables (and the model from `ANTHROPIC_MODEL`); Codex's reads a `config.toml` in its
 * `CODEX_HOME` (Codex ignores `OPENAI_BASE_URL`), written per agent before every run. Other agents
 * get the key in the variable their definition names. The secrets come back separately so the
 * executor can redact them.
 */

export interface AcpAgentConnection {
  apiKey?: string;
  /** e.g. `http://127.0.0.1:PORT` (Anthropic) or `http://127.0.0.1:PORT/v1` (OpenAI). */
  baseUrl?: string;
  /** Retries inside the agent (0 in tests so a failure shows at once). */
  maxRetries?: number;
  /** Folder for per-agent homes (Codex's `CODEX_HOME`). */
  homeRoot?: string;
}

export interface AcpAgentEnvironment {
  /** Redacted from every event. */
  secretEnv: Record<string, string>;
  /** Settings for one run (written files, the model); added after the secrets. */
  runEnv(input: ExecutorRunInput): Promise<Record<string, string>>;
}

export const acpCodexProviderId = 'kanbots';
export const acpCodexKeyVariable = 'KANBOTS_CODEX_API_KEY';

function tomlString(value: string): string {
  return JSON.stringify(value);
}

/** Codex's `config.toml` for an ACP session (pure). */
export function acpCodexConfigToml(options: { model?: string; baseUrl?: string; hasApiKey: boolean; maxRetries?: number }): string {
  const lines: string[] = ['# Written by Kanbots for one agent run; rewritten before every run.'];
  if (options.model !== undefined) lines.push(`model = ${tomlString(options.model)}`);
  const customProvider = options.baseUrl !== undefined || options.hasApiKey;
  if (customProvider) lines.push(`model_provider = ${tomlString(acpCodexProviderId)}`);
  lines.push('check_for_update_on_startup = false');
  if (customProvider) {
    lines.push(
      '',
      `[model_providers.${acpCodexProviderId}]`,
      'name = "Kanbots"',
      `base_url = ${tomlString(options.baseUrl ?? 'https://api.openai.com/v1')}`,
      `env_key = ${tomlString(acpCodexKeyVariable)}`,
      'wire_api = "responses"',
    );
    if (options.maxRetries !== undefined) lines.push(`request_max_retries = ${options.maxRetries}`, `stream_max_retries = ${options.maxRetries}`);
  }
  lines.push('', '[analytics]', 'enabled = false', '', '[features]', 'plugins = false', '');
  return lines.join('\n');
}

/**
 * The codex-acp mode for Kanbots' policy: `read-only` (Codex asks before every edit) when edits are
 * to be asked about or denied, else `workspace-write` (edits in the worktree, asks before anything
 * outside it). Never the adapter's default `agent` mode, which sends questions to an automatic
 * reviewer instead of the person, nor full access.
 */
export function acpCodexMode(policy: ToolPolicy): 'read-only' | 'workspace-write' {
  const edits = [decideTool(policy, 'write_file'), decideTool(policy, 'edit_file')];
  return edits.includes('deny') || edits.includes('ask') ? 'read-only' : 'workspace-write';
}

function safeSegment(text: string): string {
  return text.replace(/[^A-Za-z0-9_.-]/g, '_');
}

export function acpAgentEnvironment(agentName: string, connection: AcpAgentConnection = {}, keyVariable?: string): AcpAgentEnvironment {
  if (agentName === 'claude-code-acp') {
    const secretEnv: Record<string, string> = {};
    if (connection.apiKey !== undefined) secretEnv['ANTHROPIC_API_KEY'] = connection.apiKey;
    return {
      secretEnv,
      runEnv: async (input) => {
        const env: Record<string, string> = { CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1' };
        if (connection.baseUrl !== undefined) env['ANTHROPIC_BASE_URL'] = connection.baseUrl;
        if (input.model !== undefined) env['ANTHROPIC_MODEL'] = input.model;
        if (connection.maxRetries !== undefined) env['CLAUDE_CODE_MAX_RETRIES'] = String(connection.maxRetries);
        // As root, Claude Code refuses to start unless IS_SANDBOX is unset or 1.
        if (input.env['IS_SANDBOX'] !== undefined && input.env['IS_SANDBOX'] !== '1') env['IS_SANDBOX'] = '1';
        return env;
      },
    };
  }
  if (agentName === 'codex-acp') {
    const secretEnv: Record<string, string> = {};
    if (connection.apiKey !== undefined) secretEnv[acpCodexKeyVariable] = connection.apiKey;
    return {
      secretEnv,
      runEnv: async (input) => {
        const mode = { INITIAL_AGENT_MODE: acpCodexMode(input.policy) };
        const customised = connection.apiKey !== undefined || connection.baseUrl !== undefined || input.model !== undefined;
        // Without a key or model of Kanbots', Codex uses the person's own home and login.
        if (!customised) return mode;
        const root = connection.homeRoot ?? path.join(input.env['HOME'] ?? input.worktree, '.kanbots-codex-acp');
        const home = path.join(root, safeSegment(input.agentId));
        await mkdir(home, { recursive: true, mode: 0o700 });
        const config = acpCodexConfigToml({
          ...(input.model === undefined ? {} : { model: input.model }),
          ...(connection.baseUrl === undefined ? {} : { baseUrl: connection.baseUrl }),
          ...(connection.maxRetries === undefined ? {} : { maxRetries: connection.maxRetries }),
          hasApiKey: connection.apiKey !== undefined,
        });
        await writeFile(path.join(home, 'config.toml'), config, { mode: 0o600 });
        return { ...mode, CODEX_HOME: home };
      },
    };
  }
  const secretEnv: Record<string, string> = {};
  if (connection.apiKey !== undefined && keyVariable !== undefined) secretEnv[keyVariable] = connection.apiKey;
  return { secretEnv, runEnv: async () => ({}) };
}
