import { gitHubApiBaseUrl } from '@kanbots/core/internals';
import {
  ProtocolHub,
  RunViewTracker,
  SecretRedactor,
  addEnvironmentSecrets,
  createProtocolRedaction,
  loadKnownSecrets,
  createBoardCommandHandlers,
  createKanbots,
  describeWorkflow,
  publishBoardChanges,
  resolveDataDir,
  type BoardService,
  type CreateKanbotsOptions,
  type Kanbots,
  type ResolvedModel,
  type ProtocolHubOptions,
} from '@kanbots/core/internals';
import { RUN_AGENT_EVENT_TOPIC } from '@kanbots/core/protocol';
import { withKnownSecrets } from './logger.js';
import { KANBOTS_VERSION } from './package-info.js';
import { createPreflightCommandHandlers } from './preflight-commands.js';
import { createProviderFacts } from './provider-facts.js';
import { createDemoCommandHandler, createDemoLauncher, type DemoLauncher } from './demo-launcher.js';
import { createProjectCommandHandlers, ensureProject, protocolBoard } from './project-commands.js';
import { createWorktreeCommandHandlers } from './worktree-commands.js';
import { createDevServerRuntime } from './dev-server-commands.js';
import { createRunCommandHandlers } from './run-commands.js';
import { createSettingsModelResolver } from './settings-model-resolver.js';
import { openSettingsRuntime, type SettingsRuntime, type SettingsRuntimeOptions } from './settings-runtime.js';

/**
 * The core runtime a host runs: Kanbots itself (the data directory's lock, held for the process
 * lifetime; the board; worktrees; runs), the user's settings and keys, and the protocol hub every
 * transport connects to, with the board, settings and run commands and topics.
 */

export interface CoreRuntime {
  readonly dataDir: string;
  readonly board: BoardService;
  readonly kanbots: Kanbots;
  readonly hub: ProtocolHub;
  /** Settings (`settings.*`, `secrets.*`, `providers.test` commands) and the lazily opened secret store. */
  readonly settings: SettingsRuntime;
  /** Closes the hub (and so every session), the runs and the board, then releases the lock. */
  close(): Promise<void>;
}

/** Topics batched on the wire (token streams), with their window in ms. */
export const BATCHED_TOPICS: ProtocolHubOptions['batchedTopics'] = { [RUN_AGENT_EVENT_TOPIC]: true };

export interface OpenCoreRuntimeOptions extends SettingsRuntimeOptions {
  dataDir?: string;
  /** Overrides how model choices are resolved (the demo points every agent at the scripted model). */
  resolveModel?: (choice: string | undefined) => ResolvedModel;
  /** Extra options for the runtime (personas, limits, columns…). */
  kanbots?: Partial<Omit<CreateKanbotsOptions, 'dataDir' | 'resolveModel'>>;
  /** A repository made a project at start, which cards created without a project belong to (`kanbots` started inside a repository). */
  defaultRepository?: string;
  /** The scripted demo: its label goes into the snapshot, and runs ignore a provider or model they ask for. */
  demo?: { label: string };
  /** Whether "Try the demo" (`demo.start`) may start the scripted demo next to this board (default on). */
  offerDemo?: boolean;
  /** The built UI the demo serves (default shell/dist/ui). */
  uiDir?: string;
  /** Starts the demo for `demo.start` (default: the scripted demo, once per runtime). */
  demoLauncher?: DemoLauncher;
}

export async function openCoreRuntime(options: OpenCoreRuntimeOptions): Promise<CoreRuntime> {
  const dataDir = options.dataDir ?? resolveDataDir();
  // The one redactor of everything the host sends or writes: it knows every key before any run starts.
  const redactor = options.redactor ?? new SecretRedactor();
  const logger = options.logger === undefined ? undefined : withKnownSecrets(options.logger, redactor);
  const settings = await openSettingsRuntime(dataDir, { ...options, redactor, ...(logger === undefined ? {} : { logger }) });
  addEnvironmentSecrets(redactor, settings.env);
  await loadKnownSecrets(redactor, await settings.secretStore(), settings.env);
  const current = settings.settings.get();
  const kanbots = await createKanbots({
    limits: current.limits,
    columns: current.columns,
    ...options.kanbots,
    redactor,
    dataDir,
    resolveModel: options.resolveModel ?? createSettingsModelResolver(settings),
    // The check before a run asks the user's providers (a host with its own resolver, the demo, has none to ask).
    ...(options.resolveModel === undefined ? { providerFacts: createProviderFacts(settings) } : {}),
    runUserHooksOnMerge: () => settings.settings.get().git.runUserHooksOnMerge,
    github: {
      secrets: await settings.secretStore(),
      env: settings.env,
      remoteOf: () => settings.settings.get().github.remote,
      apiBaseUrl: (host) => settings.settings.get().github.apiBaseUrl ?? gitHubApiBaseUrl(host),
      ...options.kanbots?.github,
    },
  });
  reportReconciliation(kanbots, logger);
  const board = kanbots.board;
  const git = kanbots.worktrees.git;
  let defaultProjectId: string | undefined;
  if (options.defaultRepository !== undefined) {
    try {
      defaultProjectId = await ensureProject(board, git, options.defaultRepository);
    } catch (error) {
      logger?.warn(`${options.defaultRepository} could not be added as a project: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  let views: RunViewTracker | undefined;
  const hub = new ProtocolHub({
    serverVersion: KANBOTS_VERSION,
    snapshot: () => ({ board: board.getBoard(), runs: views?.views() ?? [], statecharts: kanbots.statecharts(), workflows: kanbots.workflows.list().map(describeWorkflow), ...(options.demo ? { demo: options.demo } : {}) }),
    // A project removed meanwhile is no default any more.
    commands: [
      ...createBoardCommandHandlers(protocolBoard(board, git, () => (board.getBoard().projects.some((project) => project.id === defaultProjectId) ? defaultProjectId : undefined))),
      ...createProjectCommandHandlers(kanbots),
      ...createWorktreeCommandHandlers(kanbots),
    ],
    batchedTopics: BATCHED_TOPICS,
    outgoing: createProtocolRedaction(redactor),
  });
  // The demo's own host offers no demo.
  const demo = options.offerDemo === false || options.demo !== undefined ? undefined : options.demoLauncher ?? createDemoLauncher({ ...(logger === undefined ? {} : { logger }), ...(options.uiDir === undefined ? {} : { uiDir: options.uiDir }) });
  if (demo !== undefined) hub.commands.register(createDemoCommandHandler(demo));
  const devServers = createDevServerRuntime(kanbots, hub, redactor);
  for (const handler of devServers.handlers) hub.commands.register(handler);
  views = new RunViewTracker(kanbots, hub);
  views.restore();
  for (const handler of createRunCommandHandlers({ kanbots, views, defaultPolicy: () => settings.settings.get().toolPolicy, lockedModels: options.demo !== undefined })) hub.commands.register(handler);
  for (const handler of createPreflightCommandHandlers({ kanbots, lockedModels: options.demo !== undefined, ...(options.kanbots?.executors === undefined ? {} : { executors: options.kanbots.executors }) })) hub.commands.register(handler);
  // Concurrency limits apply as soon as the user changes them.
  const unsubscribeLimits = settings.settings.subscribe((next) => kanbots.setLimits(next.limits));
  const unsubscribeBoard = publishBoardChanges(hub, board);
  const detachSettings = settings.attach(hub);
  const close = once(async () => {
    unsubscribeBoard();
    unsubscribeLimits();
    detachSettings();
    await devServers.close();
    views?.close();
    hub.close();
    await demo?.stop();
    await kanbots.close();
    settings.settings.close();
  });
  return { dataDir: kanbots.dataDir, board, kanbots, hub, settings, close };
}

/** Startup reconciliation finds things for the user to decide on; the host says so, it never deletes. */
function reportReconciliation(kanbots: Kanbots, logger: OpenCoreRuntimeOptions['logger']): void {
  if (!logger) return;
  const result = kanbots.reconciliation;
  if ('error' in result) return logger.warn(`Could not check the worktrees at startup: ${result.error.message}`);
  const { orphanedWorktrees, orphanedBranches, missing, unused } = result.report;
  for (const item of orphanedWorktrees) logger.warn(`A Kanbots worktree no card knows is kept at ${item.path} (branch ${item.branch}); nothing was deleted.`);
  for (const item of orphanedBranches) logger.warn(`A Kanbots branch no card knows is kept: ${item.branch} in ${item.repository}.`);
  for (const item of missing) logger.warn(`The worktree of card ${item.cardId} vanished (${item.path}); its branch ${item.branch} is kept.`);
  for (const item of unused) logger.warn(`A worktree made for a run that no run uses is kept at ${item.path} (branch ${item.branch}); nothing was deleted.`);
}

function once(action: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= action());
}
