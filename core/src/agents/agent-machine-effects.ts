import { ConfigurationError, type ErrorData } from '../errors.js';
import { estimateCostUsd, type ModelMessage } from '../providers/model-port.js';
import { ProviderError } from '../providers/provider-errors.js';
import { decideTool } from './tools/tool.js';
import { addUsage, findExceededBudget, type ExceededBudget } from './agent-budgets.js';
import type { AgentContext, CheckedResponse, PendingToolCall, ResumeTarget } from './agent-context.js';
import { BudgetExceededError, ModelMisbehavingError } from './agent-errors.js';
import { appendUserText, assistantMessage, textOf, toolResultMessage } from './conversation.js';
import { backoffDelayMs, retryFits, type RetriesGivenUp } from './retry-settings.js';

/**
 * Pure derivations the agent machine's guards and actions are made of: context in, data out.
 * Kept apart from the statechart so each is small and readable on its own.
 */

/** Input of the request actor: everything needed to (re-)send one request. */
export interface RequestModelInput {
  modelName: string;
  system?: string;
  messages: ModelMessage[];
  maxOutputTokens?: number;
  turn: number;
}

/** Input of the tool runner actor. */
export interface RunToolInput {
  callId: string;
  name: string;
  input: unknown;
}

/** What the tool runner actor resolves with. */
export interface ToolRunOutput {
  content: string;
  isError: boolean;
  data?: Record<string, unknown>;
  result?: unknown;
  hasResult: boolean;
  durationMs: number;
}

export function notProvided(what: string): ConfigurationError {
  return new ConfigurationError(`The agent machine's "${what}" is not provided: create agents with createAgentActor() or provideAgentMachine()`);
}

export function nextUnsettledCall(context: AgentContext): PendingToolCall | undefined {
  return context.pendingToolCalls.find((call) => call.settled === undefined);
}

export function requestInput(context: AgentContext): RequestModelInput {
  const input: RequestModelInput = { modelName: context.modelName, messages: context.conversation, turn: context.turn + 1 };
  if (context.system !== undefined) input.system = context.system;
  if (context.maxOutputTokens !== undefined) input.maxOutputTokens = context.maxOutputTokens;
  return input;
}

export function exceededBudget(context: AgentContext, moment: 'beforeTurn' | 'afterTurn'): ExceededBudget | undefined {
  return findExceededBudget(
    context.budgets,
    { turns: context.turn, usage: context.usage, costUsd: context.costUsd, startedAt: context.startedAt, now: context.now },
    moment,
  );
}

export function budgetErrorData(budget: ExceededBudget): ErrorData {
  return new BudgetExceededError(budget.budget, budget.limit, budget.used).toData();
}

export function misbehavingErrorData(context: AgentContext): ErrorData {
  const lastProblem = [...context.pendingToolCalls].reverse().find((call) => call.problem !== undefined)?.problem ?? 'unknown';
  return new ModelMisbehavingError(context.consecutiveMistakes, lastProblem).toData();
}

export function timeoutErrorData(context: AgentContext): ErrorData {
  return new ProviderError('timeout', `The model sent nothing for ${context.retry.requestIdleTimeoutMs} ms`, {
    provider: context.provider,
  }).toData();
}

/** The context after a model answer: the assistant message, the turn's usage and the calls to run. */
export function applyResponse(context: AgentContext, response: CheckedResponse): Partial<AgentContext> {
  const costUsd = estimateCostUsd(response.usage, context.pricing);
  return {
    conversation: [...context.conversation, assistantMessage(response.content)],
    turn: context.turn + 1,
    usage: addUsage(context.usage, response.usage),
    costUsd: context.costUsd + costUsd,
    pendingToolCalls: response.toolCalls.map((call) => {
      const pending: PendingToolCall = { callId: call.callId, name: call.name, input: call.input, approved: false };
      if (call.problem !== undefined) pending.problem = call.problem;
      return pending;
    }),
    retryAttempt: 0,
    retryStartedAt: undefined,
    lastError: null,
  };
}

export function turnCost(context: AgentContext, response: CheckedResponse): number {
  return estimateCostUsd(response.usage, context.pricing);
}

export function finalText(response: CheckedResponse): string {
  return textOf(response.content);
}

export function retryable(error: ErrorData | null): boolean {
  return error !== null && error.retryable;
}

export function retryAfterMsOf(error: ErrorData | null): number | undefined {
  const value = error?.details?.['retryAfterMs'];
  return typeof value === 'number' ? value : undefined;
}

export function plannedBackoff(context: AgentContext): { retryDelayMs: number; retryAttempt: number; retryStartedAt: number } {
  return {
    retryDelayMs: backoffDelayMs(context.retry, context.retryAttempt, context.jitter, retryAfterMsOf(context.lastError)),
    retryAttempt: context.retryAttempt + 1,
    retryStartedAt: context.retryStartedAt ?? context.now,
  };
}

/** Time since the failing request first failed (0 before any failure). */
export function retryElapsedMs(context: AgentContext): number {
  return context.retryStartedAt === undefined ? 0 : Math.max(0, context.now - context.retryStartedAt);
}

/** Whether a retryable failure gets another attempt: attempts left and the retry window not spent. */
export function canRetryNow(context: AgentContext): boolean {
  return retryable(context.lastError) && retryFits(context.retry, context.retryAttempt, retryElapsedMs(context), retryAfterMsOf(context.lastError)) === 'yes';
}

/**
 * The provider failure the agent fails with. A retryable one it stopped retrying carries why in
 * `details.retries` (attempts, time spent, and whether the limit or the person stopped it), so the
 * card can say it once beside the cause.
 */
export function providerFailureError(context: AgentContext, stoppedByPerson: boolean): ErrorData | undefined {
  const error = context.lastError;
  if (error === null) return undefined;
  if (!error.retryable) return error;
  const fits = retryFits(context.retry, context.retryAttempt, retryElapsedMs(context), retryAfterMsOf(error));
  const retries: RetriesGivenUp = {
    // In a backoff the next retry is already counted but not sent.
    attempts: stoppedByPerson ? Math.max(1, context.retryAttempt) : context.retryAttempt + 1,
    elapsedMs: retryElapsedMs(context),
    stoppedBy: stoppedByPerson ? 'person' : fits === 'time' ? 'time' : 'attempts',
  };
  return { ...error, details: { ...error.details, retries: { ...retries } } };
}

/** Settles the next unsettled call with `settled`, returning the new list. */
export function settleNextCall(context: AgentContext, settled: PendingToolCall['settled']): PendingToolCall[] {
  const next = nextUnsettledCall(context);
  return context.pendingToolCalls.map((call) => (call === next ? { ...call, settled } : call));
}

export function policyOf(context: AgentContext, call: PendingToolCall): 'allow' | 'ask' | 'deny' {
  return decideTool(context.policy, call.name);
}

/** The tool result message, plus any follow-up instructions that arrived meanwhile. */
export function conversationAfterTools(context: AgentContext): ModelMessage[] {
  let conversation = [...context.conversation, toolResultMessage(context.pendingToolCalls)];
  for (const text of context.queuedMessages) conversation = appendUserText(conversation, text);
  return conversation;
}

export function toolResultOf(context: AgentContext): { found: boolean; result?: unknown } {
  const finishing = context.pendingToolCalls.find((call) => call.settled?.hasResult === true);
  return finishing ? { found: true, result: finishing.settled?.result } : { found: false };
}

export function resumeTargetOf(context: AgentContext): ResumeTarget {
  return context.resumeTo ?? 'requesting';
}
