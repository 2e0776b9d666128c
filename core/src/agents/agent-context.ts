import type { ErrorData } from '../errors.js';
import type { ModelMessage, ModelPricing, StopReason, TextPart, ToolCallPart, Usage } from '../providers/model-port.js';
import type { ToolPolicy } from './tools/tool.js';
import type { AgentBudgets } from './agent-budgets.js';
import type { AgentBudgetName, AgentFailureReason, AgentPhase } from './agent-events.js';
import { defaultRetrySettings, type RetrySettings } from './retry-settings.js';

/**
 * The agent's context: plain data only, so `actor.getPersistedSnapshot()` survives
 * `JSON.stringify` and a restored actor carries on where it was.
 */

/** What the tool said, once a call is settled (ran, was refused, or was a model mistake). */
export interface SettledToolCall {
  content: string;
  isError: boolean;
  data?: Record<string, unknown>;
  /** The agent's result when the tool ends the task (`finish`). */
  result?: unknown;
  hasResult: boolean;
  durationMs: number;
  /** True when the call was the model's mistake (unknown tool, bad JSON, invalid input). */
  mistake: boolean;
}

/** A tool call of the current turn. `settled` ones are never run again, even after a restore. */
export interface PendingToolCall {
  callId: string;
  name: string;
  /** The input the tool gets (validated by its schema), or the raw parsed JSON when invalid. */
  input: unknown;
  /** Why the call cannot run: a model mistake, answered with a tool error. */
  problem?: string;
  approved: boolean;
  settled?: SettledToolCall;
  /**
   * Only in a persisted snapshot: the call's input held a secret, so it was written redacted and
   * cannot be run as the model sent it after a restart (it is answered as withheld instead).
   */
  inputWithheld?: true;
}

/** Where `RESUME` takes a paused agent. `requesting` re-sends the request. */
export type ResumeTarget = 'preparing' | 'requesting' | 'runningTools' | 'awaitingApproval' | 'backingOff';

export interface AgentFailure {
  reason: AgentFailureReason;
  budget?: AgentBudgetName;
  error?: ErrorData;
}

export interface AgentSettings {
  agentId: string;
  /** The model port's provider name (for errors the agent makes itself, e.g. timeouts). */
  provider: string;
  modelName: string;
  system?: string;
  /** Names of the tools offered to the model. */
  toolNames: string[];
  policy: ToolPolicy;
  budgets: AgentBudgets;
  pricing?: ModelPricing;
  retry: RetrySettings;
  /** More consecutive model mistakes than this fail the run `model_misbehaving`. */
  maxConsecutiveMistakes: number;
  maxOutputTokens?: number;
}

export interface AgentContext extends AgentSettings {
  phase: AgentPhase;
  conversation: ModelMessage[];
  /** Follow-up instructions received mid-turn; they join the conversation before the next request. */
  queuedMessages: string[];
  resumeTo: ResumeTarget | null;
  /** PAUSE arrived while a tool was running: pause once it finishes. */
  pauseRequested: boolean;
  turn: number;
  usage: Usage;
  costUsd: number;
  pendingToolCalls: PendingToolCall[];
  consecutiveMistakes: number;
  retryAttempt: number;
  retryDelayMs: number;
  /** When the request being retried first failed (clock ms); absent while nothing is being retried. */
  retryStartedAt?: number;
  /** The last draw from the injected random source (jitter). */
  jitter: number;
  lastError: ErrorData | null;
  /** From the injected Clock: when START arrived, and the last reading. */
  startedAt: number | null;
  now: number;
  result?: unknown;
  failure: AgentFailure | null;
}

export type AgentInput = Omit<AgentSettings, 'retry' | 'maxConsecutiveMistakes' | 'toolNames' | 'policy' | 'budgets'> & {
  toolNames?: string[];
  policy?: ToolPolicy;
  budgets?: AgentBudgets;
  retry?: Partial<RetrySettings>;
  maxConsecutiveMistakes?: number;
};

export function initialAgentContext(input: AgentInput): AgentContext {
  return {
    ...input,
    toolNames: input.toolNames ?? [],
    policy: input.policy ?? { default: 'allow' },
    budgets: input.budgets ?? {},
    retry: { ...defaultRetrySettings, ...input.retry },
    maxConsecutiveMistakes: input.maxConsecutiveMistakes ?? 3,
    phase: 'idle',
    conversation: [],
    queuedMessages: [],
    resumeTo: null,
    pauseRequested: false,
    turn: 0,
    usage: { inputTokens: 0, outputTokens: 0 },
    costUsd: 0,
    pendingToolCalls: [],
    consecutiveMistakes: 0,
    retryAttempt: 0,
    retryDelayMs: 0,
    jitter: 0,
    lastError: null,
    startedAt: null,
    now: 0,
    failure: null,
  };
}

/** A model answer as the request actor hands it to the machine: assembled and checked. */
export interface CheckedResponse {
  content: (TextPart | ToolCallPart)[];
  stopReason: StopReason;
  usage: Usage;
  model: string;
  latencyMs: number;
  /** One entry per tool call, in order: the validated input, or the problem the model must fix. */
  toolCalls: { callId: string; name: string; input: unknown; problem?: string }[];
}
