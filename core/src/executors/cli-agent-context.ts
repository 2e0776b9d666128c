import { z } from 'zod';
import { errorDataSchema } from '../model/error-data.js';
import type { ErrorData } from '../errors.js';
import type { ToolPolicy } from '../agents/tools/tool.js';
import type { AgentPhase } from '../agents/agent-events.js';
import type { Usage } from '../providers/model-port.js';
import { addUsage, type ExecutorResult } from './executor.js';
import type { ExecutorLogicInput } from './executor-actor-logic.js';

/**
 * The CLI agent's context: plain data only (no worktree path, no environment, no secrets), so
 * `actor.getPersistedSnapshot()` survives `JSON.stringify` and a restored actor resumes the CLI's
 * session. Pure: no `node:*`, no SDK.
 */

export interface CliAgentSettings {
  agentId: string;
  /** The executor's kind (`claude-code`, `codex`, …), for the UI and logs. */
  executorKind: string;
  model?: string;
  policy: ToolPolicy;
  maxTurns?: number;
  /** The prompt sent with `--resume` when a paused or interrupted run continues without a follow-up. */
  resumePrompt: string;
}

export interface CliAgentContext extends CliAgentSettings {
  phase: AgentPhase;
  /** The first instruction (START). */
  task: string | null;
  /** The prompt of the run in progress; re-sent on RESUME only when no session exists yet. */
  prompt: string | null;
  /** The CLI's session (Claude Code) or thread (Codex) id: every later run resumes it. */
  sessionId: string | null;
  /** Follow-ups received while a run was going or paused: the next run's prompt. */
  pendingFollowUps: string[];
  /** Totals over every run of this agent. */
  usage: Usage;
  costUsd: number;
  /** How many executor runs have ended. */
  runs: number;
  /** The final answer of the last run that finished. */
  /** The last final answer: text, or a workflow tool's structured answer (ACP agents). */
  lastResult: unknown;
  lastError: ErrorData | null;
  /** The executor already emitted `agent.error` for the current run. */
  errorReported: boolean;
  /** The reason the executor gave in its own `agent.finished` (failures), reused in ours. */
  finishReason: string | null;
  cancelReason: string | null;
  /** Restored from a snapshot taken while a run was going: the run was cut off. */
  interrupted: boolean;
}

export type CliAgentInput = Omit<CliAgentSettings, 'resumePrompt'> & { resumePrompt?: string };

/** What a run of the executor is started with; the edge adds the worktree and the environment. */
export type CliAgentRunRequest = Omit<ExecutorLogicInput, 'worktree' | 'env'>;

export const defaultResumePrompt = 'Continue the task where you left off.';

export function initialCliAgentContext(input: CliAgentInput): CliAgentContext {
  return {
    ...input,
    resumePrompt: input.resumePrompt ?? defaultResumePrompt,
    phase: 'idle',
    task: null,
    prompt: null,
    sessionId: null,
    pendingFollowUps: [],
    usage: { inputTokens: 0, outputTokens: 0 },
    costUsd: 0,
    runs: 0,
    lastResult: null,
    lastError: null,
    errorReported: false,
    finishReason: null,
    cancelReason: null,
    interrupted: false,
  };
}

export function runRequestOf(context: CliAgentContext): CliAgentRunRequest {
  const request: CliAgentRunRequest = { agentId: context.agentId, prompt: context.prompt ?? '', policy: context.policy };
  if (context.sessionId !== null) request.resumeSessionId = context.sessionId;
  if (context.sessionId !== null && context.task !== null) request.task = context.task;
  if (context.model !== undefined) request.model = context.model;
  if (context.maxTurns !== undefined) request.maxTurns = context.maxTurns;
  return request;
}

/**
 * The prompt of the run RESUME starts: the follow-ups that waited, else the resume prompt into
 * the existing session, else (no session was ever reported) the interrupted prompt again —
 * never the first prompt into a new session once a session id is known.
 */
export function resumedPrompt(context: CliAgentContext): string | null {
  if (context.pendingFollowUps.length > 0) return followUpPrompt(context, context.pendingFollowUps);
  if (context.sessionId !== null) return context.resumePrompt;
  return context.prompt;
}

/**
 * The prompt of a follow-up run: the follow-ups, resumed into the session; with no session yet
 * (the run failed before the CLI started one) the unanswered prompt goes first, so it is not lost.
 */
export function followUpPrompt(context: CliAgentContext, texts: readonly string[]): string {
  if (context.sessionId === null && context.prompt !== null) return joinFollowUps([context.prompt, ...texts]);
  return joinFollowUps(texts);
}

export function joinFollowUps(texts: readonly string[]): string {
  return texts.join('\n\n');
}

/** The context after a run ended, whatever its status. */
export function afterRun(context: CliAgentContext, result: ExecutorResult): Partial<CliAgentContext> {
  return {
    usage: addUsage(context.usage, result.usage),
    costUsd: context.costUsd + result.costUsd,
    runs: context.runs + 1,
    sessionId: result.sessionId ?? context.sessionId,
    lastResult: result.status === 'done' ? (result.result ?? null) : context.lastResult,
    lastError: result.error ?? (result.status === 'failed' ? context.lastError : null),
  };
}

/** Why a failed run failed, as `agent.finished.reason` says it (the built-in agent's words). */
export function failureReasonOf(context: CliAgentContext): string {
  if (context.finishReason !== null) return context.finishReason;
  if (context.lastError?.name === 'ProviderError') return 'provider_error';
  if (context.lastError?.name === 'ConfigurationError') return 'preparation_failed';
  return context.lastError?.code ?? 'failed';
}

const decisionSchema = z.enum(['allow', 'ask', 'deny']);

/** The persisted context, checked when a snapshot is restored. */
export const cliAgentContextSchema = z.object({
  agentId: z.string().min(1),
  executorKind: z.string(),
  model: z.string().optional(),
  policy: z.object({ default: decisionSchema, rules: z.record(z.string(), decisionSchema).optional() }),
  maxTurns: z.number().int().positive().optional(),
  resumePrompt: z.string(),
  phase: z.string(),
  task: z.string().nullable(),
  prompt: z.string().nullable(),
  sessionId: z.string().nullable(),
  pendingFollowUps: z.array(z.string()),
  usage: z.object({ inputTokens: z.number(), outputTokens: z.number() }).loose(),
  costUsd: z.number(),
  runs: z.number().int().nonnegative(),
  lastResult: z.unknown(),
  lastError: errorDataSchema.nullable(),
  errorReported: z.boolean(),
  finishReason: z.string().nullable(),
  cancelReason: z.string().nullable(),
  interrupted: z.boolean(),
});
