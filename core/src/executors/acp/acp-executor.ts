import * as acp from '@agentclientprotocol/sdk';
import type { AgentEvent, ApprovalOption } from '../../agents/agent-events.js';
import type { ErrorData } from '../../errors.js';
import { createRedactor } from '../../log/redact.js';
import { systemClock, type Clock } from '../../ports/clock.js';
import type { Usage } from '../../providers/model-port.js';
import { emptyUsage, secretEnvironmentVariables, type AgentEventDraft, type AgentExecutor, type ExecutorResult, type ExecutorRunInput } from '../executor.js';
import { AgentCliError, cliProviderError } from '../executor-errors.js';
import type { AcpAgentCommand } from './acp-agent-command.js';
import { chooseOption, decidePermission } from './acp-permissions.js';
import { startAcpProcess, type AcpProcess, type AcpProcessExit } from './acp-process.js';
import { AcpUpdateMapper } from './map-acp-update.js';
import type { WorkflowToolsSession } from './workflow-tools-mcp-server.js';

/**
 * Runs any agent that speaks the Agent Client Protocol (v1) over its stdio: one executor run is
 * one prompt turn in one ACP session. Text streams as deltas, tool calls become tool events with
 * their kind, files and diffs, a permission request is answered by the run's policy (`allow` /
 * `deny`) or asked of the person (`agent.tool.approval.requested` with the agent's own options,
 * answered through `input.approvals` by kind — never picked automatically). Pause sends
 * `session/cancel` at once (mid-turn) and keeps the session; the next run continues it with
 * `session/resume` where the agent offers it, else `session/load` (its replay is not re-emitted).
 * The agent process ending before the turn does is a retryable `AgentCliError`.
 */

export interface AcpExecutorOptions {
  agent: AcpAgentCommand;
  /** Secrets and settings for the agent (an API key, a base URL); redacted from every event. */
  secretEnv?: Record<string, string>;
  /** MCP servers given to `session/new` / `session/load` / `session/resume` (e.g. Kanbots' workflow tools). */
  mcpServers?: (input: ExecutorRunInput) => acp.McpServer[] | Promise<acp.McpServer[]>;
  /**
   * Kanbots' workflow tools for the run (an MCP session of `startWorkflowToolsMcpServer`), given
   * to the agent with its session; a valid answer through them (a review, a judgement) is the
   * run's result instead of the agent's text.
   */
  workflowTools?: (input: ExecutorRunInput) => WorkflowToolsSession | undefined;
  /** Settings of one run added to the agent's environment (a model variable, a written config's home). */
  runEnv?: (input: ExecutorRunInput) => Promise<Record<string, string>>;
  clock?: Clock;
  killGraceMs?: number;
  /** stderr of the agent, redacted. */
  onDiagnostic?: (message: string) => void;
  onProcessStarted?: (pid: number) => void;
}

/** How long a failed request waits for the process's exit to report it. */
const exitReportMs = 2000;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

interface TurnState {
  pauseRequested: boolean;
  /** A pause waits for the tool calls running to finish (a question still open is answered at once). */
  pauseWhenToolsFinish: boolean;
  /** Permission questions the person has not answered yet. */
  openQuestions: number;
  /** Tool calls refused during the current prompt (by the person or the policy). */
  refusals: { title: string; reason?: string }[];
  cancelRequested: boolean;
  /** Aborted on pause or cancel: a question still open is answered `cancelled`. */
  readonly interrupt: AbortController;
}

export class AcpExecutor implements AgentExecutor {
  readonly kind: string;
  /** Tool names the person allowed "always" for this agent (Kanbots' own remembered allow). */
  private readonly alwaysAllowed = new Map<string, Set<string>>();

  constructor(private readonly options: AcpExecutorOptions) {
    this.kind = options.agent.name;
  }

  async run(input: ExecutorRunInput, emit: (event: AgentEvent) => void): Promise<ExecutorResult> {
    const clock = this.options.clock ?? systemClock;
    const name = this.options.agent.name;
    const tools = this.options.workflowTools?.(input);
    const toolSecrets = tools === undefined ? [] : tools.declaration.headers.map((header) => header.value);
    const redactor = createRedactor([...Object.values(this.options.secretEnv ?? {}), ...toolSecrets].filter((value) => value.length >= 8));
    const emitDraft = (draft: AgentEventDraft): void => emit(redactor.value({ ...draft, agentId: input.agentId, at: clock.now() } as AgentEvent));
    const mapper = new AcpUpdateMapper({ worktree: input.worktree, now: () => clock.now(), turn: 1 });
    const turn: TurnState = { pauseRequested: input.pauseSignal?.aborted ?? false, pauseWhenToolsFinish: false, openQuestions: 0, refusals: [], cancelRequested: input.signal.aborted, interrupt: new AbortController() };
    const startedAt = clock.now();
    let sessionId: string | undefined = input.resumeSessionId;
    let replaying = false;
    let replayedCostUsd: number | undefined;

    const runEnv = (await this.options.runEnv?.(input)) ?? {};
    const proc = startAcpProcess({
      command: this.options.agent.command,
      args: this.options.agent.args ?? [],
      cwd: input.worktree,
      env: { ...this.environment(input.env), ...runEnv },
      ...(this.options.killGraceMs === undefined ? {} : { killGraceMs: this.options.killGraceMs }),
      onStderr: (text) => this.options.onDiagnostic?.(redactor.text(`${name} stderr: ${text.trimEnd()}`)),
    });
    if (proc.pid !== undefined) this.options.onProcessStarted?.(proc.pid);

    const app = acp
      .client({ name: 'kanbots' })
      .onNotification('session/update', ({ params }) => {
        if (sessionId !== undefined && params.sessionId !== sessionId) return;
        if (replaying) {
          if (params.update.sessionUpdate === 'usage_update' && params.update.cost?.currency === 'USD') replayedCostUsd = params.update.cost.amount;
          return;
        }
        for (const draft of mapper.push(params.update)) emitDraft(draft);
        if (turn.pauseWhenToolsFinish && mapper.runningToolCount === 0) {
          turn.pauseWhenToolsFinish = false;
          sendCancel();
        }
      })
      .onRequest('session/request_permission', ({ params }) =>
        // Kanbots' own workflow tools (answering with a review) need nobody's permission.
        tools?.isOwnTool(params.toolCall.name ?? params.toolCall.title ?? '') === true
          ? { outcome: chooseOption(params.options, true) === undefined ? { outcome: 'cancelled' as const } : { outcome: 'selected' as const, optionId: chooseOption(params.options, true)!.optionId } }
          : this.answerPermission(input, params, turn, emitDraft, () => {
          // A pause waiting for running tools does not wait for the person: it stops now.
          turn.pauseWhenToolsFinish = false;
          sendCancel();
        }),
      );
    const connection = app.connect(proc.stream);
    const agent = connection.agent;

    const sendCancel = (): void => {
      turn.interrupt.abort();
      if (sessionId !== undefined) agent.notify('session/cancel', { sessionId }).catch(() => undefined);
    };
    // Pause is mid-turn: at once when nothing runs or a question is open, else once the
    // running tool calls finish (so a write or command is not cut off half-way).
    const onPause = (): void => {
      turn.pauseRequested = true;
      if (turn.openQuestions === 0 && mapper.runningToolCount > 0) turn.pauseWhenToolsFinish = true;
      else sendCancel();
    };
    const onCancel = (): void => {
      turn.cancelRequested = true;
      sendCancel();
    };
    input.pauseSignal?.addEventListener('abort', onPause, { once: true });
    input.signal.addEventListener('abort', onCancel, { once: true });

    const result = (status: ExecutorResult['status'], extra: Partial<ExecutorResult> = {}): ExecutorResult => {
      const costUsd = mapper.cumulativeCostUsd === undefined ? 0 : Math.max(0, mapper.cumulativeCostUsd - (replayedCostUsd ?? 0));
      return { status, usage: emptyUsage(), costUsd, ...(sessionId === undefined ? {} : { sessionId }), ...extra };
    };
    const fail = (error: ErrorData): ExecutorResult => {
      const data = redactor.value(error);
      for (const draft of mapper.finish()) emitDraft(draft);
      for (const draft of mapper.abandonTools('The agent stopped before this tool call finished.')) emitDraft(draft);
      emitDraft({ type: 'agent.error', error: data });
      // The built-in agent's reason for a failure of the model's API.
      emitDraft({ type: 'agent.finished', status: 'failed', reason: data.name === 'ProviderError' ? 'provider_error' : data.code });
      return result('failed', { error: data });
    };

    try {
      const exitedEarly = proc.exited.then((exit) => ({ exit }));
      // A request the closing connection rejects reports how the process ended, when it did.
      const step = async <T>(request: Promise<T>): Promise<T> => {
        const outcome = await Promise.race([
          request.then(
            (value) => ({ value }),
            async (error: unknown) => (await Promise.race([exitedEarly, delay(exitReportMs).then(() => ({ error }))])),
          ),
          exitedEarly,
        ]);
        if ('exit' in outcome) throw this.exitError(outcome.exit);
        if ('error' in outcome) throw outcome.error;
        return outcome.value;
      };
      const initialized = await step(
        agent.request('initialize', {
          protocolVersion: acp.PROTOCOL_VERSION,
          clientCapabilities: { fs: { readTextFile: false, writeTextFile: false }, terminal: false },
          clientInfo: { name: 'kanbots', version: '0.1.0' },
        }),
      );
      if (initialized.protocolVersion !== acp.PROTOCOL_VERSION) {
        throw new AgentCliError('failed', name, `${name} speaks ACP version ${String(initialized.protocolVersion)}; Kanbots speaks version ${acp.PROTOCOL_VERSION}`);
      }
      const mcpServers = [...((await this.options.mcpServers?.(input)) ?? []), ...(tools === undefined ? [] : [tools.declaration])];
      const capabilities = initialized.agentCapabilities ?? {};
      let prompt = input.prompt;
      let continued = false;
      if (input.resumeSessionId !== undefined) {
        const resumeId = input.resumeSessionId;
        try {
          if (capabilities.sessionCapabilities?.resume != null) {
            await step(agent.request('session/resume', { sessionId: resumeId, cwd: input.worktree, mcpServers }));
          } else if (capabilities.loadSession === true) {
            replaying = true;
            await step(agent.request('session/load', { sessionId: resumeId, cwd: input.worktree, mcpServers }));
            replaying = false;
          } else {
            throw new AgentCliError('failed', name, `${name} cannot continue an earlier session (it offers neither session/resume nor session/load)`);
          }
          continued = true;
        } catch (error) {
          replaying = false;
          // The agent does not know the session (it was cut off before saving it, Claude Code
          // saves a session once its first answer arrives): a new one starts with the task.
          if (!(error instanceof acp.RequestError && error.code === resourceNotFoundCode && input.task !== undefined)) throw error;
          this.options.onDiagnostic?.(`${name} no longer knows session ${resumeId}; starting a new session with the task`);
          prompt = input.task === input.prompt ? input.task : `${input.task}\n\n${input.prompt}`;
        }
      }
      if (!continued) {
        const created = await step(agent.request('session/new', { cwd: input.worktree, mcpServers }));
        sessionId = created.sessionId;
        input.onSessionStarted?.(created.sessionId);
      }
      const activeSession = sessionId!;
      if (turn.cancelRequested) return this.cancelled(emitDraft, result);
      if (turn.pauseRequested) return result('paused');

      let response: acp.PromptResponse;
      const usage = emptyUsage();
      for (let continuation = 0; ; continuation += 1) {
        turn.refusals = [];
        response = await step(agent.request('session/prompt', { sessionId: activeSession, prompt: [{ type: 'text', text: prompt }] }));
        addUsage(usage, usageOf(response));
        // Some agents (Codex) end the whole turn when a tool call is refused; the refusal is then
        // told to the agent as the next prompt, so a denial reads the same as with other agents.
        const endedByRefusal = response.stopReason === 'cancelled' && !turn.pauseRequested && !turn.cancelRequested && turn.refusals.length > 0;
        if (!endedByRefusal || continuation >= maxRefusalContinuations) break;
        prompt = refusalPrompt(turn.refusals);
      }
      for (const draft of mapper.finish()) emitDraft(draft);
      if (turn.cancelRequested) return this.cancelled(emitDraft, result, mapper);
      for (const draft of mapper.abandonTools(turn.pauseRequested ? 'Paused before this tool call finished.' : 'The turn ended before this tool call finished.')) emitDraft(draft);
      const ran = result('done', { usage });
      emitDraft({
        type: 'agent.turn.ended',
        turn: 1,
        usage,
        costUsd: ran.costUsd,
        latencyMs: Math.max(0, clock.now() - startedAt),
        model: input.model ?? name,
        stopReason: response.stopReason === 'end_turn' ? 'end_turn' : response.stopReason === 'max_tokens' ? 'max_tokens' : 'other',
      });
      if (response.stopReason === 'cancelled' && turn.pauseRequested) return { ...ran, status: 'paused' };
      if (response.stopReason === 'max_turn_requests' || response.stopReason === 'max_tokens') {
        return { ...fail(new AgentCliError('max_turns', name, `${name} stopped: it reached its limit (${response.stopReason})`).toData()), usage };
      }
      if (response.stopReason === 'refusal') return { ...fail(new AgentCliError('failed', name, `${name} refused to continue`).toData()), usage };
      // end_turn, or a turn the agent ended itself after a refused permission (Codex does).
      // A workflow tool's answer (a review) is the result; else the agent's final text.
      const answer: unknown = tools?.answer() ?? (mapper.text === '' ? undefined : mapper.text);
      emitDraft({ type: 'agent.finished', status: 'done', ...(answer === undefined ? {} : { result: answer }) });
      return { ...ran, ...(answer === undefined ? {} : { result: answer }) };
    } catch (error) {
      if (turn.cancelRequested) return this.cancelled(emitDraft, result, mapper);
      return fail(toAgentError(name, error));
    } finally {
      input.pauseSignal?.removeEventListener('abort', onPause);
      input.signal.removeEventListener('abort', onCancel);
      tools?.close();
      await this.shutdown(proc, connection);
    }
  }

  private cancelled(emitDraft: (draft: AgentEventDraft) => void, result: (status: 'cancelled') => ExecutorResult, mapper?: AcpUpdateMapper): ExecutorResult {
    if (mapper !== undefined) for (const draft of [...mapper.finish(), ...mapper.abandonTools('Cancelled.')]) emitDraft(draft);
    emitDraft({ type: 'agent.finished', status: 'cancelled', reason: 'cancelled' });
    return result('cancelled');
  }

  private async shutdown(proc: AcpProcess, connection: acp.ClientConnection): Promise<void> {
    connection.close();
    await proc.stop();
  }

  private environment(base: Record<string, string | undefined>): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(base)) if (value !== undefined && !secretEnvironmentVariables.includes(key)) env[key] = value;
    return { ...env, ...this.options.agent.env, ...this.options.secretEnv };
  }

  private exitError(exit: AcpProcessExit): AgentCliError {
    const name = this.options.agent.name;
    if (exit.spawnError !== undefined) {
      const missing = (exit.spawnError as NodeJS.ErrnoException).code === 'ENOENT';
      return missing
        ? new AgentCliError('not_installed', name, `${name} is not installed (no "${this.options.agent.command}" found)`)
        : new AgentCliError('exited', name, `${name} could not start: ${exit.spawnError.message}`, { retryable: true });
    }
    const how = exit.signal === null ? `exit code ${String(exit.exitCode)}` : `signal ${exit.signal}`;
    const tail = exit.stderrTail.trim().slice(-1000);
    return new AgentCliError('exited', name, `${name} ended (${how}) before the turn finished${tail === '' ? '' : `: ${tail}`}`, {
      retryable: true,
      details: { exitCode: exit.exitCode, signal: exit.signal },
    });
  }

  /** The policy answers `allow` / `deny` itself; `ask` waits for the person's decision. */
  private async answerPermission(
    input: ExecutorRunInput,
    params: acp.RequestPermissionRequest,
    turn: TurnState,
    emitDraft: (draft: AgentEventDraft) => void,
    pauseNow: () => void,
  ): Promise<acp.RequestPermissionResponse> {
    const cancelled: acp.RequestPermissionResponse = { outcome: { outcome: 'cancelled' } };
    const callId = params.toolCall.toolCallId;
    const toolName = params.toolCall.name ?? params.toolCall.title ?? params.toolCall.kind ?? 'tool';
    const remembered = this.alwaysAllowed.get(input.agentId);
    const decision = remembered?.has(toolName) === true ? 'allow' : decidePermission(input.policy, params.toolCall);
    const select = (approved: boolean, scope?: 'once' | 'always'): acp.RequestPermissionResponse => {
      const option = chooseOption(params.options, approved, scope);
      return option === undefined ? cancelled : { outcome: { outcome: 'selected', optionId: option.optionId } };
    };
    if (decision === 'allow') return select(true);
    const title = params.toolCall.title ?? toolName;
    if (decision === 'deny') {
      const reason = `The run's tool policy does not allow ${toolName}.`;
      emitDraft({ type: 'agent.tool.approval.resolved', callId, approved: false, by: 'policy', reason });
      turn.refusals.push({ title, reason });
      return select(false);
    }
    if (turn.pauseWhenToolsFinish) pauseNow();
    if (turn.interrupt.signal.aborted || input.approvals === undefined) return cancelled;
    const options: ApprovalOption[] = params.options.map((option) => ({ kind: option.kind, label: option.name }));
    emitDraft({ type: 'agent.tool.approval.requested', callId, name: toolName, input: { title: params.toolCall.title ?? toolName, kind: params.toolCall.kind ?? 'other', rawInput: params.toolCall.rawInput }, options });
    let answer;
    turn.openQuestions += 1;
    try {
      answer = await input.approvals.decision(callId, turn.interrupt.signal);
    } catch {
      return cancelled;
    } finally {
      turn.openQuestions -= 1;
    }
    const resolved: AgentEventDraft = { type: 'agent.tool.approval.resolved', callId, approved: answer.approved };
    if (answer.by !== undefined) resolved.by = answer.by;
    if (answer.reason !== undefined) resolved.reason = answer.reason;
    emitDraft(resolved);
    if (answer.approved && answer.scope === 'always' && !params.options.some((option) => option.kind === 'allow_always')) {
      // The agent cannot remember it: Kanbots does, for this agent of the run.
      this.alwaysAllowed.set(input.agentId, new Set([...(remembered ?? []), toolName]));
    }
    if (!answer.approved) turn.refusals.push({ title, ...(answer.reason === undefined ? {} : { reason: answer.reason }) });
    return select(answer.approved, answer.scope);
  }
}

/** How many times one run tells the agent of refusals that ended its turn before it stops. */
const maxRefusalContinuations = 10;

function refusalPrompt(refusals: readonly { title: string; reason?: string }[]): string {
  const lines = refusals.map((refusal) => `- ${refusal.title}${refusal.reason === undefined ? '' : ` (${refusal.reason})`}`);
  return ['The person did not allow:', ...lines, 'Do not do that. Carry on with the task another way, or say why you cannot.'].join('\n');
}

function addUsage(total: Usage, more: Usage): void {
  total.inputTokens += more.inputTokens;
  total.outputTokens += more.outputTokens;
  if (more.cacheReadTokens !== undefined) total.cacheReadTokens = (total.cacheReadTokens ?? 0) + more.cacheReadTokens;
  if (more.cacheWriteTokens !== undefined) total.cacheWriteTokens = (total.cacheWriteTokens ?? 0) + more.cacheWriteTokens;
}

function usageOf(response: acp.PromptResponse): Usage {
  const reported = (response as { usage?: { inputTokens?: unknown; outputTokens?: unknown; cachedReadTokens?: unknown; cachedWriteTokens?: unknown } }).usage;
  const usage = emptyUsage();
  if (reported === undefined || reported === null) return usage;
  if (typeof reported.inputTokens === 'number') usage.inputTokens = reported.inputTokens;
  if (typeof reported.outputTokens === 'number') usage.outputTokens = reported.outputTokens;
  if (typeof reported.cachedReadTokens === 'number' && reported.cachedReadTokens > 0) usage.cacheReadTokens = reported.cachedReadTokens;
  if (typeof reported.cachedWriteTokens === 'number' && reported.cachedWriteTokens > 0) usage.cacheWriteTokens = reported.cachedWriteTokens;
  return usage;
}

/** JSON-RPC error code ACP uses for "authentication required". */
const authRequiredCode = -32000;
/** JSON-RPC error code ACP uses for "resource not found" (an unknown session). */
const resourceNotFoundCode = -32002;

function toAgentError(name: string, error: unknown): ErrorData {
  if (error instanceof AgentCliError) return error.toData();
  if (error instanceof acp.RequestError) {
    // ACP's "authentication required" (both adapters answer a 401 of the model's API with it).
    if (error.code === authRequiredCode) return cliProviderError(name, `${name} could not sign in to its model's API: ${error.message}`, 401).toData();
    // An API failure the agent passes on in its message (Claude Code: "API Error: 500 …").
    const status = /API Error:? (\d{3})\b/.exec(error.message)?.[1];
    if (status !== undefined) return cliProviderError(name, `${name}: ${error.message}`, Number(status)).toData();
    return new AgentCliError('failed', name, `${name} answered with an error: ${error.message}`, { details: { code: error.code } }).toData();
  }
  const message = error instanceof Error ? error.message : String(error);
  return new AgentCliError('exited', name, `${name}: the connection ended (${message})`, { retryable: true }).toData();
}

export function createAcpExecutor(options: AcpExecutorOptions): AcpExecutor {
  return new AcpExecutor(options);
}
