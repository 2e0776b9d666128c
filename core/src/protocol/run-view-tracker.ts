import type { Kanbots } from '../kanbots.js';
import type { RunEvent, RunSummary } from '../runs/run-events.js';
import { liveStatesOfActivity } from './agent-events-of-activity.js';
import { emptyAgentLiveState, foldAgentEvent, type AgentLiveState } from './agent-live-state.js';
import type { ProtocolHub } from './protocol-hub.js';
import { toRunView } from './run-view-of-summary.js';
import type { RunView } from './run-views.js';
import { RUN_AGENT_EVENT_TOPIC, RUN_UPDATED_TOPIC } from './topics.js';

/**
 * Keeps the `RunView` of every run for a host's clients: folds the run manager's event stream
 * (and each agent's live events) with the pure derivation of run-view-of-summary.ts and publishes
 * `run.updated` (whole views, coalesced per tick) and `run.agent.event` (batched on the wire) on
 * the hub. A host creates one and forwards what it publishes; it derives nothing itself.
 */
export class RunViewTracker {
  private readonly live = new Map<string, Map<string, AgentLiveState>>();
  private readonly dirty = new Set<string>();
  private flushScheduled = false;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly kanbots: Pick<Kanbots, 'runs' | 'subscribe'>,
    private readonly hub: Pick<ProtocolHub, 'publish'>,
  ) {
    this.unsubscribe = kanbots.subscribe((event) => this.onEvent(event));
  }

  /** Every run's view (for the hello snapshot). */
  views(): RunView[] {
    return this.kanbots.runs.list().map((summary) => this.view(summary));
  }

  view(summary: RunSummary): RunView {
    return toRunView(summary, this.live.get(summary.id) ?? new Map());
  }

  viewOf(runId: string): RunView {
    return this.view(this.kanbots.runs.get(runId));
  }

  /**
   * Rebuilds the agents' tool calls of runs that came back after a restart from their activity
   * logs (before any client connects); an unreadable log gives nothing.
   */
  restore(): void {
    for (const summary of this.kanbots.runs.list()) {
      if (this.live.has(summary.id)) continue;
      const agents = this.readLiveStates(summary.id);
      if (agents.size > 0 && !this.live.has(summary.id)) this.live.set(summary.id, agents);
    }
  }

  close(): void {
    this.unsubscribe();
  }

  private readLiveStates(runId: string): Map<string, AgentLiveState> {
    try {
      return liveStatesOfActivity(this.kanbots.runs.activity(runId));
    } catch {
      return new Map();
    }
  }

  private onEvent(event: RunEvent): void {
    if (event.type === 'run.agent.event') {
      const agents = this.live.get(event.runId) ?? new Map<string, AgentLiveState>();
      this.live.set(event.runId, agents);
      agents.set(event.agent, foldAgentEvent(agents.get(event.agent) ?? emptyAgentLiveState(), event.event));
      this.hub.publish(RUN_AGENT_EVENT_TOPIC, { runId: event.runId, agent: event.agent, event: event.event });
      // Text deltas change only the live text, which the UI appends itself from run.agent.event.
      if (event.event.type === 'agent.text.delta') return;
    }
    this.markDirty(event.runId);
  }

  private markDirty(runId: string): void {
    this.dirty.add(runId);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    queueMicrotask(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    for (const runId of this.dirty) {
      let view: RunView;
      try {
        view = this.viewOf(runId);
      } catch {
        // A run that vanished between the event and the flush has nothing left to show.
        continue;
      }
      this.hub.publish(RUN_UPDATED_TOPIC, view);
    }
    this.dirty.clear();
  }
}
