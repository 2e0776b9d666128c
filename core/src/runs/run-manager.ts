import { createActor, type Snapshot } from 'xstate';
import type { AgentCommand } from '../agents/agent-commands.js';
import { ConfigurationError, ConflictError, NotFoundError, toErrorData } from '../errors.js';
import { pullRequestFeedback, unsentFeedback } from '../github/pull-requests.js';
import { ActivityLog } from '../log/activity-log.js';
import { createRedactor, type Redactor } from '../log/redact.js';
import { builtInPersonas } from '../personas/built-in-personas.js';
import type { Persona } from '../personas/persona.js';
import { systemClock, type Clock } from '../ports/clock.js';
import { nanoIdGenerator, type IdGenerator } from '../ports/ids.js';
import type { WorkflowContext, WorkflowEmitted, WorkflowEvent, WorkflowName, WorkflowTag } from '../workflows/workflow-types.js';
import type { HumanReview } from '../workflows/review.js';
import type { AgentHost } from './agent-host.js';
import { moveCardForRun, showsAgentStarted } from './card-columns.js';
import type { LiveRun } from './live-run.js';
import { activityOfAgentEvent } from './run-activity.js';
import { assertCliAgentRoles } from './cli-agent-choice.js';
import { RunEffects } from './run-effects.js';
import { runGitConfigChanges, snapshotRunGitConfig, toGitConfigFinding, undoRunGitConfigChanges, type GitConfigFinding, type GitConfigUndoResult } from './run-git-config.js';
import type { RunListener, RunSummary } from './run-events.js';
import { activity, checkpoint, isRunEvent, RunStream, type RunStreamEvent, type RunStreamListener } from './run-stream.js';
import { damagedRunSummary, readRunRecord, RunRecordDamagedError, type DamagedRun } from './read-run-record.js';
import { runStepStoreOf } from './store-run-step-store.js';
import type { RunStepStore } from './run-step-store.js';
import { RunStepWriter } from './run-step-writer.js';
import type { RunManagerOptions } from './run-manager-options.js';
import type { RunOptions, RunRecord } from './run-record.js';
import { runLifecycleMachine } from './run-lifecycle-machine.js';
import { logicFromSnapshot } from './run-children.js';
import type { WorkflowActor } from './live-run.js';
import { RunScheduler } from './run-scheduler.js';
import { summarizeRun } from './run-summary.js';
import { activeStateIds, workflowMachineOf, workflowTags } from './workflow-machines.js';
import { parseWorkflowOptions } from '../workflows/workflow-definition.js';
import { createWorkflowRegistry, type WorkflowRegistry } from '../workflows/workflow-registry.js';
import { runTarget } from '../projects/card-repository.js';

export type { ResolvedModel, RunManagerOptions } from './run-manager-options.js';

/**
 * Runs workflows on cards: one run per (card, workflow start). Creates worktrees, spawns agent
 * actors with personas, routes events, moves the card with its run, enforces the scheduler,
 * writes the activity log, persists everything at every step boundary, and publishes one typed
 * stream of run events. After a restart (even `kill -9`) every run is back: a run that was
 * mid-step comes back `interrupted` and continues from its last completed step on RESUME (or at
 * once with `resumeInterrupted: 'automatic'`), never re-running a tool call that started.
 */

/** The outcome a finished workflow's tags name. */
function outcomeOf(snapshot: { hasTag(tag: WorkflowTag): boolean }): 'merged' | 'discarded' | 'cancelled' | undefined {
  if (!snapshot.hasTag('finished')) return undefined;
  return snapshot.hasTag('merged') ? 'merged' : snapshot.hasTag('discarded') ? 'discarded' : 'cancelled';
}

function isInterrupted(run: LiveRun): boolean {
  return run.lifecycle.getSnapshot().hasTag('interrupted');
}

function topState(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) return Object.keys(value)[0] ?? '';
  return '';
}

export class RunManager {
  private readonly runs = new Map<string, LiveRun>();
  /** Runs whose record could not be read or restored at startup, by id. */
  private readonly damaged = new Map<string, DamagedRun>();
  /** Everything that happens to the runs; the activity log, the kill points, the views and the UI feed subscribe to it. */
  private readonly stream: RunStream;
  private readonly clock: Clock;
  private readonly ids: IdGenerator;
  private readonly redactor: Redactor;
  private readonly scheduler: RunScheduler;
  private readonly personas: readonly Persona[];
  /** The workflows runs can use (the built-ins unless the options give a registry). */
  readonly workflows: WorkflowRegistry;
  private closed = false;
  private readonly effects: RunEffects;
  private readonly store: RunStepStore;
  /** Each run's ordered writer of step boundaries, by run id. */
  private readonly writers = new Map<string, RunStepWriter>();

  private constructor(private readonly options: RunManagerOptions) {
    this.stream = options.stream ?? new RunStream();
    this.clock = options.clock ?? systemClock;
    this.ids = options.ids ?? nanoIdGenerator;
    this.redactor = options.redactor ?? createRedactor();
    this.scheduler = options.scheduler ?? new RunScheduler({ global: 4 });
    this.personas = options.personas ?? builtInPersonas;
    this.workflows = options.workflows ?? createWorkflowRegistry();
    this.store = options.runStore ?? runStepStoreOf(options.store);
    this.effects = new RunEffects({
      options,
      ids: this.ids,
      clock: this.clock,
      personas: this.personas,
      workflows: this.workflows,
      scheduler: this.scheduler,
      redactor: this.redactor,
      saveRecord: (record) => this.saveRecord(record),
      emit: (event) => this.emit(event),
      refresh: (run) => this.refresh(run),
      usedPortBases: () =>
        [...this.runs.values()]
          .filter((run) => run.record.finished === undefined)
          .flatMap((run) => Object.values(run.record.worktrees).flatMap((worktree) => (worktree.state === 'active' && worktree.portBase !== undefined ? [worktree.portBase] : []))),
    });
    // The stream's first subscribers, in this order: the activity log, the kill points, the card columns, the run's view.
    this.stream.subscribe((event) => this.recordActivity(event));
    this.stream.subscribe((event) => this.killPoint(event));
    this.stream.subscribe((event) => this.noteStarted(event));
    this.stream.subscribe((event) => {
      if (event.type !== 'run.agent.changed') return;
      const run = this.runs.get(event.runId);
      if (run !== undefined) this.refresh(run);
    });
  }

  /** Opens the manager and brings back every run of the store. */
  static async open(options: RunManagerOptions): Promise<RunManager> {
    const manager = new RunManager(options);
    for (const runId of options.store.list()) {
      options.store.removeLeftovers(runId);
      const read = readRunRecord(options.store, runId, manager.clock.now());
      if (read.kind === 'missing') continue;
      if (read.kind === 'damaged') {
        manager.damaged.set(runId, read.damage);
        continue;
      }
      const record = read.record;
      try {
        if (!manager.workflows.has(record.workflow)) throw new ConfigurationError(`its workflow "${record.workflow}" is not available`);
        await manager.revive(record);
      } catch (error) {
        // One run that cannot be restored (an unreadable agent file, …) never keeps the others or the board from opening.
        manager.discardLive(runId);
        const reason = `it could not be restored (${error instanceof Error ? error.message : String(error)})`;
        manager.damaged.set(runId, { runId, cardId: record.cardId, workflow: record.workflow, reason, foundAt: manager.clock.now() });
      }
    }
    return manager;
  }

  /** Starts `workflow` on a card. */
  async start(cardId: string, workflow: WorkflowName, options: RunOptions = {}): Promise<RunSummary> {
    this.assertOpen();
    const board = this.options.board.getBoard();
    const card = board.cards.find((candidate) => candidate.id === cardId);
    if (!card) throw new NotFoundError('card', cardId);
    const definition = this.workflows.get(workflow);
    const chosen = parseWorkflowOptions(definition, options);
    const target = runTarget(board, card, options);
    const repository = target.repository;
    if (repository === undefined) throw new ConfigurationError(`The card "${card.title}" has no repository: choose a project for it or pass options.repository`);
    const now = this.clock.now();
    const record: RunRecord = {
      version: 1,
      id: this.ids.next('run'),
      cardId,
      workflow,
      input: {
        task: card.description.trim() === '' ? card.title : `${card.title}\n\n${card.description}`,
        ...(chosen.maxRounds === undefined ? {} : { maxRounds: chosen.maxRounds }),
        ...(chosen.candidates === undefined ? {} : { candidates: chosen.candidates }),
        ...(chosen.steps === undefined ? {} : { steps: chosen.steps }),
        ...(options.personas === undefined ? {} : { personas: options.personas }),
      },
      options,
      repository,
      createdAt: now,
      updatedAt: now,
      worktrees: {},
      agents: {},
      workflowSnapshot: null,
    };
    assertCliAgentRoles(definition, record.input, options, this.personas);
    const baseBranch = target.baseBranch;
    if (baseBranch !== undefined) record.baseBranch = baseBranch;
    await this.saveRecord(record);
    // Before any agent: what the gate compares the repository's git configuration with.
    const snapshotProblem = await snapshotRunGitConfig(this.options.worktrees.git, this.options.store, record.id, repository, now).then(
      () => undefined,
      (error: unknown) => error,
    );
    const run = await this.revive(record, true);
    if (snapshotProblem !== undefined) this.emit(activity(run, 'error', { gitConfigSnapshot: toErrorData(snapshotProblem) }));
    return this.summary(run);
  }

  /**
   * Puts the repository's git configuration, hooks and attributes back as they were when the run
   * started (the gate's "Undo these changes"), then checks again.
   */
  async undoGitConfigChanges(runId: string): Promise<GitConfigUndoResult> {
    this.assertOpen();
    const run = this.live(runId);
    const result = await undoRunGitConfigChanges(this.options.store, runId);
    this.emit(activity(run, 'note', { gitConfigRestored: result.restored, ...(result.skipped.length > 0 ? { gitConfigNotRestored: result.skipped } : {}) }));
    this.setGitConfigFinding(run, toGitConfigFinding(result.remaining));
    return result;
  }

  /** Every run, those whose record is damaged included (status `failed`, `damaged` says why). */
  list(): RunSummary[] {
    return [...[...this.runs.values()].map((run) => this.summary(run)), ...[...this.damaged.values()].map((damage) => damagedRunSummary(damage))];
  }

  get(runId: string): RunSummary {
    const damage = this.damaged.get(runId);
    if (damage !== undefined) return damagedRunSummary(damage);
    return this.summary(this.live(runId));
  }

  /** The UI feed: the stream's `RunEvent`s (what the protocol's run topics carry). */
  subscribe(listener: RunListener): () => void {
    return this.stream.subscribe((event) => {
      if (isRunEvent(event)) listener(event);
    });
  }

  /** Every event of the runs' one stream: the feed's, activity records, named checkpoints, agents' changes. */
  observe(listener: RunStreamListener): () => void {
    return this.stream.subscribe(listener);
  }

  /** Pauses the whole run, or one agent of it (which then stays paused until it is resumed on its own). */
  pause(runId: string, agent?: string): void {
    const run = this.live(runId);
    if (agent !== undefined) return this.hostOf(run, agent).pause('human');
    this.sendToWorkflow(run, { type: 'PAUSE' });
  }

  /** Resumes a paused or interrupted run (not an agent paused on its own), or one agent of it. */
  resume(runId: string, agent?: string): void {
    const run = this.live(runId);
    if (agent !== undefined) return this.hostOf(run, agent).resume('human');
    if (isInterrupted(run)) return this.resumeInterrupted(run);
    this.sendToWorkflow(run, { type: 'RESUME' });
  }

  cancel(runId: string, reason?: string): void {
    this.sendToWorkflow(this.live(runId), reason === undefined ? { type: 'CANCEL' } : { type: 'CANCEL', reason });
  }

  /**
   * Stops the retries of every agent of the run waiting to try the model again (or of one agent):
   * each fails now with its last error, so the run stops and asks the person (Retry step goes on).
   */
  stopRetrying(runId: string, agent?: string): void {
    const run = this.live(runId);
    const hosts = agent === undefined ? [...run.hosts.values()] : [this.hostOf(run, agent)];
    for (const host of hosts) if (host.context.phase === 'backingOff') host.send({ type: 'STOP_RETRYING' });
  }

  /** Runs the failed step again. */
  retry(runId: string): void {
    this.sendToWorkflow(this.live(runId), { type: 'RETRY' });
  }

  approve(runId: string, agent: string, callId: string): void {
    this.sendToAgent(this.live(runId), agent, { type: 'APPROVE', callId, by: 'human' });
  }

  deny(runId: string, agent: string, callId: string, reason?: string): void {
    this.sendToAgent(this.live(runId), agent, reason === undefined ? { type: 'DENY', callId, by: 'human' } : { type: 'DENY', callId, reason, by: 'human' });
  }

  followUp(runId: string, text: string, candidate?: string): void {
    this.sendToWorkflow(this.live(runId), candidate === undefined ? { type: 'FOLLOW_UP', text } : { type: 'FOLLOW_UP', text, candidate });
  }

  /**
   * At the gate: a person's review (their comments on lines) goes to the developer as findings,
   * in the same conversation, and counts as a review round. Refused when the run is not at its
   * gate (or the candidate is not one of it), changing nothing.
   */
  review(runId: string, review: HumanReview, candidate?: string): void {
    const run = this.live(runId);
    const event: WorkflowEvent = candidate === undefined ? { type: 'HUMAN_REVIEW', review } : { type: 'HUMAN_REVIEW', review, candidate };
    if (!run.actor.getSnapshot().can(event)) throw new ConflictError('A review can be sent only while the run waits for you at its gate');
    this.sendToWorkflow(run, event);
  }

  merge(runId: string, candidate?: string): void {
    this.sendToWorkflow(this.live(runId), candidate === undefined ? { type: 'MERGE' } : { type: 'MERGE', candidate });
  }

  /** At the gate: commit, push the candidate's branch and open its pull request (title and body default to the card's and the run's). */
  openPullRequest(runId: string, request: { candidate?: string; title?: string; body?: string; draft?: boolean } = {}): void {
    const event: Extract<WorkflowEvent, { type: 'OPEN_PULL_REQUEST' }> = { type: 'OPEN_PULL_REQUEST' };
    if (request.candidate !== undefined) event.candidate = request.candidate;
    if (request.title !== undefined) event.title = request.title;
    if (request.body !== undefined) event.body = request.body;
    if (request.draft !== undefined) event.draft = request.draft;
    this.sendToWorkflow(this.live(runId), event);
  }

  /** The title and body "Open pull request" would use (the card's title; its description, the developer's summary, the last review's verdict), to edit before sending. */
  pullRequestDraft(runId: string): { title: string; body: string } {
    return this.effects.pullRequestDraft(this.live(runId));
  }

  /**
   * Sends failed checks and review comments of the run's pull request to its developer as a
   * follow-up (as findings: the check's report, the comment's file and line). Without a selection:
   * everything not sent yet. The next round's commits are pushed to the same pull request.
   */
  async sendPullRequestFeedback(runId: string, selection?: { checks?: number[]; comments?: number[] }): Promise<void> {
    const run = this.live(runId);
    const pullRequest = run.record.pullRequest;
    const candidate = run.actor.getSnapshot().context.pullRequest?.candidate;
    if (pullRequest === undefined || candidate === undefined) throw new ConflictError('This run has no open pull request to take feedback from');
    const chosen = selection ?? unsentFeedback(pullRequest);
    const checks = (chosen.checks ?? []).filter((checkId) => pullRequest.checks.some((check) => check.id === checkId));
    const comments = (chosen.comments ?? []).filter((commentId) => pullRequest.comments.some((comment) => comment.id === commentId));
    if (checks.length === 0 && comments.length === 0) throw new ConflictError('Nothing to send: no failed check or review comment was chosen');
    const text = pullRequestFeedback(pullRequest, { checks, comments });
    this.sendToWorkflow(run, { type: 'FOLLOW_UP', text, candidate });
    pullRequest.sent = { checks: [...new Set([...pullRequest.sent.checks, ...checks])], comments: [...new Set([...pullRequest.sent.comments, ...comments])] };
    await this.saveRecord(run.record);
    this.refresh(run);
  }

  discard(runId: string, candidate?: string): void {
    this.sendToWorkflow(this.live(runId), candidate === undefined ? { type: 'DISCARD' } : { type: 'DISCARD', candidate });
  }

  /** Whether a run uses this registered worktree, or will adopt it when it goes on (its owner is an unfinished run). */
  usesWorktree(worktree: { id: string; owner?: string }): boolean {
    for (const run of this.runs.values()) {
      if (Object.values(run.record.worktrees).some((entry) => entry.worktreeId === worktree.id)) return true;
      if (worktree.owner?.startsWith(`${run.record.id}/`) === true && run.record.finished === undefined) return true;
    }
    return false;
  }

  /** Resolves once the run's summary satisfies `predicate` (checked after every change). */
  waitFor(runId: string, predicate: (run: RunSummary) => boolean): Promise<RunSummary> {
    return new Promise((resolve) => {
      const check = (): boolean => {
        const summary = this.get(runId);
        if (!predicate(summary)) return false;
        // Card moves are queued board commands: let them land first — including one the same
        // transition queues after this event (the gate's event comes before the run's refresh).
        const run = this.live(runId);
        queueMicrotask(() => void run.boardQueue.then(() => resolve(summary)));
        return true;
      };
      if (check()) return;
      const unsubscribe = this.subscribe((event) => {
        // Any event of the run can change its summary (queued, an agent's phase, a tool call).
        if (event.runId === runId && check()) unsubscribe();
      });
    });
  }

  /** Stops every actor (their last step boundary is on disk) and closes the activity logs. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const run of this.runs.values()) {
      run.abort.abort();
      run.unsubscribe();
      // The agents first (each writes its last boundary), then the run's root, which stops the workflow.
      for (const host of run.hosts.values()) host.stop();
      run.lifecycle.stop();
      await run.boardQueue;
      await run.writer.flush();
      await run.log.flush();
    }
    this.stream.clear();
  }

  // -- internals --

  /**
   * Brings a run to life as one actor system: the run machine at the root invokes the workflow
   * (from its persisted snapshot) and, while it is `restoring`, gets the agents back as its
   * children; then RESTORED says whether the run was cut off mid-step (`interrupted`).
   */
  private async revive(record: RunRecord, fresh = false): Promise<LiveRun> {
    const log = await ActivityLog.open(this.options.store, { runId: record.id, clock: this.clock, redactor: this.redactor });
    const run = { record, hosts: new Map(), log, writer: this.writerOf(record.id), lastState: '', lastPersisted: '', boardQueue: Promise.resolve(), abort: new AbortController(), unsubscribe: () => undefined } as unknown as LiveRun;
    this.runs.set(record.id, run);
    const machine = this.effects.bindWorkflow(run, workflowMachineOf(this.workflows.get(record.workflow)));
    const snapshot = record.workflowSnapshot as Snapshot<unknown> | null;
    run.workflowId = machine.id;
    run.lifecycle = createActor(runLifecycleMachine.provide({ actors: { workflow: logicFromSnapshot(machine, snapshot) } }), {
      input: { workflowInput: record.input },
      ...(this.options.inspect === undefined ? {} : { inspect: this.options.inspect }),
    });
    run.actor = run.lifecycle.getSnapshot().children.workflow as unknown as WorkflowActor;
    run.actor.on('*', (event) => this.handleWorkflowEvent(run, event as WorkflowEmitted));
    const subscription = run.actor.subscribe({ next: () => this.workflowChanged(run), error: (error) => this.emit(activity(run, 'error', { error: toErrorData(error) })) });
    run.unsubscribe = () => subscription.unsubscribe();
    // The workflow starts with the run; its effects wait while the run is `restoring`.
    run.lifecycle.start();
    for (const agent of Object.values(record.agents)) await this.effects.createHost(run, agent);

    const state = snapshot === null ? '' : topState((snapshot as { value?: unknown }).value);
    const paused = (snapshot as { context?: WorkflowContext } | null)?.context?.paused === true;
    // Waiting for the human (the gate, a failed step) or finished: nothing was cut off mid-step.
    const restored = run.actor.getSnapshot();
    const waiting = restored.hasTag('needsYou') || restored.hasTag('failed') || restored.hasTag('finished');
    const cameBackMidStep = !fresh && !paused && ((snapshot !== null && !waiting) || [...run.hosts.values()].some((host) => host.interrupted));
    run.lifecycle.send({ type: 'RESTORED', interrupted: cameBackMidStep });
    for (const host of run.hosts.values()) host.start();
    if (fresh) {
      this.emit(activity(run, 'run.state', { created: true, workflow: record.workflow, cardId: record.cardId }));
      this.emit({ type: 'run.created', runId: record.id, run: this.summary(run) });
      this.emit(checkpoint(run, 'run.created'));
    } else {
      this.emit(activity(run, 'run.state', { restored: true, interrupted: cameBackMidStep, state }));
    }
    this.workflowChanged(run);
    if (cameBackMidStep && this.options.resumeInterrupted === 'automatic') this.resumeInterrupted(run);
    return run;
  }

  private resumeInterrupted(run: LiveRun): void {
    this.emit(activity(run, 'run.state', { resumed: 'after interruption' }));
    for (const host of run.hosts.values()) if (host.context.phase === 'paused') host.resume('run');
    run.lifecycle.send({ type: 'RESUME' });
    this.refresh(run);
  }

  /** The activity log's subscription: activity records, and what an agent's events become (text deltas are not logged). */
  private recordActivity(event: RunStreamEvent): void {
    if (event.type === 'run.activity') {
      this.runs.get(event.runId)?.log.append(event.kind, event.data, event.agentId).catch(() => undefined);
    } else if (event.type === 'run.agent.event') {
      const entry = activityOfAgentEvent(event.event);
      if (entry) this.runs.get(event.runId)?.log.append(entry.kind, { agent: event.agent, ...entry.data }, event.event.agentId).catch(() => undefined);
    }
  }

  /** The kill points' subscription (`checkpoint` of the options): the named points, and an agent's answer or request for approval. */
  private killPoint(event: RunStreamEvent): void {
    const reach = this.options.checkpoint;
    if (reach === undefined) return;
    if (event.type === 'run.checkpoint' || event.type === 'git.checkpoint') reach(event.point);
    else if (event.type === 'run.agent.event' && event.event.type === 'agent.turn.ended') reach('model.responded');
    else if (event.type === 'run.agent.event' && event.event.type === 'agent.tool.approval.requested') reach('approval.requested');
  }

  /** The card columns' subscription: a run has really started once an agent answered (then its card may move to "In progress"). */
  private noteStarted(event: RunStreamEvent): void {
    if (event.type !== 'run.agent.event' || !showsAgentStarted(event.event.type)) return;
    const run = this.runs.get(event.runId);
    if (run === undefined || run.started) return;
    run.started = true;
    this.refresh(run);
  }

  private handleWorkflowEvent(run: LiveRun, event: WorkflowEmitted): void {
    const runId = run.record.id;
    if (event.type === 'agents.control') return this.effects.controlAgents(run, event.command);
    if (event.type === 'review.submitted') {
      this.emit(activity(run, 'review', { round: event.round, verdict: event.review.verdict, summary: event.review.summary, findings: event.review.findings, recurring: event.recurring }));
      this.emit({ type: 'run.review.submitted', runId, round: event.round, review: event.review, recurring: event.recurring });
    }
    if (event.type === 'gate.opened') {
      this.emit(activity(run, 'run.state', { gate: event.gate }));
      this.emit({ type: 'run.gate.opened', runId, gate: event.gate });
    }
    if (event.type === 'step.failed') this.emit(activity(run, 'error', { state: event.state, error: event.error }));
  }

  private workflowChanged(run: LiveRun): void {
    const snapshot = run.actor.getSnapshot();
    if (snapshot.status === 'stopped') return;
    const persisted = run.actor.getPersistedSnapshot();
    const serialised = JSON.stringify(persisted);
    if (serialised !== run.lastPersisted) {
      run.lastPersisted = serialised;
      run.record.workflowSnapshot = persisted;
      const state = topState(snapshot.value);
      const outcome = outcomeOf(snapshot);
      if (outcome !== undefined && run.record.finished === undefined) run.record.finished = outcome;
      const opensGate = snapshot.hasTag('needsYou') && state !== run.lastState;
      void this.saveRecord(run.record).then(() => {
        this.emit(checkpoint(run, `workflow.persisted:${state}`));
        if (opensGate) this.emit(checkpoint(run, 'gate.opened'));
      }, () => undefined);
      if (state !== run.lastState) {
        const from = run.lastState;
        run.lastState = state;
        if (from !== '') this.emit(activity(run, 'run.state', { from, to: state }));
        if (opensGate) void this.checkGitConfig(run);
        if (outcome !== undefined) {
          this.refresh(run);
          this.emit({ type: 'run.finished', runId: run.record.id, outcome });
        }
      }
    }
    this.refresh(run);
  }

  /** Compares the repository's git configuration with the run's start; a change becomes a finding at the gate. */
  private async checkGitConfig(run: LiveRun): Promise<void> {
    try {
      const finding = toGitConfigFinding(await runGitConfigChanges(this.options.store, run.record.id));
      if (finding) this.emit(activity(run, 'note', { gitConfigChanged: finding.changes.map((change) => change.description) }));
      this.setGitConfigFinding(run, finding);
    } catch (error) {
      this.emit(activity(run, 'error', { gitConfigCheck: toErrorData(error) }));
    }
  }

  private setGitConfigFinding(run: LiveRun, finding: GitConfigFinding | undefined): void {
    if (this.closed) return;
    if (finding === undefined) delete run.record.gitConfigFinding;
    else run.record.gitConfigFinding = finding;
    void this.saveRecord(run.record).catch(() => undefined);
    this.refresh(run);
  }

  private lastViews = new Map<string, string>();

  private refresh(run: LiveRun): void {
    if (!run.actor || !run.lifecycle) return;
    const summary = this.summary(run);
    // A run restored from its record started already when it moved a card or any agent took a turn.
    run.started ||= run.record.column !== undefined || summary.agents.some((agent) => agent.turn > 0);
    const view = JSON.stringify([summary.status, summary.statusText, summary.activeStates, summary.gitConfig?.summary, run.started]);
    if (this.lastViews.get(run.record.id) === view) return;
    this.lastViews.set(run.record.id, view);
    const move = moveCardForRun(this.options.board.getBoard(), run.record, summary, workflowTags(run.actor.getSnapshot()), this.options.columns, run.started === true);
    if (move) {
      run.record.column = move.stage;
      void this.saveRecord(run.record).catch(() => undefined);
      run.boardQueue = run.boardQueue
        .then(() => this.options.board.dispatch(move.command))
        .then(() => undefined)
        .catch((error: unknown) => {
          this.emit(activity(run, 'error', { boardMove: move.stage, error: toErrorData(error) }));
        });
    }
    this.emit({ type: 'run.state.changed', runId: run.record.id, status: summary.status, statusText: summary.statusText, activeStates: summary.activeStates });
  }

  private summary(run: LiveRun): RunSummary {
    const snapshot = run.actor.getSnapshot();
    return summarizeRun({
      record: run.record,
      workflow: { value: snapshot.value, status: snapshot.status, context: snapshot.context, tags: workflowTags(snapshot) },
      activeStates: activeStateIds(run.workflowId, snapshot.value),
      agents: [...run.hosts.entries()].map(([key, host]) => ({ key, context: host.context })),
      interrupted: isInterrupted(run),
      queued: run.lifecycle.getSnapshot().hasTag('queued') ? (run.lifecycle.getSnapshot().context.queued ?? undefined) : undefined,
      settingUp: run.lifecycle.getSnapshot().hasTag('settingUp') ? (run.lifecycle.getSnapshot().context.setup ?? undefined) : undefined,
      setup: run.setup,
      now: this.clock.now(),
    });
  }

  private sendToWorkflow(run: LiveRun, event: WorkflowEvent): void {
    this.assertOpen();
    this.emit(activity(run, 'run.state', { command: event.type, ...(event.type === 'FOLLOW_UP' ? { text: event.text } : event.type === 'HUMAN_REVIEW' ? { findings: event.review.findings.length } : {}) }));
    run.actor.send(event);
  }

  private sendToAgent(run: LiveRun, agent: string, command: AgentCommand): void {
    this.hostOf(run, agent).send(command);
  }

  /** The agent by key (`developer`) or id. */
  private hostOf(run: LiveRun, agent: string): AgentHost {
    this.assertOpen();
    const host = run.hosts.get(agent) ?? [...run.hosts.values()].find((candidate) => candidate.context.agentId === agent);
    if (!host) throw new NotFoundError('agent', agent);
    return host;
  }

  private live(runId: string): LiveRun {
    const run = this.runs.get(runId);
    const damage = this.damaged.get(runId);
    if (!run && damage !== undefined) throw new RunRecordDamagedError(runId, damage.reason, damage.keptAs);
    if (!run) throw new NotFoundError('run', runId);
    return run;
  }

  /** Stops and forgets a run whose restore failed halfway. */
  private discardLive(runId: string): void {
    const run = this.runs.get(runId);
    if (run === undefined) return;
    this.runs.delete(runId);
    run.abort?.abort();
    run.unsubscribe?.();
    for (const host of run.hosts.values()) host.stop();
    run.lifecycle?.stop();
  }

  /** Commits the run record (redacted, as it is now) as a step boundary; resolves once it is durable. */
  private saveRecord(record: RunRecord): Promise<void> {
    record.updatedAt = this.clock.now();
    return this.writerOf(record.id).commit({ runId: record.id, record: this.redactor.value(record) });
  }

  private writerOf(runId: string): RunStepWriter {
    let writer = this.writers.get(runId);
    if (writer === undefined) {
      writer = new RunStepWriter(this.store);
      // A write nobody awaits that fails (disk full, …) is reported on the run; the next boundary is still written.
      writer.onFailure((error) => {
        const run = this.runs.get(runId);
        if (run !== undefined) this.emit(activity(run, 'error', { persistence: toErrorData(error) }));
      });
      this.writers.set(runId, writer);
    }
    return writer;
  }

  private emit(event: RunStreamEvent): void {
    this.stream.emit(event);
  }

  private assertOpen(): void {
    if (this.closed) throw new ConflictError('The run manager is closed');
  }
}
