import type { AgentEvent } from '../../agents/agent-events.js';
import { systemClock, type Clock } from '../../ports/clock.js';
import type { AgentExecutor, ExecutorResult, ExecutorRunInput } from '../executor.js';
import { runAgentCli } from '../run-agent-cli.js';
import { claudeCodeArguments, claudeCodeEnvironment } from './claude-code-invocation.js';
import { ClaudeStreamMapper, cliName } from './map-claude-stream-json.js';

/**
 * Runs Claude Code (`claude -p … --output-format stream-json --verbose`) in the agent's worktree.
 * The session id from `system/init` comes back in the result: pass it as `resumeSessionId` for a
 * follow-up or after a pause / restart (`--resume`). Pause ends the process at a safe point (no
 * tool running); cancel kills the whole process group.
 */

export interface ClaudeCodeExecutorOptions {
  /** The `claude` executable: a name looked up on PATH, or a path. Default `claude`. */
  command?: string;
  /** Kanbots' Anthropic key; without it the CLI uses its own login. Never logged. */
  apiKey?: string;
  /** e.g. `http://127.0.0.1:PORT` (no `/v1`). */
  baseUrl?: string;
  clock?: Clock;
  /** Extra environment for the CLI, e.g. `{ CLAUDE_CODE_MAX_RETRIES: '0' }` in tests. */
  extraEnv?: Record<string, string>;
  extraArgs?: string[];
  /** Stop the run after this long (whole process group). */
  timeoutMs?: number;
  killGraceMs?: number;
  /** Non-JSON stdout lines and stderr, redacted. */
  onDiagnostic?: (message: string) => void;
  /** Told the CLI's process (group) id when it starts. */
  onProcessStarted?: (pid: number) => void;
}

export class ClaudeCodeExecutor implements AgentExecutor {
  readonly kind = cliName;

  constructor(private readonly options: ClaudeCodeExecutorOptions = {}) {}

  run(input: ExecutorRunInput, emit: (event: AgentEvent) => void): Promise<ExecutorResult> {
    const clock = this.options.clock ?? systemClock;
    const credentials = {
      ...(this.options.apiKey === undefined ? {} : { apiKey: this.options.apiKey }),
      ...(this.options.baseUrl === undefined ? {} : { baseUrl: this.options.baseUrl }),
    };
    return runAgentCli(
      {
        cli: cliName,
        command: this.options.command ?? 'claude',
        args: claudeCodeArguments(input, this.options.extraArgs),
        env: claudeCodeEnvironment(input.env, credentials, this.options.extraEnv),
        mapper: new ClaudeStreamMapper({ now: () => clock.now() }),
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

export function createClaudeCodeExecutor(options: ClaudeCodeExecutorOptions = {}): ClaudeCodeExecutor {
  return new ClaudeCodeExecutor(options);
}
