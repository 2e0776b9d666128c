import { z } from 'zod';
import type { AgentEvent } from '../agents/agent-events.js';
import type { ActivityRecord } from '../log/activity-log.js';
import { emptyAgentLiveState, foldAgentEvent, type AgentLiveState } from './agent-live-state.js';

/**
 * After a restart the agents' live activity (their tool calls, with results) is rebuilt from each
 * run's activity log, so a run that comes back — interrupted, paused or at its gate — still shows
 * what its agents did. Streamed text is not in the log and starts empty. Pure: the records are
 * read by run-view-tracker.ts.
 */

const toolCall = z.object({ agent: z.string(), callId: z.string(), name: z.string(), input: z.unknown() });
const toolResult = z.object({ agent: z.string(), callId: z.string(), name: z.string(), isError: z.boolean(), content: z.string(), durationMs: z.number() });
const approvalRequested = toolCall.extend({ status: z.literal('requested') });
const approvalResolved = z.object({ agent: z.string(), callId: z.string(), status: z.literal('resolved'), approved: z.boolean(), reason: z.string().optional() });

/** The agent event an activity record stands for (tool calls, results and approvals), with the agent's key. */
export function agentEventOfActivity(record: ActivityRecord): { agent: string; event: AgentEvent } | undefined {
  const stamp = { agentId: record.agentId ?? '', at: record.at };
  if (record.kind === 'tool.call') {
    const data = toolCall.safeParse(record.data);
    return data.success ? { agent: data.data.agent, event: { ...stamp, type: 'agent.tool.started', callId: data.data.callId, name: data.data.name, input: data.data.input } } : undefined;
  }
  if (record.kind === 'tool.result') {
    const data = toolResult.safeParse(record.data);
    if (!data.success) return undefined;
    const { agent, callId, name, isError, content, durationMs } = data.data;
    return { agent, event: { ...stamp, type: 'agent.tool.finished', callId, name, isError, content, durationMs } };
  }
  if (record.kind === 'approval') {
    const requested = approvalRequested.safeParse(record.data);
    if (requested.success) {
      const { agent, callId, name, input } = requested.data;
      return { agent, event: { ...stamp, type: 'agent.tool.approval.requested', callId, name, input } };
    }
    const resolved = approvalResolved.safeParse(record.data);
    if (!resolved.success) return undefined;
    const { agent, callId, approved, reason } = resolved.data;
    return { agent, event: { ...stamp, type: 'agent.tool.approval.resolved', callId, approved, ...(reason === undefined ? {} : { reason }) } };
  }
  return undefined;
}

/** Folds a run's activity records into each agent's live state (keyed by the agent's key). */
export function liveStatesOfActivity(records: readonly ActivityRecord[]): Map<string, AgentLiveState> {
  const agents = new Map<string, AgentLiveState>();
  for (const record of records) {
    const item = agentEventOfActivity(record);
    if (item) agents.set(item.agent, foldAgentEvent(agents.get(item.agent) ?? emptyAgentLiveState(), item.event));
  }
  return agents;
}
