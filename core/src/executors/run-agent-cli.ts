import type { AgentEvent } from '../agents/agent-events.js';
import type { ErrorData } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { Usage } from '../providers/model-port.js';
import { createRedactor } from '../log/redact.js';
import type { AgentEventDraft, ExecutorResult, ExecutorRunInput } from './executor.js';
import { AgentCliError } from './executor-errors.js';
import { parseJsonLine } from './line-splitter.js';
import { startProcess } from './process-runner.js';

/**
 * The part every agent CLI executor shares: spawn the CLI in the worktree, feed each stdout line
 * to the CLI's pure converter, stamp and redact the events, and turn the way the process ended
 * (final line, cancel, pause at a safe point, crash, timeout) into an `ExecutorResult`.
 */

/** What a CLI's converter exposes to the runner. */
export interface CliStreamMapper {
  readonly sessionId: string | undefined;
  /** Set once the CLI reported its final result. */
  readonly outcome: { status: 'done' | 'failed'; result?: string; error?: ErrorData; usage: Usage; costUsd: number } | undefined;
  /** Tools started and not yet finished (a pause waits for zero). */
  readonly runningToolCount: number;
  /** Usage reported so far (for runs that end without a final result). */
  readonly usageSoFar?: Usage;
  push(line: unknown): AgentEventDraft[];
}

export interface AgentCliInvocation {
  cli: string;
  command: string;
  args: string[];
  env: Record<string, string | undefined>;
  mapper: CliStreamMapper;
  /** Secret values to redact from every event and error (the API key). */
  secrets: string[];
  clock: Clock;
  timeoutMs?: number;
  killGraceMs?: number;
  onDiagnostic?: (message: string) => void;
  /** Told the process (group) id once the CLI started, e.g. for the activity log. */
  onProcessStarted?: (pid: number) => void;
  /** Runs after the process ended, whatever happened (e.g. removing a per-run config folder). */
  cleanup?: () => Promise<void>;
}

export async function runAgentCli(invocation: AgentCliInvocation, input: ExecutorRunInput, emit: (event: AgentEvent) => void): Promise<ExecutorResult> {
  const redactor = createRedactor(invocation.secrets);
  const { mapper, clock } = invocation;
  const diagnostic = (message: string): void => invocation.onDiagnostic?.(redactor.text(message));
  const emitDraft = (draft: AgentEventDraft): void => {
    emit(redactor.value({ ...draft, agentId: input.agentId, at: clock.now() } as AgentEvent));
  };
  const nonJsonLines: string[] = [];
  let pauseRequested = input.pauseSignal?.aborted ?? false;
  let stoppedForPause = false;
  let finalLineSeen = false;
  let reportedSessionId: string | undefined;
  const reportSession = (): void => {
    const sessionId = mapper.sessionId;
    if (sessionId === undefined || sessionId === reportedSessionId) return;
    reportedSessionId = sessionId;
    input.onSessionStarted?.(sessionId);
  };

  const child = startProcess({
    command: invocation.command,
    args: invocation.args,
    cwd: input.worktree,
    env: invocation.env,
    signal: input.signal,
    ...(invocation.timeoutMs === undefined ? {} : { timeoutMs: invocation.timeoutMs }),
    ...(invocation.killGraceMs === undefined ? {} : { killGraceMs: invocation.killGraceMs }),
    onLine: (line) => {
      const parsed = parseJsonLine(line);
      if (!parsed.ok) {
        nonJsonLines.push(line);
        if (nonJsonLines.length > 20) nonJsonLines.shift();
        diagnostic(`${invocation.cli}: ignored a stdout line that is not JSON (${parsed.reason}): ${line.slice(0, 200)}`);
        return;
      }
      if (stoppedForPause) return;
      for (const draft of mapper.push(parsed.value)) emitDraft(draft);
      reportSession();
      if (mapper.outcome !== undefined) finalLineSeen = true;
      pauseAtSafePoint();
    },
    onStderr: (text) => diagnostic(`${invocation.cli} stderr: ${text.trimEnd()}`),
  });

  if (child.pid !== undefined) invocation.onProcessStarted?.(child.pid);

  function pauseAtSafePoint(): void {
    if (!pauseRequested || stoppedForPause || finalLineSeen || mapper.runningToolCount > 0) return;
    stoppedForPause = true;
    child.stop('requested');
  }
  const onPause = (): void => {
    pauseRequested = true;
    pauseAtSafePoint();
  };
  input.pauseSignal?.addEventListener('abort', onPause, { once: true });
  if (pauseRequested) pauseAtSafePoint();

  const ended = await child.done;
  input.pauseSignal?.removeEventListener('abort', onPause);
  await invocation.cleanup?.().catch((error: unknown) => diagnostic(`${invocation.cli}: cleanup failed: ${String(error)}`));

  const sessionId = mapper.sessionId;
  const base = { ...(sessionId === undefined ? {} : { sessionId }), usage: mapper.outcome?.usage ?? mapper.usageSoFar ?? { inputTokens: 0, outputTokens: 0 }, costUsd: mapper.outcome?.costUsd ?? 0 };

  if (finalLineSeen && mapper.outcome !== undefined) {
    const outcome = mapper.outcome;
    return {
      ...base,
      status: outcome.status,
      ...(outcome.result === undefined ? {} : { result: outcome.result }),
      ...(outcome.error === undefined ? {} : { error: outcome.error }),
    };
  }
  if (ended.stoppedBy === 'aborted') {
    emitDraft({ type: 'agent.finished', status: 'cancelled', reason: 'cancelled' });
    return { ...base, status: 'cancelled' };
  }
  if (stoppedForPause) return { ...base, status: 'paused' };

  let error: AgentCliError;
  if (ended.spawnError !== undefined) {
    const missing = (ended.spawnError as NodeJS.ErrnoException).code === 'ENOENT';
    error = missing
      ? new AgentCliError('not_installed', invocation.cli, `${invocation.cli} is not installed (no "${invocation.command}" on PATH)`)
      : new AgentCliError('exited', invocation.cli, `${invocation.cli} could not start: ${ended.spawnError.message}`);
  } else if (ended.stoppedBy === 'timeout') {
    error = new AgentCliError('timeout', invocation.cli, `${invocation.cli} ran longer than ${invocation.timeoutMs ?? 0} ms and was stopped`, {
      details: { timeoutMs: invocation.timeoutMs },
    });
  } else {
    const how = ended.signal === null ? `exit code ${String(ended.exitCode)}` : `signal ${ended.signal}`;
    const tail = (ended.stderrTail.trim() || nonJsonLines.join('\n')).slice(-1000);
    error = new AgentCliError('exited', invocation.cli, `${invocation.cli} ended (${how}) without a final result${tail ? `: ${tail}` : ''}`, {
      details: { exitCode: ended.exitCode, signal: ended.signal },
    });
  }
  const data = redactor.value(error.toData());
  emitDraft({ type: 'agent.error', error: data });
  emitDraft({ type: 'agent.finished', status: 'failed', reason: data.code });
  return { ...base, status: 'failed', error: data };
}
