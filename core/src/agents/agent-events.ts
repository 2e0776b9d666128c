import type { ErrorData } from '../errors.js';
import type { StopReason, Usage } from '../providers/model-port.js';
import { limits } from '../model/limits.js';

/**
 * What an agent tells the world: one closed union of plain, serialisable messages named
 * subject.verb (STYLE §3). The same vocabulary for every executor — the built-in tool-use loop
 * emits it today, agent CLIs (Claude Code, Codex) will translate their streams into it — so the
 * activity log, the UI feed and the tests subscribe to one channel (`actor.on('*', …)`).
 * Every event carries the `agentId` and the time `at` (epoch ms, from the injected Clock).
 */

/** The agent's top-level states, as the card shows them. */
export type AgentPhase =
  | 'idle'
  | 'preparing'
  | 'requesting'
  | 'backingOff'
  | 'runningTools'
  | 'awaitingApproval'
  /** An agent CLI run in progress: the CLI requests and runs its tools itself (cli-agent-machine). */
  | 'running'
  | 'paused'
  | 'done'
  | 'failed'
  | 'cancelled';

export type AgentBudgetName = 'turns' | 'tokens' | 'cost' | 'wall_time';

export type AgentFinishStatus = 'done' | 'failed' | 'cancelled';

/** Why a run failed, when it did. */
export type AgentFailureReason = 'budget_exceeded' | 'model_misbehaving' | 'provider_error' | 'preparation_failed';

/** One of an agent's own answers to a permission request, as it words it. */
export interface ApprovalOption {
  kind: 'allow_once' | 'allow_always' | 'reject_once' | 'reject_always';
  label: string;
}

/** Events without the stamp every event gets (`agentId`, `at`). */
export type AgentEventBody =
  | { type: 'agent.state.changed'; from: AgentPhase; to: AgentPhase; reason?: string }
  | { type: 'agent.text.start'; turn: number; index: number }
  | { type: 'agent.text.delta'; turn: number; index: number; text: string }
  | { type: 'agent.text.end'; turn: number; index: number }
  | { type: 'agent.tool.started'; callId: string; name: string; input: unknown }
  | {
      type: 'agent.tool.finished';
      callId: string;
      name: string;
      isError: boolean;
      /** What the model was told, capped at `toolContentCap` characters. */
      content: string;
      data?: Record<string, unknown>;
      durationMs: number;
    }
  | {
      type: 'agent.tool.approval.requested';
      callId: string;
      name: string;
      input: unknown;
      /** The agent's own choices (ACP agents), in its order and words; APPROVE / DENY pick by kind. */
      options?: ApprovalOption[];
    }
  | { type: 'agent.tool.approval.resolved'; callId: string; approved: boolean; by?: string; reason?: string }
  | { type: 'agent.turn.ended'; turn: number; usage: Usage; costUsd: number; latencyMs: number; model: string; stopReason: StopReason }
  | { type: 'agent.backoff'; attempt: number; delayMs: number; error: ErrorData }
  | { type: 'agent.error'; error: ErrorData }
  | {
      type: 'agent.finished';
      status: AgentFinishStatus;
      result?: unknown;
      reason?: AgentFailureReason | string;
      /** Which budget ran out, when `reason` is `budget_exceeded`. */
      budget?: AgentBudgetName;
    };

export interface AgentEventStamp {
  agentId: string;
  /** Epoch milliseconds from the injected Clock. */
  at: number;
}

type Stamped<Body> = Body extends unknown ? Body & AgentEventStamp : never;

/** Every event an agent emits. */
export type AgentEvent = Stamped<AgentEventBody>;

export type AgentEventType = AgentEvent['type'];

export const agentEventTypes = [
  'agent.state.changed',
  'agent.text.start',
  'agent.text.delta',
  'agent.text.end',
  'agent.tool.started',
  'agent.tool.finished',
  'agent.tool.approval.requested',
  'agent.tool.approval.resolved',
  'agent.turn.ended',
  'agent.backoff',
  'agent.error',
  'agent.finished',
] as const satisfies readonly AgentEventType[];

/** How much of a tool's output an event carries (the model gets all of it). */
export const toolContentCap = limits.toolContentLength;

export function capToolContent(content: string, cap: number = toolContentCap): string {
  if (content.length <= cap) return content;
  return `${content.slice(0, cap)}… [${content.length - cap} more characters]`;
}

export function isAgentEvent(value: unknown): value is AgentEvent {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { type?: unknown; agentId?: unknown; at?: unknown };
  return (
    typeof candidate.type === 'string' &&
    (agentEventTypes as readonly string[]).includes(candidate.type) &&
    typeof candidate.agentId === 'string' &&
    typeof candidate.at === 'number'
  );
}
