import type { AgentEvent } from '../agents/agent-events.js';
import type { ToolCallView } from './run-views.js';
import { limits, tailOf } from '../model/limits.js';

/**
 * What a run's view remembers of each agent's live activity for the UI, folded from agent events: the
 * tail of its latest text, its recent tool calls (with diffs of file edits), and a readable status
 * line for backoff ("rate limited — retrying in 12 s"). Pure and bounded.
 */

const liveToolCallCap = limits.viewToolCalls;

export interface AgentLiveState {
  text: string;
  toolCalls: ToolCallView[];
  /** Set while backing off or after an error; cleared when the agent moves on. */
  notice?: string;
  /** While backing off: when the next attempt starts (epoch ms), for a countdown. */
  retryAt?: number;
}

export function emptyAgentLiveState(): AgentLiveState {
  return { text: '', toolCalls: [] };
}

function describeBackoff(event: Extract<AgentEvent, { type: 'agent.backoff' }>): string {
  const seconds = Math.max(1, Math.round(event.delayMs / 1000));
  const kind = String(event.error.details?.kind ?? event.error.code);
  const what: Record<string, string> = {
    rate_limited: 'rate limited',
    overloaded: 'the provider is overloaded',
    server_error: 'the provider had an error',
    network: 'the network failed',
    timeout: 'the request timed out',
    stream_dropped: 'the connection dropped mid-answer',
  };
  return `${what[kind] ?? 'request failed'} — retrying in ${seconds} s (attempt ${event.attempt})`;
}

/**
 * The latest call with this id. Ids are unique per turn, not always per run (a scripted or
 * replayed conversation can reuse one in a later turn): an event is about the newest call that has it.
 */
function latestIndex(state: AgentLiveState, callId: string, name?: string): number {
  for (let index = state.toolCalls.length - 1; index >= 0; index -= 1) {
    const call = state.toolCalls[index]!;
    if (call.callId === callId) return name === undefined || call.name === name ? index : -1;
  }
  return -1;
}

function updateCall(state: AgentLiveState, callId: string, update: (call: ToolCallView) => ToolCallView): AgentLiveState {
  const index = latestIndex(state, callId);
  if (index < 0) return state;
  return { ...state, toolCalls: state.toolCalls.map((call, position) => (position === index ? update(call) : call)) };
}

export function foldAgentEvent(state: AgentLiveState, event: AgentEvent): AgentLiveState {
  switch (event.type) {
    case 'agent.text.start':
      return { ...state, text: '' };
    case 'agent.text.delta': {
      return { ...state, text: tailOf(state.text + event.text, limits.viewTextLength) };
    }
    case 'agent.tool.started': {
      const call: ToolCallView = { callId: event.callId, name: event.name, input: event.input, status: 'running', startedAt: event.at };
      // The same call started again (after a restore) is the one already listed; another call reusing its id is a new one.
      const existing = latestIndex(state, event.callId, event.name) >= 0;
      return existing ? updateCall(state, event.callId, (item) => ({ ...item, status: 'running' })) : { ...state, toolCalls: [...state.toolCalls, call].slice(-liveToolCallCap) };
    }
    case 'agent.tool.approval.requested': {
      const existing = latestIndex(state, event.callId, event.name) >= 0;
      const call: ToolCallView = { callId: event.callId, name: event.name, input: event.input, status: 'awaiting_approval', startedAt: event.at };
      return existing ? updateCall(state, event.callId, (item) => ({ ...item, status: 'awaiting_approval' })) : { ...state, toolCalls: [...state.toolCalls, call].slice(-liveToolCallCap) };
    }
    case 'agent.tool.approval.resolved':
      return event.approved ? state : updateCall(state, event.callId, (item) => ({ ...item, status: 'denied', content: event.reason ?? 'Denied' }));
    case 'agent.tool.finished':
      return updateCall(state, event.callId, (item) => {
        const next: ToolCallView = { ...item, status: event.isError ? 'failed' : 'done', content: event.content, durationMs: event.durationMs };
        const diff = event.data?.diff;
        if (typeof diff === 'string') next.diff = diff;
        return next;
      });
    case 'agent.backoff':
      return { ...state, notice: describeBackoff(event), retryAt: event.at + event.delayMs };
    case 'agent.error':
      return withoutRetry({ ...state, notice: event.error.message });
    case 'agent.state.changed':
      if (event.to === 'backingOff') return state;
      return event.to === 'failed' ? withoutRetry(state) : withoutNotice(state);
    default:
      return state;
  }
}

function withoutNotice(state: AgentLiveState): AgentLiveState {
  if (state.notice === undefined && state.retryAt === undefined) return state;
  const { notice: _notice, retryAt: _retryAt, ...rest } = state;
  return rest;
}

function withoutRetry(state: AgentLiveState): AgentLiveState {
  if (state.retryAt === undefined) return state;
  const { retryAt: _retryAt, ...rest } = state;
  return rest;
}
