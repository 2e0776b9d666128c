import { access, mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AgentEvent } from '../../agents/agent-events.js';
import { systemClock, type Clock } from '../../ports/clock.js';
import type { ModelPricing } from '../../providers/model-port.js';
import { secretEnvironmentVariables, type AgentExecutor, type ExecutorResult, type ExecutorRunInput } from '../executor.js';
import { runAgentCli } from '../run-agent-cli.js';
import { codexApiKeyVariable, codexArguments, codexConfigToml } from './codex-config.js';
import { CodexStreamMapper, codexCliName } from './map-codex-jsonl.js';

/**
 * Runs Codex (`codex exec --json --skip-git-repo-check`) in the agent's worktree, stdin closed,
 * with `CODEX_HOME` = `<homeRoot>/<agentId>`: a folder Kanbots owns that holds the generated
 * `config.toml` and Codex's session files, so `codex exec resume <thread>` finds the thread of an
 * earlier run of the same agent (also after a restart).
 */

export interface CodexExecutorOptions {
  /** Where per-agent `CODEX_HOME` folders live (e.g. in the app's data directory). */
  homeRoot: string;
  /** The `codex` executable: a name looked up on PATH, or a path. Default `codex`. */
  command?: string;
  /** Kanbots' OpenAI key; without it (and without a base URL) the CLI's own login is used. */
  apiKey?: string;
  /** e.g. `http://127.0.0.1:PORT/v1`. */
  baseUrl?: string;
  /** Model when the run names none (a slug Codex knows, e.g. `gpt-5.5`, or it drops apply_patch). */
  defaultModel?: string;
  /** Codex's own request/stream retries (its default when omitted; 0 in tests). */
  maxRetries?: number;
  pricing?: ModelPricing;
  clock?: Clock;
  extraEnv?: Record<string, string>;
  extraArgs?: string[];
  timeoutMs?: number;
  killGraceMs?: number;
  onDiagnostic?: (message: string) => void;
  /** Told the CLI's process (group) id when it starts. */
  onProcessStarted?: (pid: number) => void;
}

const removedFromBaseEnvironment = [...secretEnvironmentVariables, 'OPENAI_BASE_URL', 'CODEX_HOME', codexApiKeyVariable];

export class CodexExecutor implements AgentExecutor {
  readonly kind = codexCliName;

  constructor(private readonly options: CodexExecutorOptions) {}

  /** The CODEX_HOME folder of an agent. */
  homeFor(agentId: string): string {
    return path.join(this.options.homeRoot, agentId.replace(/[^A-Za-z0-9_.-]/g, '_'));
  }

  async run(input: ExecutorRunInput, emit: (event: AgentEvent) => void): Promise<ExecutorResult> {
    const clock = this.options.clock ?? systemClock;
    const model = input.model ?? this.options.defaultModel;
    const home = this.homeFor(input.agentId);
    await mkdir(home, { recursive: true, mode: 0o700 });
    const config = codexConfigToml({
      ...(model === undefined ? {} : { model }),
      ...(this.options.baseUrl === undefined ? {} : { baseUrl: this.options.baseUrl }),
      ...(this.options.maxRetries === undefined ? {} : { maxRetries: this.options.maxRetries }),
      hasApiKey: this.options.apiKey !== undefined,
      policy: input.policy,
    });
    await writeFile(path.join(home, 'config.toml'), config, { mode: 0o600 });
    if (this.options.apiKey === undefined && this.options.baseUrl === undefined) await linkCliLogin(home, input.env);

    const env: Record<string, string | undefined> = { ...input.env };
    for (const name of removedFromBaseEnvironment) delete env[name];
    Object.assign(env, this.options.extraEnv);
    env['CODEX_HOME'] = home;
    if (this.options.apiKey !== undefined) env[codexApiKeyVariable] = this.options.apiKey;

    return runAgentCli(
      {
        cli: codexCliName,
        command: this.options.command ?? 'codex',
        args: codexArguments({ prompt: input.prompt, ...(input.resumeSessionId === undefined ? {} : { resumeSessionId: input.resumeSessionId }) }, this.options.extraArgs),
        env,
        mapper: new CodexStreamMapper({
          now: () => clock.now(),
          ...(model === undefined ? {} : { model }),
          ...(this.options.pricing === undefined ? {} : { pricing: this.options.pricing }),
        }),
        secrets: this.options.apiKey === undefined ? [] : [this.options.apiKey],
        clock,
        ...(this.options.timeoutMs === undefined ? {} : { timeoutMs: this.options.timeoutMs }),
        ...(this.options.killGraceMs === undefined ? {} : { killGraceMs: this.options.killGraceMs }),
        ...(this.options.onDiagnostic === undefined ? {} : { onDiagnostic: this.options.onDiagnostic }),
        ...(this.options.onProcessStarted === undefined ? {} : { onProcessStarted: this.options.onProcessStarted }),
      },
      input,
      emit,
    );
  }
}

/** Without a Kanbots key, the CLI's own login (`auth.json` of the user's Codex home) is linked in. */
async function linkCliLogin(home: string, env: Record<string, string | undefined>): Promise<void> {
  const userHome = env['CODEX_HOME'] ?? (env['HOME'] === undefined ? undefined : path.join(env['HOME'], '.codex'));
  if (userHome === undefined || path.resolve(userHome) === path.resolve(home)) return;
  const source = path.join(userHome, 'auth.json');
  const target = path.join(home, 'auth.json');
  try {
    await access(source);
    await symlink(source, target).catch(() => undefined);
  } catch {
    // No login there: Codex will say it is not logged in.
  }
}

export function createCodexExecutor(options: CodexExecutorOptions): CodexExecutor {
  return new CodexExecutor(options);
}
