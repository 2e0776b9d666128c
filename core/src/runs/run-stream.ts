import type { ActivityKind } from '../log/activity-log.js';
import type { RunEvent } from './run-events.js';

/**
 * One typed stream of everything that happens to a manager's runs, in the order it happens. The
 * activity log, the UI feed (`RunManager.subscribe`: the `RunEvent`s), the named kill points
 * (`checkpoint`) and tests (`RunManager.observe`) are subscribers of this one stream; the run
 * manager, its effects and the agent hosts only emit into it.
 */
export type RunStreamEvent =
  | RunEvent
  /** Something the run's activity log records (an agent's own events are recorded from `run.agent.event`). */
  | { type: 'run.activity'; runId: string; kind: ActivityKind; data: Record<string, unknown>; agentId?: string }
  /** A named point of a run: a step boundary is durable, or an effect is about to touch the world. */
  | { type: 'run.checkpoint'; runId: string; point: string }
  /** An agent's snapshot changed (its step boundary is on its way to the store); the run's view may follow. */
  | { type: 'run.agent.changed'; runId: string; agent: string }
  /** A named point of the git layer (the worktree manager: registered, created, removal started), for whichever run or view asked. */
  | { type: 'git.checkpoint'; point: string };

export type RunStreamListener = (event: RunStreamEvent) => void;

/** The stream's events that are not part of the UI feed. */
const notFeed: ReadonlySet<RunStreamEvent['type']> = new Set(['run.activity', 'run.checkpoint', 'run.agent.changed', 'git.checkpoint']);

/** Whether the event is one of the UI feed's (`RunEvent`, what the protocol's run topics carry). */
export function isRunEvent(event: RunStreamEvent): event is RunEvent {
  return !notFeed.has(event.type);
}

export class RunStream {
  private readonly listeners = new Set<RunStreamListener>();

  /** Listens to every event from now on, after the listeners already there; returns the unsubscribe. */
  subscribe(listener: RunStreamListener): () => void {
    // A listener added twice is two subscriptions (each unsubscribes its own).
    const own: RunStreamListener = (event) => listener(event);
    this.listeners.add(own);
    return () => this.listeners.delete(own);
  }

  emit(event: RunStreamEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }

  clear(): void {
    this.listeners.clear();
  }
}

/** An activity record of the run (`runId` of the run or its record). */
export function activity(run: { record: { id: string } }, kind: ActivityKind, data: Record<string, unknown>, agentId?: string): RunStreamEvent {
  return agentId === undefined ? { type: 'run.activity', runId: run.record.id, kind, data } : { type: 'run.activity', runId: run.record.id, kind, data, agentId };
}

/** A named point of the run (what the durability tests kill at). */
export function checkpoint(run: { record: { id: string } }, point: string): RunStreamEvent {
  return { type: 'run.checkpoint', runId: run.record.id, point };
}
