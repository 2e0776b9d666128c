import type { AgentEvent } from '../agents/agent-events.js';
import type { ActivityKind } from '../log/activity-log.js';

/** Which activity record (if any) an agent event becomes (pure). Text deltas are not logged. */
export function activityOfAgentEvent(event: AgentEvent): { kind: ActivityKind; data: Record<string, unknown> } | undefined {
  switch (event.type) {
    case 'agent.state.changed':
      return { kind: 'agent.state', data: { from: event.from, to: event.to, ...(event.reason === undefined ? {} : { reason: event.reason }) } };
    case 'agent.turn.ended':
      return { kind: 'model.request', data: { model: event.model, turn: event.turn, inputTokens: event.usage.inputTokens, outputTokens: event.usage.outputTokens, latencyMs: event.latencyMs, costUsd: event.costUsd, stopReason: event.stopReason } };
    case 'agent.tool.started':
      return { kind: 'tool.call', data: { callId: event.callId, name: event.name, input: event.input } };
    case 'agent.tool.finished':
      return { kind: 'tool.result', data: { callId: event.callId, name: event.name, isError: event.isError, content: event.content, durationMs: event.durationMs } };
    case 'agent.tool.approval.requested':
      return { kind: 'approval', data: { callId: event.callId, name: event.name, input: event.input, status: 'requested' } };
    case 'agent.tool.approval.resolved':
      return { kind: 'approval', data: { callId: event.callId, approved: event.approved, status: 'resolved', ...(event.by === undefined ? {} : { by: event.by }), ...(event.reason === undefined ? {} : { reason: event.reason }) } };
    case 'agent.backoff':
      return { kind: 'error', data: { retrying: true, attempt: event.attempt, delayMs: event.delayMs, error: event.error } };
    case 'agent.error':
      return { kind: 'error', data: { error: event.error } };
    case 'agent.finished':
      return { kind: 'agent.state', data: { finished: event.status, ...(event.reason === undefined ? {} : { reason: event.reason }) } };
    default:
      return undefined;
  }
}
