import { emit, fromCallback, fromPromise, waitFor, type EventObject, type Snapshot } from 'xstate';
import { agentInputOf, provideAgentMachine } from '../agents/create-agent-actor.js';
import { cliAgentInputOf, provideCliAgentMachine } from '../executors/create-cli-agent-actor.js';
import { restorableCliAgentSnapshot } from '../executors/cli-agent-snapshot.js';
import { runChildSpawner } from './run-children.js';
import { defaultToolPolicy } from '../agents/tools/tool-sets.js';
import { ConfigurationError, NotFoundError, toErrorData } from '../errors.js';
import { MergeBlockedError, MergeConflictError } from '../git/git-errors.js';
import type { Redactor } from '../log/redact.js';
import { builtInPersonas } from '../personas/built-in-personas.js';
import type { Persona } from '../personas/persona.js';
import { loadPersonas } from '../personas/load-personas.js';
import { loadRepositoryContext } from '../personas/repository-context.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/ids.js';
import { answerToolOf, defaultPersonaOf } from '../workflows/workflow-definition.js';
import type { WorkflowRegistry } from '../workflows/workflow-registry.js';
import type { AgentStepFailed, AgentStepInput, AgentStepOutcome, AgentStepsDone, FollowPullRequestInput, FollowPullRequestOutput, MergeCandidateOutput, OpenPullRequestInput, OpenPullRequestOutput } from '../workflows/workflow-types.js';
import { AgentHost, builtInAgentFactory, type HostedAgentFactory } from './agent-host.js';
import { agentModelChoice, assertCliAgentRole, formatCliAgentChoice, parseCliAgentChoice, type CliAgentKind } from './cli-agent-choice.js';
import { CliExecutors } from './cli-executors.js';
import { cliAgentFactory } from './cli-hosted-agent.js';
import type { LiveRun } from './live-run.js';
import { toolsForPersona } from './persona-tools.js';
import { activity, checkpoint, type RunStreamEvent } from './run-stream.js';
import type { RunManagerOptions } from './run-manager-options.js';
import type { RunAgentRecord, RunRecord } from './run-record.js';
import type { RunScheduler } from './run-scheduler.js';
import type { WorkflowMachine } from './workflow-machines.js';
import { freePortBase } from '../worktree-setup/port-ranges.js';
import { archiveRunWorktree, setUpRunWorktree } from './run-worktree-setup.js';

/** Whether the run's effects may touch the world: its agents are back and it is not waiting for RESUME. */
function mayAct(state: { hasTag(tag: 'restoring' | 'interrupted'): boolean }): boolean {
  return !state.hasTag('restoring') && !state.hasTag('interrupted');
}

/** The owner a run's worktree is registered with, so that creating it again adopts it. */
export function worktreeOwner(runId: string, key: string): string {
  return `${runId}/${key}`;
}

/** What the effects need from the run manager. */
export interface RunEffectsHost {
  readonly options: RunManagerOptions;
  readonly ids: IdGenerator;
  readonly clock: Clock;
  readonly personas: readonly Persona[];
  readonly workflows: WorkflowRegistry;
  readonly scheduler: RunScheduler;
  readonly redactor: Redactor;
  /** Commits the record as a step boundary; resolves once it is durable. */
  saveRecord(record: RunRecord): Promise<void>;
  /** Puts an event on the runs' one stream (the activity log, the kill points and the UI feed subscribe to it). */
  emit(event: RunStreamEvent): void;
  refresh(run: LiveRun): void;
  /** The port ranges the worktrees of unfinished runs hold. */
  usedPortBases(): number[];
}

/**
 * The workflow effects at the edge, bound by the run manager to every workflow machine: worktrees
 * (create, merge, discard with a snapshot), agent steps (persona, model, tools, scheduler slot,
 * durable host) and the judge's diffs.
 */
export class RunEffects {
  private cliExecutors: CliExecutors | undefined;

  constructor(private readonly host: RunEffectsHost) {}

  /**
   * The run's preparing step for one worktree: created (or adopted after a crash), then made ready
   * to work — ignored files copied, folders linked, the project's setup run (worktree-setup.ts).
   * Only a worktree recorded `ready` is skipped, so a RETRY after a failed setup, or a restart in
   * the middle of one, sets it up again.
   */
  async prepareWorktree(run: LiveRun, key: string, signal?: AbortSignal): Promise<void> {
    const existing = run.record.worktrees[key];
    if (existing?.ready === true || existing?.state === 'removed') return;
    if (existing === undefined) await this.createWorktree(run, key);
    if (run.record.worktrees[key]?.ready === true) return;
    await setUpRunWorktree(this.host, run, key, signal);
  }

  private async createWorktree(run: LiveRun, key: string): Promise<void> {
    const card = this.host.options.board.getBoard().cards.find((candidate) => candidate.id === run.record.cardId);
    const title = `${card?.title ?? run.record.cardId}${key === 'main' ? '' : ` ${key}`}`;
    this.host.emit(checkpoint(run, 'worktree.create.before'));
    const worktree = await (this.host.options.pool ?? this.host.options.worktrees).createWorktree({
      repository: run.record.repository,
      cardId: run.record.cardId,
      title,
      // A crash after the registry has it but before this record does: the retry adopts that one.
      owner: worktreeOwner(run.record.id, key),
      ...(run.record.baseBranch === undefined ? {} : { baseBranch: run.record.baseBranch }),
    });
    // A warm pool's worktree was made ready (copies, links, setup) before the run claimed it.
    const pooled = worktree.pooled === true;
    run.record.worktrees[key] = { worktreeId: worktree.id, branch: worktree.branch, path: worktree.path, state: 'active', ready: pooled, portBase: worktree.portBase ?? freePortBase(this.host.usedPortBases()) };
    await this.host.saveRecord(run.record);
    this.host.emit(activity(run, 'note', { worktree: key, branch: worktree.branch, created: true, ...(pooled ? { fromWarmPool: true } : {}) }));
    this.host.emit(checkpoint(run, 'worktree.create.after'));
  }

  async runAgentStep(run: LiveRun, input: AgentStepInput, signal: AbortSignal): Promise<AgentStepOutcome> {
    const agentHost = run.hosts.get(input.agent) ?? (await this.createHost(run, await this.agentRecord(run, input), true));
    const agent = run.record.agents[input.agent]!;
    const key = `${run.record.id}/${input.agent}`;
    const slot = this.host.scheduler.acquire({ key, provider: agent.provider }, signal);
    const queued = this.host.scheduler.state().queued.find((entry) => entry.key === key);
    if (queued) {
      run.lifecycle.send({ type: 'QUEUED', agent: input.agent, reason: queued.reason });
      this.host.emit({ type: 'run.queued', runId: run.record.id, agent: input.agent, position: queued.position, reason: queued.reason });
      this.host.refresh(run);
    }
    const release = await slot;
    run.lifecycle.send({ type: 'SLOT_GRANTED' });
    try {
      this.host.emit(activity(run, 'message', { agent: input.agent, stepId: input.stepId, text: input.message }, agent.agentId));
      return await agentHost.runStep(input.compare === undefined ? input : { ...input, message: await this.withDiffs(run, input.message, input.compare) }, signal);
    } finally {
      release();
    }
  }

  /** Agent steps side by side: all their answers, or the first failure as soon as it comes. */
  runParallelSteps(run: LiveRun, steps: readonly AgentStepInput[], signal: AbortSignal): Promise<AgentStepsDone | AgentStepFailed> {
    return new Promise((resolve, reject) => {
      const outcomes = steps.map((step) =>
        this.runAgentStep(run, step, signal).then((outcome) => {
          if (outcome.type === 'agent.step.failed') resolve(outcome);
          return outcome;
        }),
      );
      Promise.all(outcomes).then((all) => resolve({ type: 'agent.steps.done', output: { outputs: all.flatMap((outcome) => (outcome.type === 'agent.step.done' ? [outcome.output] : [])) } }), reject);
    });
  }

  /** The judge's message: the candidates' diffs appended (computed at delivery; never re-delivered). */
  async withDiffs(run: LiveRun, message: string, candidates: readonly string[]): Promise<string> {
    const parts = [message];
    for (const key of candidates) {
      const worktree = run.record.worktrees[key];
      if (!worktree || worktree.state !== 'active') continue;
      const diff = await this.host.options.worktrees.diff(worktree.worktreeId);
      parts.push(`## Candidate ${key} (branch ${worktree.branch})\n\n\`\`\`diff\n${diff.text.trimEnd()}\n\`\`\``);
    }
    return parts.join('\n\n');
  }

  /**
   * The personas a run's agents can be: the repository's own (`<repo>/.kanbots/personas/*.md`,
   * read afresh so edits apply to the next step) before the ones Kanbots was opened with.
   * Invalid files are noted in the run's activity log and skipped.
   */
  async personasOf(run: LiveRun): Promise<readonly Persona[]> {
    const loaded = await loadPersonas({ repository: run.record.repository }).catch(() => undefined);
    if (!loaded) return this.host.personas;
    for (const problem of loaded.problems) this.host.emit(activity(run, 'note', { persona: problem.path, problem: problem.reason }));
    const own = [...loaded.personas.values()].filter((persona) => persona.source === 'repository');
    return [...own, ...this.host.personas.filter((persona) => !own.some((item) => item.name === persona.name))];
  }

  async agentRecord(run: LiveRun, input: AgentStepInput): Promise<RunAgentRecord> {
    const workflow = this.host.workflows.find(run.record.workflow);
    const personaName = input.persona ?? defaultPersonaOf(workflow, input.role);
    const persona = (await this.personasOf(run)).find((candidate) => candidate.name === personaName);
    if (!persona) throw new ConfigurationError(`No persona named "${personaName}"`);
    const choice = agentModelChoice(run.record.options, input.agent, input.role, persona);
    assertCliAgentRole(input.agent, input.role, choice, workflow !== undefined && answerToolOf(workflow, input.role) !== undefined);
    const cli = parseCliAgentChoice(choice);
    const agentId = this.host.ids.next('agent');
    let record: RunAgentRecord;
    if (cli === undefined) {
      const resolved = this.host.options.resolveModel(choice);
      record = { agentId, key: input.agent, persona: persona.name, role: input.role, provider: resolved.provider, model: `${resolved.provider}:${resolved.modelName}`, worktree: input.worktree };
    } else {
      record = { agentId, key: input.agent, persona: persona.name, role: input.role, provider: cli.kind, model: formatCliAgentChoice(cli), worktree: input.worktree, executor: cli.kind };
    }
    run.record.agents[input.agent] = record;
    await this.host.saveRecord(run.record);
    return record;
  }

  async createHost(run: LiveRun, agent: RunAgentRecord, startNow = false): Promise<AgentHost> {
    const persona = (await this.personasOf(run)).find((candidate) => candidate.name === agent.persona) ?? builtInPersonas.find((candidate) => candidate.role === agent.role)!;
    const worktree = run.record.worktrees[agent.worktree];
    if (!worktree) throw new ConfigurationError(`The worktree "${agent.worktree}" of agent "${agent.key}" does not exist`);
    const agentHost = new AgentHost({
      store: this.host.options.store,
      runId: run.record.id,
      key: agent.key,
      agentId: agent.agentId,
      agent: agent.executor === undefined ? await this.builtInAgent(run, agent, persona, worktree.path) : this.cliAgent(run, agent, agent.executor, worktree.path),
      writer: run.writer,
      emit: (event) => this.host.emit(event),
      spawn: runChildSpawner(run.lifecycle),
      redact: (value) => this.host.redactor.value(value),
    });
    run.hosts.set(agent.key, agentHost);
    if (startNow) agentHost.start();
    return agentHost;
  }

  /** The workflow tool the agent's role answers with in this run's workflow (else its persona role's built-in one). */
  private answerTool(run: LiveRun, agent: RunAgentRecord) {
    const workflow = this.host.workflows.find(run.record.workflow);
    return workflow === undefined ? undefined : answerToolOf(workflow, agent.role);
  }

  /** Kanbots' own tool-use loop with the persona's prompt, tools and resolved model. */
  private async builtInAgent(run: LiveRun, agent: RunAgentRecord, persona: Persona, worktree: string): Promise<HostedAgentFactory> {
    const resolved = this.host.options.resolveModel(agent.model);
    const context = await loadRepositoryContext(worktree).catch(() => '');
    const system = context === '' ? persona.systemPrompt : `${persona.systemPrompt}\n\n${context}`;
    const budgets = run.record.options.budgets ?? this.host.options.budgets;
    const spawn = runChildSpawner(run.lifecycle);
    return builtInAgentFactory((snapshot, hooks) => {
      const options = {
        id: agent.agentId,
        model: resolved.model,
        modelName: resolved.modelName,
        system,
        tools: toolsForPersona(persona, this.answerTool(run, agent)),
        policy: run.record.options.policy ?? defaultToolPolicy,
        worktree,
        clock: this.host.clock,
        beforeToolRun: hooks.beforeToolRun,
        ...(budgets === undefined ? {} : { budgets }),
        ...(resolved.pricing === undefined ? {} : { pricing: resolved.pricing }),
      };
      // A child of the run's actor system (one tree in the inspector), from its snapshot when it comes back.
      return spawn(provideAgentMachine(options), { id: agent.agentId, input: agentInputOf(options), ...(snapshot === undefined ? {} : { snapshot: snapshot as Snapshot<unknown> }) });
    });
  }

  /**
   * An agent CLI in the worktree: its own tools and prompt (it reads the repository's CLAUDE.md /
   * AGENTS.md itself), the run's tool policy mapped to its permissions, `maxTurns` from the budgets.
   */
  private cliAgent(run: LiveRun, agent: RunAgentRecord, kind: CliAgentKind, worktree: string): HostedAgentFactory {
    this.cliExecutors ??= new CliExecutors(this.host.options.executors ?? {}, this.host.options.dataDir, this.host.clock);
    const executors = this.cliExecutors;
    const model = parseCliAgentChoice(agent.model)?.model;
    const maxTurns = (run.record.options.budgets ?? this.host.options.budgets)?.maxTurns;
    const spawn = runChildSpawner(run.lifecycle);
    return cliAgentFactory(kind, (snapshot) => {
      const options = {
        id: agent.agentId,
        executor: executors.executor(kind),
        worktree,
        policy: run.record.options.policy ?? defaultToolPolicy,
        clock: this.host.clock,
        ...(model === undefined ? {} : { model }),
        ...(maxTurns === undefined ? {} : { maxTurns }),
        ...(executors.env === undefined ? {} : { env: executors.env }),
      };
      return spawn(provideCliAgentMachine(options), { id: agent.agentId, input: cliAgentInputOf(options), ...(snapshot === undefined ? {} : { snapshot: restorableCliAgentSnapshot(snapshot) }) });
    });
  }

  /**
   * Merges a candidate; safe to run again from any point a crash stopped it at (see
   * docs/durability.md): (1) the work is committed while the checkout is whole and `committed` is
   * recorded; (2) the branch is merged — a base that already has it answers `up-to-date` — and
   * `merged` is recorded; (3) only then is the worktree removed, which the worktree manager
   * completes after a crash and never commits.
   */
  async mergeCandidate(run: LiveRun, key: string): Promise<MergeCandidateOutput> {
    const worktree = run.record.worktrees[key];
    if (!worktree) throw new NotFoundError('worktree', key);
    const worktrees = this.host.options.worktrees;
    const card = this.host.options.board.getBoard().cards.find((candidate) => candidate.id === run.record.cardId);
    this.host.emit(checkpoint(run, 'merge.before'));
    // The user's own hooks run only on the merge they asked for, and only with the setting on.
    const runHooks = this.host.options.runUserHooksOnMerge?.() === true;
    try {
      if (worktree.state === 'active' && worktree.merge === undefined) {
        const registered = await worktrees.get(worktree.worktreeId);
        const tip = registered.state === 'active' ? (await worktrees.commit(worktree.worktreeId, `kanbots: ${card?.title ?? run.record.cardId}`, { runHooks })).commit : undefined;
        worktree.merge = { step: 'committed', ...(tip === undefined ? {} : { tip }) };
        await this.host.saveRecord(run.record);
        this.host.emit(checkpoint(run, 'merge.committed'));
      }
      if (worktree.merge?.step !== 'merged') {
        const result = await worktrees.merge(worktree.worktreeId, { runHooks });
        this.host.emit(activity(run, 'note', { merged: key, branch: result.branch, into: result.baseBranch, kind: result.kind, commit: result.commit }));
        this.host.emit(checkpoint(run, 'merge.after'));
        worktree.merge = { ...worktree.merge, step: 'merged', commit: result.commit, base: result.previousCommit };
        await this.host.saveRecord(run.record);
      }
      if (worktree.state === 'active') {
        await archiveRunWorktree(this.host, run, key);
        await worktrees.removeWorktree(worktree.worktreeId, { snapshot: true });
        worktree.state = 'removed';
        await this.host.saveRecord(run.record);
        this.host.emit(checkpoint(run, 'worktree.removed'));
      }
      return { merged: true, commit: worktree.merge.commit ?? '' };
    } catch (error) {
      // It did not land: the next attempt commits again (whatever was done in the checkout since).
      if (worktree.merge?.step === 'committed') {
        delete worktree.merge;
        await this.host.saveRecord(run.record);
      }
      if (error instanceof MergeConflictError) {
        this.host.emit(activity(run, 'error', { merge: 'conflict', files: [...error.conflictedFiles] }));
        return { merged: false, conflictFiles: [...error.conflictedFiles], message: error.message };
      }
      if (error instanceof MergeBlockedError) {
        this.host.emit(activity(run, 'error', { merge: 'blocked', reason: error.reason }));
        return { merged: false, conflictFiles: [], message: error.message };
      }
      throw error;
    }
  }

  async discardCandidate(run: LiveRun, key: string): Promise<void> {
    const worktree = run.record.worktrees[key];
    if (!worktree || worktree.state === 'removed') return;
    this.host.emit(checkpoint(run, 'discard.before'));
    await archiveRunWorktree(this.host, run, key);
    const result = await this.host.options.worktrees.removeWorktree(worktree.worktreeId, { snapshot: true });
    worktree.state = 'removed';
    await this.host.saveRecord(run.record);
    this.host.emit(activity(run, 'note', { discarded: key, branch: worktree.branch, kept: true, ...(result.snapshotCommit === undefined ? {} : { snapshotCommit: result.snapshotCommit }) }));
  }

  /** Binds the named effects of a workflow machine for one run; every step first waits for an interrupted run to be resumed. */
  /** Sends PAUSE, RESUME or CANCEL to the run's agents that can take it (the workflow's `agents.control`). */
  controlAgents(run: LiveRun, command: 'PAUSE' | 'RESUME' | 'CANCEL'): void {
    for (const host of run.hosts.values()) {
      // An agent the person paused on its own stays paused through the run's PAUSE and RESUME.
      if (command === 'PAUSE') host.pause('run');
      if (command === 'RESUME') host.resume('run');
      if (command === 'CANCEL' && host.context.phase !== 'cancelled') host.send({ type: 'CANCEL', reason: 'the run was cancelled' });
    }
  }

  /**
   * "Open pull request" at the gate: commits what is left in the candidate's worktree (nothing is
   * pushed that is not also on the branch here), pushes the branch and opens its pull request —
   * or, when one is open, pushes the new commits to it. Recorded on the run before it returns.
   */
  async openPullRequest(run: LiveRun, input: OpenPullRequestInput): Promise<OpenPullRequestOutput> {
    const pullRequests = this.host.options.pullRequests;
    if (pullRequests === undefined) throw new ConfigurationError('This Kanbots has no GitHub connection set up, so it cannot open a pull request');
    const worktree = run.record.worktrees[input.candidate];
    if (!worktree) throw new NotFoundError('worktree', input.candidate);
    const worktrees = this.host.options.worktrees;
    const draft = this.pullRequestDraft(run);
    const title = draft.title;
    const registered = await worktrees.get(worktree.worktreeId);
    if (worktree.state === 'active' && registered.state === 'active') await worktrees.commit(worktree.worktreeId, `kanbots: ${title}`);
    this.host.emit(checkpoint(run, 'pullRequest.before'));
    const record = await pullRequests.open(
      {
        repository: run.record.repository,
        branch: worktree.branch,
        baseBranch: registered.baseBranch,
        title: input.title ?? title,
        body: input.body ?? draft.body,
        ...(input.draft === undefined ? {} : { draft: input.draft }),
      },
      run.record.pullRequest?.number === undefined || run.record.pullRequest.headBranch !== worktree.branch ? undefined : run.record.pullRequest,
    );
    run.record.pullRequest = record;
    await this.host.saveRecord(run.record);
    this.host.emit(checkpoint(run, 'pullRequest.after'));
    this.host.emit(activity(run, 'note', { pullRequest: record.number, url: record.url, branch: worktree.branch, into: record.baseBranch }));
    this.host.refresh(run);
    return { number: record.number, url: record.url };
  }

  /** The pull request's title and body as Kanbots writes them: the card's title; its description, the developer's summary and the last review's verdict. */
  pullRequestDraft(run: LiveRun): { title: string; body: string } {
    const card = this.host.options.board.getBoard().cards.find((candidate) => candidate.id === run.record.cardId);
    return { title: card?.title ?? run.record.cardId, body: pullRequestBody(run, card?.description) };
  }

  /**
   * Follows the open pull request until GitHub says it was merged (the worktree is then removed,
   * its branch kept) or closed. Reads at the follow interval, later after a failure or a rate
   * limit; every change is recorded on the run and shown at once.
   */
  async followPullRequest(run: LiveRun, input: FollowPullRequestInput, signal: AbortSignal): Promise<FollowPullRequestOutput> {
    const pullRequests = this.host.options.pullRequests;
    if (pullRequests === undefined) throw new ConfigurationError('This Kanbots has no GitHub connection set up, so it cannot follow a pull request');
    const interval = this.host.options.pullRequestInterval ?? 30_000;
    for (;;) {
      const current = run.record.pullRequest;
      if (current === undefined || current.number !== input.number) throw new NotFoundError('pull request', String(input.number));
      if (current.state === 'merged') {
        const worktree = run.record.worktrees[input.candidate];
        if (worktree?.state === 'active') {
          await this.host.options.worktrees.removeWorktree(worktree.worktreeId, { snapshot: true });
          worktree.state = 'removed';
          await this.host.saveRecord(run.record);
        }
        return current.mergeCommitSha === undefined ? { outcome: 'merged' } : { outcome: 'merged', commit: current.mergeCommitSha };
      }
      if (current.state === 'closed') return { outcome: 'closed' };
      const now = this.host.clock.now();
      const due = Math.max(current.nextCheckAt ?? 0, (current.checkedAt ?? 0) + interval);
      if (due > now) await abortableDelay(due - now, signal);
      if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('stopped following the pull request');
      const { record, changed } = await pullRequests.refresh(current);
      if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('stopped following the pull request');
      run.record.pullRequest = record;
      if (changed) {
        await this.host.saveRecord(run.record);
        this.host.emit(activity(run, 'note', { pullRequest: record.number, state: record.state, checks: record.checks.map((check) => `${check.name}: ${check.conclusion ?? check.status}`), comments: record.comments.length, ...(record.problem === undefined ? {} : { problem: record.problem.message }) }));
        this.host.refresh(run);
      }
    }
  }

  bindWorkflow(run: LiveRun, machine: WorkflowMachine): WorkflowMachine {
    const guarded = <Input, Output>(work: (input: Input, signal: AbortSignal) => Promise<Output>) =>
      fromPromise<Output, Input>(async ({ input, signal }) => {
        // An interrupted run's effects wait for its RESUME (the run leaves `interrupted`), a restored one for its agents.
        await waitFor(run.lifecycle, mayAct, { signal });
        // The step boundary that started this effect is durable before the effect touches the world.
        await run.writer.flush();
        return work(input, signal);
      });
    /**
     * An agent step as a child actor of the workflow: it brings the agent(s) through the step and
     * sends the workflow the outcome as an event — the answer, or the failure as data (whatever
     * went wrong on the way, an agent that could not be made included). Stopped when the workflow
     * leaves the step (its signal aborts the wait).
     */
    const stepActor = <Input extends { stepId?: string; agent?: string; steps?: AgentStepInput[] }>(work: (input: Input, signal: AbortSignal) => Promise<AgentStepOutcome | AgentStepsDone>) =>
      fromCallback<EventObject, Input>(({ input, sendBack }) => {
        const controller = new AbortController();
        const signal = controller.signal;
        void (async () => {
          await waitFor(run.lifecycle, mayAct, { signal });
          await run.writer.flush();
          return work(input, signal);
        })().then(
          (outcome) => {
            if (!signal.aborted) sendBack(outcome);
          },
          (error: unknown) => {
            if (signal.aborted) return;
            const step = input.steps?.[0] ?? input;
            const failed: AgentStepFailed = { type: 'agent.step.failed', agent: step.agent ?? '', stepId: step.stepId ?? '', error: toErrorData(error) };
            sendBack(failed);
          },
        );
        return () => controller.abort(new Error('the workflow left the step'));
      });
    return machine.provide({
      actors: {
        prepareWorktrees: guarded(async (input: { keys: string[] }, signal) => {
          for (const key of input.keys) await this.prepareWorktree(run, key, signal);
        }),
        agentStep: stepActor((input: AgentStepInput, signal) => this.runAgentStep(run, input, signal)),
        parallelAgentSteps: stepActor((input: { steps: AgentStepInput[] }, signal) => this.runParallelSteps(run, input.steps, signal)),
        mergeCandidate: guarded((input: { candidate: string }) => this.mergeCandidate(run, input.candidate)),
        discardCandidates: guarded(async (input: { candidates: string[] }) => {
          for (const key of input.candidates) await this.discardCandidate(run, key);
        }),
        openPullRequest: guarded((input: OpenPullRequestInput) => this.openPullRequest(run, input)),
        followPullRequest: guarded((input: FollowPullRequestInput, signal) => this.followPullRequest(run, input, signal)),
      },
      // The agents are actors of their own: the workflow emits `agents.control` and the run
      // manager sends them PAUSE, RESUME or CANCEL after the workflow's transition, not inside
      // one of its actions (an actor that transitions inside another actor's custom action runs
      // its own `assign`s as if they were that action's, which XState warns about).
      actions: {
        pauseAgents: emit({ type: 'agents.control', command: 'PAUSE' } as const),
        resumeAgents: emit({ type: 'agents.control', command: 'RESUME' } as const),
        cancelAgents: emit({ type: 'agents.control', command: 'CANCEL' } as const),
      },
    }) as WorkflowMachine;
  }
}

/** The pull request's first words: the card, what the run did, the last review's verdict (editable before sending). */
function pullRequestBody(run: LiveRun, description: string | undefined): string {
  const context = run.actor.getSnapshot().context;
  const parts: string[] = [];
  if (description !== undefined && description.trim().length > 0) parts.push(description.trim());
  const developer = Object.entries(context.outputs).find(([key]) => key.startsWith('developer'))?.[1];
  const summary = typeof developer === 'object' && developer !== null && typeof (developer as { summary?: unknown }).summary === 'string' ? (developer as { summary: string }).summary : undefined;
  if (summary !== undefined) parts.push(`## What was done\n\n${summary}`);
  const review = context.reviews.at(-1);
  if (review !== undefined) parts.push(`## Review\n\n${review.verdict === 'approve' ? 'Approved' : 'Changes requested'} by the reviewer in round ${review.round}${review.summary ? `: ${review.summary}` : '.'}`);
  parts.push('_Opened from a Kanbots card._');
  return parts.join('\n\n');
}

function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
