import path from 'node:path';
import { ClaudeCodeExecutor, type ClaudeCodeExecutorOptions } from '../executors/claude-code/claude-code-executor.js';
import { CodexExecutor, type CodexExecutorOptions } from '../executors/codex/codex-executor.js';
import type { AgentExecutor } from '../executors/executor.js';
import { AcpExecutor, type AcpExecutorOptions } from '../executors/acp/acp-executor.js';
import { acpAgentEnvironment, type AcpAgentConnection } from '../executors/acp/acp-agent-environment.js';
import { AcpAgentRegistry } from '../executors/acp/acp-agent-registry.js';
import { acpAgentNameOf } from '../settings/model-choice.js';
import type { Clock } from '../ports/clock.js';
import type { CliAgentKind } from './cli-agent-choice.js';

/**
 * The agent CLIs a run manager can run agents with (model choices `claude-code[:model]`,
 * `codex[:model]` and `acp:<agent>[:model]`, an agent of the ACP registry). Every field has a default: the CLI is found on PATH (`claude`, `codex`) and
 * uses its own login unless a key and base URL are given; Codex's per-agent homes live under
 * `<dataDir>/agent-clis/codex`. The executors are made once, on first use.
 */

export interface CliExecutorsOptions {
  claudeCode?: ClaudeCodeExecutorOptions;
  /** `homeRoot` defaults to `<dataDir>/agent-clis/codex`. */
  codex?: Omit<CodexExecutorOptions, 'homeRoot'> & { homeRoot?: string };
  /** Agents over the Agent Client Protocol (model choices `acp:<agent>[:model]`). */
  acp?: AcpExecutorsOptions;
  /**
   * The base environment of every CLI process (PATH, HOME, proxies). Default: the host's
   * environment. The executors strip model keys from it and add only the ones configured above.
   */
  env?: Record<string, string | undefined>;
}

export interface AcpExecutorsOptions {
  /** The user's own agents (`{ name, command, args?, env?, label? }`), added to the built-in ones. */
  agents?: readonly unknown[];
  /** Where an agent is started from instead of its registry command (an install of its own, a Node to run it with). */
  commands?: Record<string, { command: string; args?: string[] }>;
  /**
   * A key and base URL per agent. Default: Claude Code's adapter takes `claudeCode`'s, Codex's
   * takes `codex`'s; without one the agent uses its own login.
   */
  connections?: Record<string, AcpAgentConnection>;
  /** MCP servers each session gets (Kanbots' workflow tools). */
  mcpServers?: AcpExecutorOptions['mcpServers'];
  killGraceMs?: number;
  onDiagnostic?: (message: string) => void;
}

/** The API keys configured for the CLIs (for the redactor). */
export function cliExecutorSecrets(options: CliExecutorsOptions | undefined): string[] {
  const acpKeys = Object.values(options?.acp?.connections ?? {}).map((connection) => connection.apiKey);
  return [options?.claudeCode?.apiKey, options?.codex?.apiKey, ...acpKeys].filter((key): key is string => typeof key === 'string' && key.length > 0);
}

export class CliExecutors {
  private readonly made = new Map<CliAgentKind, AgentExecutor>();
  private acpRegistry: AcpAgentRegistry | undefined;

  constructor(
    private readonly options: CliExecutorsOptions,
    private readonly dataDir: string,
    private readonly clock: Clock,
  ) {}

  /** The base environment of the CLI processes (undefined: the host's own). */
  get env(): Record<string, string | undefined> | undefined {
    return this.options.env;
  }

  executor(kind: CliAgentKind): AgentExecutor {
    const existing = this.made.get(kind);
    if (existing) return existing;
    const acpName = acpAgentNameOf(kind);
    const executor =
      acpName !== undefined ? this.acp(acpName) : kind === 'claude-code' ? new ClaudeCodeExecutor({ clock: this.clock, ...this.options.claudeCode }) : this.codex();
    this.made.set(kind, executor);
    return executor;
  }

  /** The ACP agents runs can choose: the built-in ones and the user's own. */
  get registry(): AcpAgentRegistry {
    this.acpRegistry ??= new AcpAgentRegistry(this.options.acp?.agents ?? []);
    return this.acpRegistry;
  }

  /** The connection an ACP agent gets: its own, else the matching CLI's key and base URL. */
  acpConnection(name: string): AcpAgentConnection {
    const own = this.options.acp?.connections?.[name];
    if (own !== undefined) return own;
    const from = (options: { apiKey?: string; baseUrl?: string } | undefined): AcpAgentConnection => ({
      ...(options?.apiKey === undefined ? {} : { apiKey: options.apiKey }),
      ...(options?.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
    });
    if (name === 'claude-code-acp') return from(this.options.claudeCode);
    if (name === 'codex-acp') return { ...from(this.options.codex), homeRoot: path.join(this.dataDir, 'agent-clis', 'codex-acp') };
    return {};
  }

  private acp(name: string): AcpExecutor {
    const definition = this.registry.get(name);
    const acpOptions = this.options.acp ?? {};
    const override = acpOptions.commands?.[name];
    const environment = acpAgentEnvironment(name, this.acpConnection(name), definition.keyVariable);
    return new AcpExecutor({
      agent: {
        name,
        command: override?.command ?? definition.command,
        args: override?.args ?? definition.args ?? [],
        ...(definition.env === undefined ? {} : { env: definition.env }),
      },
      secretEnv: environment.secretEnv,
      runEnv: environment.runEnv,
      clock: this.clock,
      ...(acpOptions.mcpServers === undefined ? {} : { mcpServers: acpOptions.mcpServers }),
      ...(acpOptions.killGraceMs === undefined ? {} : { killGraceMs: acpOptions.killGraceMs }),
      ...(acpOptions.onDiagnostic === undefined ? {} : { onDiagnostic: acpOptions.onDiagnostic }),
    });
  }

  private codex(): CodexExecutor {
    const options = this.options.codex ?? {};
    return new CodexExecutor({ clock: this.clock, ...options, homeRoot: options.homeRoot ?? path.join(this.dataDir, 'agent-clis', 'codex') });
  }
}
