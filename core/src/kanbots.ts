import type { InspectionEvent } from 'xstate';
import type { AgentBudgets } from './agents/agent-budgets.js';
import { openBoardService, type BoardService } from './board/board-service.js';
import { ConfigurationError, toErrorData, type ErrorData } from './errors.js';
import type { RepositoryInfo } from './git/worktree-info.js';
import { WorktreeManager } from './git/worktree-manager.js';
import { WorktreePool, type WorktreePoolOptions } from './worktree-setup/worktree-pool.js';
import { PullRequests, type PullRequestsOptions } from './github/pull-requests.js';
import type { ReconcileReport } from './git/worktree-reconcile.js';
import { readRunActivity, type ActivityRecord } from './log/activity-log.js';
import { createRedactor, type SecretRedactor } from './log/redact.js';
import { builtInPersonas } from './personas/built-in-personas.js';
import { loadPersonas, type PersonaProblem } from './personas/load-personas.js';
import type { Persona } from './personas/persona.js';
import type { Clock } from './ports/clock.js';
import type { IdGenerator } from './ports/ids.js';
import type { ModelPort } from './providers/model-port.js';
import { createAnthropicModel } from './providers/anthropic/anthropic-model.js';
import { findModelPricing } from './providers/pricing.js';
import { createOpenAICompatibleModel, createOpenAIModel } from './providers/openai/openai-model.js';
import type { ColumnNames } from './runs/card-columns.js';
import { cliExecutorSecrets, type CliExecutorsOptions } from './runs/cli-executors.js';
import type { RunListener, RunSummary } from './runs/run-events.js';
import { RunStream, type RunStreamListener } from './runs/run-stream.js';
import type { GitConfigUndoResult } from './runs/run-git-config.js';
import { RunManager, type ResolvedModel } from './runs/run-manager.js';
import type { ProviderFactsSource } from './runs/preflight-models.js';
import { RunPreflightError, type PreflightProblem } from './runs/preflight-problem.js';
import { checkRunStart } from './runs/run-preflight.js';
import type { RunOptions } from './runs/run-record.js';
import { RunScheduler, type SchedulerLimits, type SchedulerState } from './runs/run-scheduler.js';
import { allMachineGraphs } from './statecharts/machines.js';
import type { MachineGraph } from './statecharts/machine-graph.js';
import { openKanbotsDataDir, type KanbotsDataDir } from './store/open-kanbots-data-dir.js';
import type { KanbotsStore } from './store/kanbots-store.js';
import { openKanbotsStore } from './store/open-kanbots-store.js';
import type { WorkflowName } from './workflows/workflow-types.js';
import type { HumanReview } from './workflows/review.js';
import type { WorkflowDefinition, WorkflowDefinitionInput } from './workflows/workflow-definition.js';
import { createWorkflowRegistry, type WorkflowRegistry } from './workflows/workflow-registry.js';
import { formatModelChoice, parseModelChoice } from './settings/model-choice.js';

/**
 * The headless API: Kanbots as a library. Opens (and locks) a data directory, the board, the
 * worktree manager and the run manager; every run of the data directory comes back as it was.
 *
 *   const kanbots = await createKanbots({ dataDir, providers: { anthropic: { apiKey } } });
 *   const run = await kanbots.run(cardId, 'dev-review');
 *   kanbots.subscribe((event) => console.log(event.type));
 */

export type ProviderKey = 'anthropic' | 'openai' | 'compatible';

export interface KanbotsProviders {
  anthropic?: { apiKey: string; baseURL?: string };
  openai?: { apiKey: string; baseURL?: string; api?: 'chat' | 'responses' };
  compatible?: { baseURL: string; apiKey?: string };
}

export interface CreateKanbotsOptions {
  dataDir: string;
  /** The store to keep everything in (default: the data directory's database, see `openKanbotsStore`); closed by `close()`. */
  store?: KanbotsStore;
  /** API keys and base URLs per provider (not needed when `resolveModel` is given). */
  providers?: KanbotsProviders;
  /** Resolves model choices itself (e.g. a host that reads the user's settings and keychain). */
  resolveModel?: (choice: string | undefined) => ResolvedModel;
  /**
   * What the check before a run may know about a provider (on, key set, base URL, which models it
   * lists); a host answers from the user's settings. Without it, only what `resolveModel` refuses is a problem.
   */
  providerFacts?: ProviderFactsSource;
  defaults?: {
    /** The provider of bare model names (default: the first configured one). */
    provider?: ProviderKey;
    /** The model when neither persona nor run names one. */
    model?: string;
    budgets?: AgentBudgets;
  };
  limits?: SchedulerLimits;
  clock?: Clock;
  ids?: IdGenerator;
  /** Personas to use instead of loading built-ins + `<configDir>/personas` + the repository's. */
  personas?: readonly Persona[];
  /** Where user personas live (`<configDir>/personas/*.md`). */
  configDir?: string;
  columns?: ColumnNames;
  resumeInterrupted?: 'manual' | 'automatic';
  /** Extra environment for git (tests isolate git from the machine's configuration). */
  gitEnvironment?: Record<string, string>;
  /** Whether the repository's hooks run on the merge the user asks for at the gate (read at each merge; default off). */
  runUserHooksOnMerge?: () => boolean;
  /**
   * GitHub pull requests from the gate ("Open pull request"): where tokens come from (`gh auth
   * token`, else the secret store's `github.token`), the API base URL per host (Enterprise, or a
   * test server), the remote per project, and how often an open pull request is read again.
   */
  github?: Omit<PullRequestsOptions, 'git'> & { pollIntervalMs?: number };
  /** Attach an inspector, e.g. `createBrowserInspector().inspect` from `@statelyai/inspect`, or any XState inspection callback. */
  inspect?: (event: InspectionEvent) => void;
  /** Named points in each run's life (for kill-point tests). */
  checkpoint?: (point: string) => void;
  /** The agent CLIs behind the model choices `claude-code[:model]` / `codex[:model]` (defaults: found on PATH, own login). */
  executors?: CliExecutorsOptions;
  /**
   * The redactor of the activity log, the tool journal, run records and agent snapshots (a host
   * shares its own, which knows the stored and environment keys; the provider keys above are added).
   */
  redactor?: SecretRedactor;
  /**
   * Workflows of your own (`defineWorkflow`), registered after the built-ins: runs, the check
   * before a run, the statecharts and a host's run form know them like the built-ins. A definition
   * that cannot be used, or an id taken twice, fails here before anything is opened.
   */
  workflows?: readonly (WorkflowDefinition | WorkflowDefinitionInput)[];
  /**
   * The warm pool of ready worktrees, for the projects whose settings ask for one
   * (`[worktrees.pool] size`): how often base branches are looked at, the refills' niceness, and
   * a listener for what it does.
   */
  pool?: Pick<WorktreePoolOptions, 'checkIntervalMs' | 'niceness' | 'onEvent'>;
}

/** The registry as an instance shows it: look-ups only (workflows are registered through `createKanbots`). */
export type KanbotsWorkflows = Pick<WorkflowRegistry, 'get' | 'find' | 'has' | 'list' | 'ids'>;

export interface Kanbots {
  readonly dataDir: string;
  /** Where the board, the runs, their logs and the settings are kept. */
  readonly store: KanbotsStore;
  readonly board: BoardService;
  /** The worktree manager of the data directory (status and diffs of a run's worktrees). */
  readonly worktrees: WorktreeManager;
  /** The warm pool: ready worktrees per (repository, base branch), for projects that ask for them. */
  readonly pool: WorktreePool;
  /** What startup reconciliation found: unknown worktrees and branches (listed, never deleted), vanished worktrees (marked missing), pruned ones; or why it could not run. */
  readonly reconciliation: { report: ReconcileReport } | { error: ErrorData };
  readonly repositories: {
    register(path: string): Promise<RepositoryInfo>;
    list(): Promise<string[]>;
  };
  /** Problems found while loading persona files (never fatal). */
  readonly personaProblems: readonly PersonaProblem[];
  /** The workflows runs can use: the built-ins and `options.workflows`. */
  readonly workflows: KanbotsWorkflows;
  /**
   * The check before a run: what would keep it from starting (repository, base branch, personas,
   * each agent's provider key and model or agent CLI), in plain words with the fix. Writes nothing.
   */
  check(cardId: string, workflow: WorkflowName, options?: RunOptions): Promise<PreflightProblem[]>;
  /** Starts a run after the same check; a RunPreflightError (nothing created) when it finds problems. */
  run(cardId: string, workflow: WorkflowName, options?: RunOptions): Promise<RunSummary>;
  readonly runs: {
    list(): RunSummary[];
    get(runId: string): RunSummary;
    waitFor(runId: string, predicate: (run: RunSummary) => boolean): Promise<RunSummary>;
    /** The run's activity log as stored, oldest first (records that could not be read are left out). */
    activity(runId: string): ActivityRecord[];
    /** Puts back the git configuration, hooks and attributes the run's gate reports as changed (`RunSummary.gitConfig`). */
    undoGitConfigChanges(runId: string): Promise<GitConfigUndoResult>;
    /**
     * Every event of the runs' one stream, from now on: the UI feed's `RunEvent`s, activity records
     * (`run.activity`), named checkpoints (`run.checkpoint`) and agents' changes — what the activity
     * log, the kill points and `subscribe` each take their part of.
     */
    observe(listener: RunStreamListener): () => void;
  };
  pause(runId: string, agent?: string): void;
  resume(runId: string, agent?: string): void;
  cancel(runId: string, reason?: string): void;
  retry(runId: string): void;
  /** Stops the retries of the run's agents waiting to try the model again: the run fails with the last error and asks the person. */
  stopRetrying(runId: string, agent?: string): void;
  approve(runId: string, agent: string, callId: string): void;
  deny(runId: string, agent: string, callId: string, reason?: string): void;
  followUp(runId: string, text: string, candidate?: string): void;
  /** At the gate: a person's review (comments as findings) goes to the developer; a review round. */
  review(runId: string, review: HumanReview, candidate?: string): void;
  merge(runId: string, candidate?: string): void;
  discard(runId: string, candidate?: string): void;
  /** At the gate: commit, push the branch and open its pull request (needs `pullRequests`). */
  openPullRequest(runId: string, request?: { candidate?: string; title?: string; body?: string; draft?: boolean }): void;
  /** The title and body `openPullRequest` uses when none is given (to show them for editing first). */
  pullRequestDraft(runId: string): { title: string; body: string };
  /** Sends the pull request's failed checks and review comments (by id; default: all not sent yet) to the developer. */
  sendPullRequestFeedback(runId: string, selection?: { checks?: number[]; comments?: number[] }): Promise<void>;
  subscribe(listener: RunListener): () => void;
  scheduler(): SchedulerState;
  /** Changes the concurrency limits; waiting agents start at once if the new limits allow it. */
  setLimits(limits: SchedulerLimits): void;
  /** The graphs of every machine (board, agent, each workflow), for a UI. */
  statecharts(): Record<string, MachineGraph>;
  close(): Promise<void>;
}

function firstProvider(providers: KanbotsProviders): ProviderKey | undefined {
  return (['anthropic', 'openai', 'compatible'] as const).find((name) => providers[name] !== undefined);
}

/** Resolves `provider:model` / a bare name / nothing against the configured providers (ports cached). */
export function createModelResolver(providers: KanbotsProviders, defaults: CreateKanbotsOptions['defaults'] = {}): (choice: string | undefined) => ResolvedModel {
  const ports = new Map<ProviderKey, ModelPort>();
  const portFor = (provider: ProviderKey): ModelPort => {
    const existing = ports.get(provider);
    if (existing) return existing;
    let port: ModelPort;
    if (provider === 'anthropic' && providers.anthropic) port = createAnthropicModel({ apiKey: providers.anthropic.apiKey, ...(providers.anthropic.baseURL === undefined ? {} : { baseURL: providers.anthropic.baseURL }) });
    else if (provider === 'openai' && providers.openai) port = createOpenAIModel({ api: providers.openai.api ?? 'chat', apiKey: providers.openai.apiKey, ...(providers.openai.baseURL === undefined ? {} : { baseURL: providers.openai.baseURL }) });
    else if (provider === 'compatible' && providers.compatible) port = createOpenAICompatibleModel({ baseURL: providers.compatible.baseURL, ...(providers.compatible.apiKey === undefined ? {} : { apiKey: providers.compatible.apiKey }) });
    else throw new ConfigurationError(`The ${provider} provider is not configured (createKanbots({ providers: { ${provider}: … } }))`, { details: { provider } });
    ports.set(provider, port);
    return port;
  };
  return (choice) => {
    const parsed = parseModelChoice(choice, defaults.provider ?? firstProvider(providers));
    if (parsed === undefined) throw new ConfigurationError('No model provider is configured');
    if (parsed.kind === 'cli') throw new ConfigurationError(`"${formatModelChoice(parsed)}" is an agent CLI, not a model of a provider`, { details: { choice: formatModelChoice(parsed) } });
    const provider = parsed.provider;
    const modelName = parsed.model ?? defaults.model;
    if (!modelName) throw new ConfigurationError(`No model chosen: name one in the persona, the run options or defaults.model`);
    const pricing = findModelPricing(modelName);
    return { model: portFor(provider), provider, modelName, ...(pricing === undefined ? {} : { pricing }) };
  };
}

export async function createKanbots(options: CreateKanbotsOptions): Promise<Kanbots> {
  const workflows = createWorkflowRegistry(options.workflows ?? []);
  const directory: KanbotsDataDir = await openKanbotsDataDir(options.dataDir);
  const redactor = options.redactor ?? createRedactor();
  for (const key of [options.providers?.anthropic?.apiKey, options.providers?.openai?.apiKey, options.providers?.compatible?.apiKey, ...cliExecutorSecrets(options.executors)]) {
    if (typeof key === 'string' && key.length > 0) redactor.addSecret(key);
  }
  let board: BoardService | undefined;
  let store: KanbotsStore | undefined;
  try {
    store = options.store ?? (await openKanbotsStore(directory.dataDir, options.clock ? { clock: options.clock } : {}));
    board = await openBoardService({ dataDir: directory.dataDir, store, ...(options.clock ? { clock: options.clock } : {}), ...(options.ids ? { ids: options.ids } : {}) });
    // The runs' one stream: the worktree manager's named points go on it too (the `checkpoint` option is its subscriber).
    const stream = new RunStream();
    const worktrees = new WorktreeManager({
      dataDir: directory.dataDir,
      store,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.ids ? { ids: options.ids } : {}),
      ...(options.gitEnvironment ? { gitEnvironment: options.gitEnvironment } : {}),
      checkpoint: (point) => stream.emit({ type: 'git.checkpoint', point }),
    });
    const pool = new WorktreePool({ manager: worktrees, ...options.pool, ...(options.checkpoint ? { checkpoint: options.checkpoint } : {}) });
    let personas = options.personas;
    let personaProblems: PersonaProblem[] = [];
    if (personas === undefined) {
      const loaded = await loadPersonas(options.configDir === undefined ? {} : { configDir: options.configDir });
      personas = [...loaded.personas.values()];
      personaProblems = loaded.problems;
    }
    const scheduler = new RunScheduler(options.limits ?? { global: 4 });
    const resolveModel = options.resolveModel ?? createModelResolver(options.providers ?? {}, options.defaults);
    const manager = await RunManager.open({
      dataDir: directory.dataDir,
      store: store.runs,
      board,
      worktrees,
      pool,
      resolveModel,
      personas: personas !== undefined && personas.length > 0 ? personas : builtInPersonas,
      scheduler,
      redactor,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.ids ? { ids: options.ids } : {}),
      ...(options.columns ? { columns: options.columns } : {}),
      ...(options.resumeInterrupted ? { resumeInterrupted: options.resumeInterrupted } : {}),
      ...(options.defaults?.budgets ? { budgets: options.defaults.budgets } : {}),
      ...(options.inspect ? { inspect: options.inspect } : {}),
      ...(options.checkpoint ? { checkpoint: options.checkpoint } : {}),
      stream,
      ...(options.executors ? { executors: options.executors } : {}),
      ...(options.runUserHooksOnMerge ? { runUserHooksOnMerge: options.runUserHooksOnMerge } : {}),
      workflows,
      ...(options.github === undefined ? {} : { pullRequests: new PullRequests({ ...options.github, git: worktrees.git }) }),
      ...(options.github?.pollIntervalMs === undefined ? {} : { pullRequestInterval: options.github.pollIntervalMs }),
    });
    const openBoard = board;
    const knownPersonas = personas !== undefined && personas.length > 0 ? personas : builtInPersonas;
    const check = (cardId: string, workflow: WorkflowName, runOptions: RunOptions = {}): Promise<PreflightProblem[]> =>
      checkRunStart(
        {
          git: worktrees.git,
          board: openBoard,
          personas: knownPersonas,
          resolveModel,
          ...(options.providerFacts === undefined ? {} : { providerFacts: options.providerFacts }),
          ...(options.executors === undefined ? {} : { executors: options.executors }),
        },
        cardId,
        workflows.get(workflow),
        runOptions,
      );
    const openStore = store;
    // Startup reconciliation: report (never delete) worktrees and branches no card knows, mark
    // vanished worktrees missing, prune only what git itself says is gone. Never fatal.
    const startup = await worktrees
      .reconcile(
        board.getBoard().cards.map((card) => card.id),
        { inUse: (worktree) => manager.usesWorktree(worktree) },
      )
      .then((report) => ({ report }))
      .catch((error: unknown) => ({ error: toErrorData(error) }));
    // The pool's leftovers of a crash go first (they never held work); then every registered
    // repository whose settings ask for a pool gets it filled, in the background.
    await pool.start().catch(() => undefined);
    const poolRepositories = [...board.getBoard().projects.map((project) => project.repository), ...(await worktrees.list().catch(() => [])).map((worktree) => worktree.repository)];
    for (const repository of poolRepositories.filter((path, index, all) => all.indexOf(path) === index)) void pool.watchRepository(repository);
    return {
      dataDir: directory.dataDir,
      store: openStore,
      board: openBoard,
      worktrees,
      pool,
      reconciliation: startup,
      personaProblems,
      workflows,
      repositories: {
        async register(path) {
          const repository = await worktrees.registerRepository(path);
          void pool.watchRepository(repository.path);
          return repository;
        },
        list: async () => (await worktrees.list()).map((worktree) => worktree.repository).filter((path, index, all) => all.indexOf(path) === index),
      },
      check,
      async run(cardId, workflow, runOptions) {
        const problems = await check(cardId, workflow, runOptions);
        if (problems.length > 0) throw new RunPreflightError(problems);
        return manager.start(cardId, workflow, runOptions);
      },
      runs: { list: () => manager.list(), get: (runId) => manager.get(runId), activity: (runId) => readRunActivity(openStore.runs, runId).records, waitFor: (runId, predicate) => manager.waitFor(runId, predicate), undoGitConfigChanges: (runId) => manager.undoGitConfigChanges(runId), observe: (listener) => manager.observe(listener) },
      pause: (runId, agent) => manager.pause(runId, agent),
      resume: (runId, agent) => manager.resume(runId, agent),
      cancel: (runId, reason) => manager.cancel(runId, reason),
      retry: (runId) => manager.retry(runId),
      stopRetrying: (runId, agent) => manager.stopRetrying(runId, agent),
      approve: (runId, agent, callId) => manager.approve(runId, agent, callId),
      deny: (runId, agent, callId, reason) => manager.deny(runId, agent, callId, reason),
      followUp: (runId, text, candidate) => manager.followUp(runId, text, candidate),
      review: (runId, review, candidate) => manager.review(runId, review, candidate),
      merge: (runId, candidate) => manager.merge(runId, candidate),
      discard: (runId, candidate) => manager.discard(runId, candidate),
      openPullRequest: (runId, request) => manager.openPullRequest(runId, request),
      pullRequestDraft: (runId) => manager.pullRequestDraft(runId),
      sendPullRequestFeedback: (runId, selection) => manager.sendPullRequestFeedback(runId, selection),
      subscribe: (listener) => manager.subscribe(listener),
      scheduler: () => scheduler.state(),
      setLimits: (limits) => scheduler.setLimits(limits),
      statecharts: () => allMachineGraphs(workflows.list()),
      async close() {
        await pool.close();
        await manager.close();
        await openBoard.close();
        openStore.close();
        await directory.lock.release();
      },
    };
  } catch (error) {
    await board?.close().catch(() => undefined);
    store?.close();
    await directory.lock.release();
    throw error;
  }
}
