import type { AgentContext, PendingToolCall, ResumeTarget } from '../agents/agent-context.js';

/**
 * Turns an agent's persisted snapshot, as it was on disk when the process died, into one that is
 * safe to restore (pure):
 * - a tool call the journal says finished is settled with its recorded result (never run again);
 * - a tool call that started but has no recorded result is settled as "interrupted; effects
 *   unknown" (never run again — the model decides what to do);
 * - an agent that was mid-step (preparing, requesting, backing off, running tools) comes back
 *   `paused`, with `resumeTo` where it was, and without its in-flight children (a request is sent
 *   again on RESUME; a tool is not). So does one awaiting an approval whose call already started.
 */

export interface ToolJournalEntry {
  callId: string;
  event: 'started' | 'finished';
  name?: string;
  content?: string;
  isError?: boolean;
}

/**
 * The result of a task-ending tool whose `finished` is journaled but whose settlement did not
 * reach the snapshot: for the built-in ones it follows from the validated input.
 */
export const taskEndingToolResults: Readonly<Record<string, (input: unknown) => unknown>> = {
  finish: (input) => ({ summary: (input as { summary?: unknown }).summary }),
  submit_review: (input) => input,
  submit_judgement: (input) => input,
};

export const interruptedToolContent =
  'The tool call was interrupted: Kanbots stopped while it was running, so its effects are unknown. Check the current state before repeating it.';

export const withheldToolContent =
  'The tool call was not run: its input held a secret, which Kanbots never writes to disk, so it could not be kept across a restart. Issue it again if it is still needed, without the secret in it.';

interface PersistedAgentSnapshot {
  status: string;
  value: unknown;
  context: AgentContext;
  children?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface RestoredAgentSnapshot {
  snapshot: PersistedAgentSnapshot;
  /** True when the agent was mid-step and comes back paused. */
  interrupted: boolean;
  /** Calls settled on restore: `finished` (recorded result), `interrupted`, or `withheld` (its input held a secret). */
  settledFromJournal: { callId: string; how: 'finished' | 'interrupted' | 'withheld' }[];
}

const activeStates: Record<string, ResumeTarget> = {
  preparing: 'preparing',
  requesting: 'requesting',
  backingOff: 'requesting',
  nextTurn: 'requesting',
  retryDecision: 'requesting',
  afterResponse: 'runningTools',
  runningTools: 'runningTools',
  afterTools: 'runningTools',
};

function topState(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) return Object.keys(value)[0] ?? '';
  return '';
}

export function restoreAgentSnapshot(persisted: unknown, journal: readonly ToolJournalEntry[]): RestoredAgentSnapshot {
  const snapshot = structuredClone(persisted) as PersistedAgentSnapshot;
  const settledFromJournal: RestoredAgentSnapshot['settledFromJournal'] = [];
  const finished = new Map<string, ToolJournalEntry>();
  const started = new Set<string>();
  for (const entry of journal) {
    if (entry.event === 'finished') finished.set(entry.callId, entry);
    else started.add(entry.callId);
  }
  const context = snapshot.context;
  context.pendingToolCalls = context.pendingToolCalls.map((call): PendingToolCall => {
    if (call.settled !== undefined) return call;
    if (call.inputWithheld === true && !started.has(call.callId)) {
      settledFromJournal.push({ callId: call.callId, how: 'withheld' });
      const { inputWithheld: _withheld, ...rest } = call;
      return { ...rest, settled: { content: withheldToolContent, isError: true, hasResult: false, durationMs: 0, mistake: false } };
    }
    const done = finished.get(call.callId);
    if (done !== undefined) {
      settledFromJournal.push({ callId: call.callId, how: 'finished' });
      const ending = done.isError === true ? undefined : taskEndingToolResults[call.name];
      const settled = { content: done.content ?? '', isError: done.isError ?? false, hasResult: ending !== undefined, durationMs: 0, mistake: false };
      return { ...call, settled: ending === undefined ? settled : { ...settled, result: ending(call.input) } };
    }
    if (started.has(call.callId)) {
      settledFromJournal.push({ callId: call.callId, how: 'interrupted' });
      return { ...call, settled: { content: interruptedToolContent, isError: true, hasResult: false, durationMs: 0, mistake: false } };
    }
    return call;
  });

  const state = topState(snapshot.value);
  // Waiting for an approval of a call that has since started (approved just before the crash): go on with the tools.
  const approvalOvertaken = state === 'awaitingApproval' && settledFromJournal.length > 0;
  const live = snapshot.status === 'active' || snapshot.status === 'stopped';
  const resumeTo = live ? (approvalOvertaken ? 'runningTools' : activeStates[state]) : undefined;
  if (snapshot.status === 'stopped') snapshot.status = 'active';
  if (resumeTo === undefined) return { snapshot, interrupted: false, settledFromJournal };
  snapshot.value = 'paused';
  snapshot.children = {};
  context.phase = 'paused';
  context.resumeTo = resumeTo;
  context.pauseRequested = false;
  return { snapshot, interrupted: true, settledFromJournal };
}
