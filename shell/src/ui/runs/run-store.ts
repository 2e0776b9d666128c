import type { DiffFileView, RunStatus, RunView } from '@kanbots/core/protocol';
import { diffFileViewSchema } from '@kanbots/core/protocol';
import { batch, createMemo, createSignal, type Accessor, type Setter } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import { z } from 'zod';
import type { CommandSender } from '../state/board-store.js';
import { parseRunView, parseRunViews, parseStatecharts, runAgentEventSchema, type MachineGraph, type RunStartRequest } from './run-messages.js';

/** How much streamed text the UI keeps per agent (the tail). */
export const LIVE_TEXT_CAP = 40_000;

export interface RunStoreOptions {
  send: CommandSender;
  /** Told when a command fails (the message is for a toast). */
  failed?: (message: string) => void;
  /** Told when a run's status changes after the UI knew it (not for runs first seen in a snapshot). */
  statusChanged?: (run: RunView, previous: RunStatus | undefined) => void;
}

export interface RunStore {
  runs: Accessor<readonly RunView[]>;
  run(runId: string): RunView | undefined;
  /** The newest run of a card (the one its tile and panel show). */
  runOfCard(cardId: string): RunView | undefined;
  statechart(name: string): MachineGraph | undefined;
  /** The agent's streamed text: the last view's text plus the deltas that came after it. */
  liveText(runId: string, agentId: string): string;
  acceptSnapshot(runs: unknown, statecharts: unknown): void;
  acceptRunUpdated(data: unknown): void;
  acceptAgentEvent(data: unknown): void;
  start(request: RunStartRequest): Promise<RunView | undefined>;
  pause(runId: string, agentId?: string): Promise<boolean>;
  resume(runId: string, agentId?: string): Promise<boolean>;
  cancel(runId: string): Promise<boolean>;
  retry(runId: string): Promise<boolean>;
  approve(runId: string, agentId: string, callId: string): Promise<boolean>;
  deny(runId: string, agentId: string, callId: string, reason?: string): Promise<boolean>;
  followUp(runId: string, text: string): Promise<boolean>;
  merge(runId: string, candidateId?: string): Promise<boolean>;
  discard(runId: string): Promise<boolean>;
  diff(runId: string, candidateId?: string): Promise<DiffFileView[]>;
}

const diffResultSchema = z.object({ files: z.array(diffFileViewSchema) });

interface LiveText {
  text: Accessor<string>;
  setText: Setter<string>;
  turn: number;
}

export function createRunStore(options: RunStoreOptions): RunStore {
  const [byId, setById] = createStore<Record<string, RunView>>({});
  const [charts, setCharts] = createSignal<Record<string, MachineGraph>>({});
  const live = new Map<string, LiveText>();
  const runs = createMemo(() => Object.values(byId).sort((a, b) => a.createdAt - b.createdAt));
  const byCard = createMemo(() => {
    const result = new Map<string, RunView>();
    for (const run of runs()) result.set(run.cardId, run);
    return result;
  });

  const liveEntry = (runId: string, agentId: string): LiveText => {
    const key = `${runId}\u0000${agentId}`;
    let entry = live.get(key);
    if (!entry) {
      const agent = byId[runId]?.agents.find((candidate) => candidate.id === agentId);
      const [text, setText] = createSignal(agent?.text ?? '');
      entry = { text, setText, turn: agent?.turn ?? 0 };
      live.set(key, entry);
    }
    return entry;
  };

  const put = (run: RunView, announce: boolean): void => {
    const previous = byId[run.id];
    if (previous && previous.updatedAt > run.updatedAt) return;
    const previousStatus = previous?.status;
    batch(() => {
      setById(run.id, reconcile(run, { key: 'id', merge: true }));
      for (const agent of run.agents) {
        const entry = live.get(`${run.id}\u0000${agent.id}`);
        if (entry) {
          entry.turn = agent.turn;
          entry.setText(agent.text);
        }
      }
    });
    if (announce && previousStatus !== run.status && (previous !== undefined || run.status !== 'queued')) {
      options.statusChanged?.(run, previousStatus);
    }
  };

  const command = async (name: string, args: Record<string, unknown>): Promise<RunView | undefined> => {
    try {
      const view = parseRunView(await options.send(name, args));
      if (view) put(view, true);
      return view;
    } catch (error) {
      options.failed?.(`Could not ${COMMAND_WORDS[name] ?? name}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  };
  const succeeded = async (name: string, args: Record<string, unknown>): Promise<boolean> => (await command(name, args)) !== undefined;

  return {
    runs,
    run: (runId) => byId[runId],
    runOfCard: (cardId) => byCard().get(cardId),
    statechart: (name) => charts()[name],
    liveText: (runId, agentId) => liveEntry(runId, agentId).text(),
    acceptSnapshot(runsData, statecharts) {
      const views = parseRunViews(runsData);
      const known = new Set(Object.keys(byId));
      batch(() => {
        if (statecharts !== undefined) setCharts(parseStatecharts(statecharts));
        for (const view of views) put(view, known.has(view.id));
      });
    },
    acceptRunUpdated(data) {
      const view = parseRunView(data);
      if (view) put(view, true);
    },
    acceptAgentEvent(data) {
      const parsed = runAgentEventSchema.safeParse(data);
      if (!parsed.success) return;
      const { runId, event } = parsed.data;
      if (event.type !== 'agent.text.start' && event.type !== 'agent.text.delta') return;
      const entry = liveEntry(runId, parsed.data.agent ?? event.agentId);
      const turn = event.turn ?? entry.turn;
      if (turn > entry.turn) {
        entry.turn = turn;
        entry.setText('');
      }
      if (event.type === 'agent.text.delta' && event.text) {
        const delta = event.text;
        entry.setText((text) => {
          const next = text + delta;
          return next.length > LIVE_TEXT_CAP ? next.slice(next.length - LIVE_TEXT_CAP) : next;
        });
      }
    },
    start: (request) => command('run.start', { cardId: request.cardId, workflow: request.workflow, options: request.options }),
    pause: (runId, agentId) => succeeded('run.pause', { runId, ...(agentId ? { agentId } : {}) }),
    resume: (runId, agentId) => succeeded('run.resume', { runId, ...(agentId ? { agentId } : {}) }),
    cancel: (runId) => succeeded('run.cancel', { runId }),
    retry: (runId) => succeeded('run.retry', { runId }),
    approve: (runId, agentId, callId) => succeeded('run.approve', { runId, agentId, callId }),
    deny: (runId, agentId, callId, reason) => succeeded('run.deny', { runId, agentId, callId, ...(reason ? { reason } : {}) }),
    followUp: (runId, text) => succeeded('run.followUp', { runId, text }),
    merge: (runId, candidateId) => succeeded('run.merge', { runId, ...(candidateId ? { candidateId } : {}) }),
    discard: (runId) => succeeded('run.discard', { runId }),
    async diff(runId, candidateId) {
      try {
        return diffResultSchema.parse(await options.send('run.diff', { runId, ...(candidateId ? { candidateId } : {}) })).files;
      } catch (error) {
        options.failed?.(`Could not load the diff: ${error instanceof Error ? error.message : String(error)}`);
        return [];
      }
    },
  };
}

const COMMAND_WORDS: Record<string, string> = {
  'run.start': 'start the run',
  'run.pause': 'pause the run',
  'run.resume': 'resume the run',
  'run.cancel': 'cancel the run',
  'run.retry': 'retry the step',
  'run.approve': 'approve the tool call',
  'run.deny': 'deny the tool call',
  'run.followUp': 'send the instruction',
  'run.merge': 'merge',
  'run.discard': 'discard the work',
};
