import { runViewSchema, type ActivityRecord, type DiffFileView, type MachineGraph, type RunStartArgs, type RunStatus, type RunView, type TopicData } from '@kanbots/core/protocol';
import { batch, createMemo, createSignal, type Accessor, type Setter } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import type { CommandSender } from '../transport/command-sender.js';
import { describeProblem } from '../transport/describe-problem.js';
import { limits, tailOf } from '@kanbots/core/model';

export interface RunStoreOptions {
  send: CommandSender;
  /** Told when a command fails (the message is for a toast). */
  failed?: (message: string) => void;
  /** Told when a run's status changes after the UI knew it (not for runs first seen in a snapshot). */
  statusChanged?: (run: RunView, previous: RunStatus | undefined) => void;
  /** Told when the host sent a run the UI could not read (it is shown as a problem on its card). */
  unreadable?: (problem: RunProblem) => void;
}

/** A run the host sent that the UI could not read: shown on its card as such, never dropped silently. */
export interface RunProblem {
  runId: string;
  cardId?: string;
  /** What did not fit, e.g. `agents.0.error: expected object, received string`. */
  reason: string;
}

export interface RunStore {
  runs: Accessor<readonly RunView[]>;
  run(runId: string): RunView | undefined;
  /** The newest run of a card (the one its tile and panel show). */
  runOfCard(cardId: string): RunView | undefined;
  statechart(name: string): MachineGraph | undefined;
  /** The card's runs the UI could not read. */
  problemsOfCard(cardId: string): RunProblem[];
  /** Runs the UI could not read (none of them is dropped silently). */
  problems: Accessor<readonly RunProblem[]>;
  /** The agent's streamed text: the last view's text plus the deltas that came after it. */
  liveText(runId: string, agentId: string): string;
  /** The runs of a snapshot (each one read on its own) and its statecharts. */
  acceptSnapshot(runs: readonly unknown[], statecharts: Record<string, MachineGraph>): void;
  /** A `run.updated` event, read here so a run the UI cannot read still shows up as a problem. */
  acceptRunUpdated(data: unknown): void;
  acceptAgentEvent(data: TopicData<'run.agent.event'>): void;
  start(request: RunStartArgs): Promise<RunView | undefined>;
  pause(runId: string, agentId?: string): Promise<boolean>;
  resume(runId: string, agentId?: string): Promise<boolean>;
  cancel(runId: string): Promise<boolean>;
  retry(runId: string): Promise<boolean>;
  /** Stops the retries of agents waiting to try the model again: the run fails with the last error and needs the person. */
  stopRetrying(runId: string): Promise<boolean>;
  approve(runId: string, agentId: string, callId: string): Promise<boolean>;
  deny(runId: string, agentId: string, callId: string, reason?: string): Promise<boolean>;
  followUp(runId: string, text: string): Promise<boolean>;
  merge(runId: string, candidateId?: string): Promise<boolean>;
  /** Discards the run's work, or one candidate of it (best-of-N: the others stay at the gate). */
  discard(runId: string, candidateId?: string): Promise<boolean>;
  /** Sends the person's review (comments on lines) to the developer as findings: a review round. */
  review(runId: string, request: { candidateId?: string; summary?: string; comments: { file: string; line?: number; message: string }[] }): Promise<boolean>;
  /** The run's activity log (undefined when it could not be read; a toast says why). */
  activity(runId: string): Promise<ActivityRecord[] | undefined>;
  /** The diff, with more context on request; or why it could not be read (no toast: the page shows it, and keeps what it showed). */
  diffFiles(runId: string, candidateId?: string, contextLines?: number): Promise<{ files: DiffFileView[] } | { problem: string }>;
  /** Puts back the git configuration, hooks and attributes the gate reports as changed. */
  undoGitConfig(runId: string): Promise<boolean>;
  /** Commits, pushes the branch and opens its pull request (or pushes to the open one). */
  openPullRequest(runId: string, request?: { candidateId?: string; title?: string; body?: string; draft?: boolean }): Promise<boolean>;
  /** The title and body the host would open the pull request with, for the dialog to edit (undefined when it could not say). */
  pullRequestDraft(runId: string): Promise<{ title: string; body: string } | undefined>;
  /** Sends the pull request's failed checks and review comments (default: all not sent yet) to the developer. */
  sendPullRequestFeedback(runId: string, selection?: { checks?: number[]; comments?: number[] }): Promise<boolean>;
  diff(runId: string, candidateId?: string): Promise<DiffFileView[]>;
}

interface LiveText {
  text: Accessor<string>;
  setText: Setter<string>;
  turn: number;
}

export function createRunStore(options: RunStoreOptions): RunStore {
  const [byId, setById] = createStore<Record<string, RunView>>({});
  const [charts, setCharts] = createSignal<Record<string, MachineGraph>>({});
  const [problemsById, setProblemsById] = createSignal<Record<string, RunProblem>>({});
  const problems = createMemo(() => Object.values(problemsById()));
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

  const putProblem = (problem: RunProblem): void => {
    setProblemsById((current) => ({ ...current, [problem.runId]: problem }));
    options.unreadable?.(problem);
  };

  /** Reads one run from the host: a view, or a problem the card shows. */
  const read = (data: unknown, announce: boolean): void => {
    const parsed = runViewSchema.safeParse(data);
    if (parsed.success) {
      put(parsed.data, announce);
      return;
    }
    const raw = typeof data === 'object' && data !== null ? (data as { id?: unknown; cardId?: unknown }) : {};
    const problem: RunProblem = { runId: typeof raw.id === 'string' ? raw.id : '(unknown run)', reason: describeProblem(parsed.error) };
    if (typeof raw.cardId === 'string') problem.cardId = raw.cardId;
    putProblem(problem);
  };

  const put = (run: RunView, announce: boolean): void => {
    if (problemsById()[run.id]) {
      setProblemsById((current) => {
        const { [run.id]: _solved, ...rest } = current;
        return rest;
      });
    }
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

  const command = async (name: RunViewCommand, run: () => Promise<RunView>): Promise<RunView | undefined> => {
    try {
      const view = await run();
      put(view, true);
      return view;
    } catch (error) {
      options.failed?.(`Could not ${COMMAND_WORDS[name]}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  };
  const succeeded = async (name: RunViewCommand, run: () => Promise<RunView>): Promise<boolean> => (await command(name, run)) !== undefined;
  const send = options.send;

  return {
    runs,
    run: (runId) => byId[runId],
    runOfCard: (cardId) => byCard().get(cardId),
    statechart: (name) => charts()[name],
    problems,
    problemsOfCard: (cardId) => problems().filter((problem) => problem.cardId === cardId),
    liveText: (runId, agentId) => liveEntry(runId, agentId).text(),
    acceptSnapshot(runsData, statecharts) {
      const known = new Set(Object.keys(byId));
      batch(() => {
        setCharts(statecharts);
        for (const data of runsData) {
          const id = (data as { id?: unknown } | null)?.id;
          read(data, typeof id === 'string' && known.has(id));
        }
      });
    },
    acceptRunUpdated(data) {
      read(data, true);
    },
    acceptAgentEvent({ runId, agent, event }) {
      if (event.type !== 'agent.text.start' && event.type !== 'agent.text.delta') return;
      const entry = liveEntry(runId, agent);
      const turn = event.turn;
      if (turn > entry.turn) {
        entry.turn = turn;
        entry.setText('');
      }
      if (event.type === 'agent.text.delta' && event.text !== '') {
        const delta = event.text;
        // The UI keeps the tail of what streamed.
        entry.setText((text) => tailOf(text + delta, limits.liveTextLength));
      }
    },
    start: (request) => command('run.start', () => send('run.start', request)),
    pause: (runId, agentId) => succeeded('run.pause', () => send('run.pause', { runId, ...(agentId ? { agentId } : {}) })),
    resume: (runId, agentId) => succeeded('run.resume', () => send('run.resume', { runId, ...(agentId ? { agentId } : {}) })),
    cancel: (runId) => succeeded('run.cancel', () => send('run.cancel', { runId })),
    retry: (runId) => succeeded('run.retry', () => send('run.retry', { runId })),
    stopRetrying: (runId) => succeeded('run.stopRetrying', () => send('run.stopRetrying', { runId })),
    approve: (runId, agentId, callId) => succeeded('run.approve', () => send('run.approve', { runId, agentId, callId })),
    deny: (runId, agentId, callId, reason) => succeeded('run.deny', () => send('run.deny', { runId, agentId, callId, ...(reason ? { reason } : {}) })),
    followUp: (runId, text) => succeeded('run.followUp', () => send('run.followUp', { runId, text })),
    merge: (runId, candidateId) => succeeded('run.merge', () => send('run.merge', { runId, ...(candidateId ? { candidateId } : {}) })),
    discard: (runId, candidateId) => succeeded('run.discard', () => send('run.discard', { runId, ...(candidateId ? { candidateId } : {}) })),
    review: (runId, request) => succeeded('run.review', () => send('run.review', { runId, ...request })),
    async activity(runId) {
      try {
        return (await send('run.activity', { runId })).records;
      } catch (error) {
        options.failed?.(`Could not load the run's activity: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      }
    },
    async diffFiles(runId, candidateId, contextLines) {
      try {
        return { files: (await send('run.diff', { runId, ...(candidateId ? { candidateId } : {}), ...(contextLines === undefined ? {} : { contextLines }) })).files };
      } catch (error) {
        return { problem: error instanceof Error ? error.message : String(error) };
      }
    },
    undoGitConfig: (runId) => succeeded('run.undoGitConfig', () => send('run.undoGitConfig', { runId })),
    openPullRequest: (runId, request = {}) => succeeded('run.openPullRequest', () => send('run.openPullRequest', { runId, ...request })),
    sendPullRequestFeedback: (runId, selection = {}) => succeeded('run.sendPullRequestFeedback', () => send('run.sendPullRequestFeedback', { runId, ...selection })),
    async pullRequestDraft(runId) {
      try {
        return await send('run.pullRequestDraft', { runId });
      } catch {
        // The dialog then starts from the card's title; the host drafts the body when it is left empty.
        return undefined;
      }
    },
    async diff(runId, candidateId) {
      try {
        return (await send('run.diff', { runId, ...(candidateId ? { candidateId } : {}) })).files;
      } catch (error) {
        options.failed?.(`Could not load the diff: ${error instanceof Error ? error.message : String(error)}`);
        return [];
      }
    },
  };
}

type RunViewCommand = 'run.start' | 'run.pause' | 'run.resume' | 'run.cancel' | 'run.retry' | 'run.stopRetrying' | 'run.approve' | 'run.deny' | 'run.followUp' | 'run.review' | 'run.merge' | 'run.discard' | 'run.undoGitConfig' | 'run.openPullRequest' | 'run.sendPullRequestFeedback';

const COMMAND_WORDS: Record<RunViewCommand, string> = {
  'run.start': 'start the run',
  'run.pause': 'pause the run',
  'run.resume': 'resume the run',
  'run.cancel': 'cancel the run',
  'run.retry': 'retry the step',
  'run.stopRetrying': 'stop retrying',
  'run.approve': 'approve the tool call',
  'run.deny': 'deny the tool call',
  'run.followUp': 'send the instruction',
  'run.review': 'send your review',
  'run.merge': 'merge',
  'run.discard': 'discard the work',
  'run.undoGitConfig': 'undo the changes to your git configuration',
  'run.openPullRequest': 'open the pull request',
  'run.sendPullRequestFeedback': 'send the feedback to the developer',
};
