import path from 'node:path';
import { ClaudeCodeExecutor, type ClaudeCodeExecutorOptions } from '../executors/claude-code/claude-code-executor.js';
import { CodexExecutor, type CodexExecutorOptions } from '../executors/codex/codex-executor.js';
import type { AgentExecutor } from '../executors/executor.js';
import type { Clock } from '../ports/clock.js';
import type { CliAgentKind } from './cli-agent-choice.js';

/**
 * The agent CLIs a run manager can run agents with (model choices `claude-code[:model]` and
 * `codex[:model]`). Every field has a default: the CLI is found on PATH (`claude`, `codex`) and
 * uses its own login unless a key and base URL are given; Codex's per-agent homes live under
 * `<dataDir>/agent-clis/codex`. The executors are made once, on first use.
 */

export interface CliExecutorsOptions {
  claudeCode?: ClaudeCodeExecutorOptions;
  /** `homeRoot` defaults to `<dataDir>/agent-clis/codex`. */
  codex?: Omit<CodexExecutorOptions, 'homeRoot'> & { homeRoot?: string };
  /**
   * The base environment of every CLI process (PATH, HOME, proxies). Default: the host's
   * environment. The executors strip model keys from it and add only the ones configured above.
   */
  env?: Record<string, string | undefined>;
}

/** The API keys configured for the CLIs (for the redactor). */
export function cliExecutorSecrets(options: CliExecutorsOptions | undefined): string[] {
  return [options?.claudeCode?.apiKey, options?.codex?.apiKey].filter((key): key is string => typeof key === 'string' && key.length > 0);
}

export class CliExecutors {
  private readonly made = new Map<CliAgentKind, AgentExecutor>();

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
    const executor = kind === 'claude-code' ? new ClaudeCodeExecutor({ clock: this.clock, ...this.options.claudeCode }) : this.codex();
    this.made.set(kind, executor);
    return executor;
  }

  private codex(): CodexExecutor {
    const options = this.options.codex ?? {};
    return new CodexExecutor({ clock: this.clock, ...options, homeRoot: options.homeRoot ?? path.join(this.dataDir, 'agent-clis', 'codex') });
  }
}
