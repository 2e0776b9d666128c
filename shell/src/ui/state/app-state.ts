import type { BoardCommand } from '@kanbots/core/model';
import type { WorkflowView } from '@kanbots/core/protocol';
import { createSignal, type Accessor } from 'solid-js';
import type { CommandSender } from '../transport/command-sender.js';
import { HostConnection, type ConnectionState, type HostConnectionOptions } from '../transport/host-connection.js';
import type { HostStatus } from '../transport/host-status.js';
import type { Transport } from '../transport/transport.js';
import { createBoardIntents, type BoardIntents } from './board-intents.js';
import { createBoardStore, type BoardStore } from './board-store.js';
import { createToastStore, type ToastStore } from './toast-store.js';
import { createUndoableActions, type UndoableActions } from './undoable-actions.js';
import { createCardFilter, projectOfQuery, type CardFilter } from './card-filter.js';
import { createProjectStore, type ProjectStore } from '../projects/project-store.js';
import { createWorktreeStore, type WorktreeStore } from '../worktrees/worktree-store.js';
import { createDevServerStore, type DevServerStore } from '../worktrees/dev-server-store.js';
import { createNotificationSink, type NotificationSink } from '../notifications/notification-sink.js';
import { createRunNotifier } from '../notifications/run-notifier.js';
import { createRunStore, type RunStore } from '../runs/run-store.js';
import { readEvent, readSnapshot } from './read-host-messages.js';
import { createSettingsStore, type SettingsStore } from '../settings/settings-store.js';
import { createOfflineDrafts, type OfflineDrafts } from './offline-drafts.js';
import { cacheBoard, createViewState, readCachedBoard, type ThemeChoice, type ViewState } from './view-state.js';

/** Everything the UI's containers read and the intents they send. Create inside a Solid root. */
export interface AppState {
  connectionState: Accessor<ConnectionState>;
  /** The desktop window's report on the host process (restarting, failed); undefined in a tab. */
  hostStatus: Accessor<HostStatus | undefined>;
  transportKind: Transport['kind'];
  board: BoardStore;
  view: ViewState;
  toasts: ToastStore;
  intents: BoardIntents;
  /** Archive, delete and moves with an Undo toast. */
  actions: UndoableActions;
  /** The board's search and filter (header; `/`). */
  filter: CardFilter;
  /** The board's projects, checking folders, recent repositories. */
  projects: ProjectStore;
  /** Every worktree Kanbots made, their size, and safe removal (the Worktrees view). */
  worktrees: WorktreeStore;
  devServers: DevServerStore;
  runs: RunStore;
  /** Set when the host plays the scripted demo (its agents are fixed: the run form says so). */
  demo: Accessor<{ label: string } | undefined>;
  /** The workflows the host can run (built-ins and the embedder's), as the run form offers them. */
  workflows: Accessor<readonly WorkflowView[]>;
  settings: SettingsStore;
  notifications: NotificationSink;
  /** Loads cached board and view state, then connects. */
  start(): Promise<void>;
  stop(): void;
}

export interface AppStateOptions {
  connection?: HostConnectionOptions;
  applyTheme?: (theme: ThemeChoice) => void;
  /** Use the IndexedDB cache of the last board (on by default). */
  useBoardCache?: boolean;
  /** Where run notifications go (the browser's or Neutralino's by default). */
  notifications?: NotificationSink;
  /** Where cards and edits made while offline are kept (IndexedDB by default; `false`: nowhere, they are undone). */
  offlineDrafts?: OfflineDrafts | false;
}

export function createAppState(transport: Transport, options: AppStateOptions = {}): AppState {
  const useBoardCache = options.useBoardCache ?? true;
  const connection = new HostConnection(transport, options.connection);
  const [connectionState, setConnectionState] = createSignal<ConnectionState>(connection.state);
  const [hostStatus, setHostStatus] = createSignal<HostStatus | undefined>(undefined);
  const [demo, setDemo] = createSignal<{ label: string } | undefined>(undefined);
  const [workflows, setWorkflows] = createSignal<readonly WorkflowView[]>([]);
  const stopWatchingHost = transport.watchHostStatus?.((status) => {
    setHostStatus(status);
    if (status.state !== 'running') connection.hostReportedDown();
  });
  const toasts = createToastStore();
  const view = createViewState(options.applyTheme ? { applyTheme: options.applyTheme } : {});
  const send: CommandSender = (name, args) => connection.request(name, args);
  const devServers = createDevServerStore({ send });
  const failed = (message: string): void => toasts.show('error', message);
  const board = createBoardStore({
    send,
    rejected: (command, error) => toasts.show('error', rejectionMessage(command, error)),
    ...(useBoardCache ? { confirmed: cacheBoard } : {}),
    ...(options.offlineDrafts === false ? {} : { drafts: options.offlineDrafts ?? createOfflineDrafts() }),
    kept: (command) =>
      toasts.show('info', command.type === 'card.create' ? 'Not connected: the card is kept on this device and is added when the host is back.' : 'Not connected: the change is kept on this device and is saved when the host is back.', { key: 'offline-drafts' }),
  });
  const settings = createSettingsStore({ send, failed });
  const notifications =
    options.notifications ??
    createNotificationSink({
      toast: (message, key) => toasts.show('info', message, key === undefined ? {} : { key }),
      osNotifications: () => {
        const status = hostStatus();
        return status?.state === 'running' ? status.osNotifications : undefined;
      },
    });
  const runs = createRunStore({
    send,
    failed,
    statusChanged: createRunNotifier({
      sink: notifications,
      cardTitle: (cardId) => board.card(cardId)?.title,
      preferences: () => settings.settings()?.notifications,
    }),
    unreadable: (problem) => failed(`This run could not be displayed: ${problem.reason}`),
  });
  connection.subscribe({
    state: (state) => {
      setConnectionState(state);
      // Back online: whatever was kept while the host could not be reached goes now, in order.
      if (state === 'online') void board.sendWaiting();
    },
    hostError: (error) => failed(`The host reported a problem: ${error.message}`),
    snapshot: ({ snapshot }) => {
      const read = readSnapshot(snapshot);
      if (read.problem !== undefined) failed(read.problem);
      if (read.board !== undefined) board.acceptSnapshot(read.board);
      runs.acceptSnapshot(read.runs, read.statecharts);
      setDemo(read.demo);
      setWorkflows(read.workflows);
    },
    event: (raw) => {
      // A run the UI cannot read still reaches the run store, which shows it as a problem.
      if (raw.topic === 'run.updated') return runs.acceptRunUpdated(raw.data);
      const event = readEvent(raw);
      if ('problem' in event) return failed(event.problem);
      switch (event.topic) {
        case 'board.changed':
          return board.acceptChange(event.data);
        case 'run.agent.event':
          return runs.acceptAgentEvent(event.data);
        case 'settings.changed':
          return settings.acceptSettingsChanged(event.data);
        case 'secrets.changed':
          return settings.acceptSecretChanged(event.data);
        case 'run.updated':
          return runs.acceptRunUpdated(event.data);
        case 'devServer.updated':
          return devServers.accept(event.data);
      }
    },
  });
  const filter = createCardFilter();
  const projects = createProjectStore({ send, board });
  const worktrees = createWorktreeStore({ send });
  const intents = createBoardIntents(board, {
    projectForNewCard: () => {
      const all = projects.projects();
      return (projectOfQuery(filter.query(), all) ?? (all.length === 1 ? all[0] : undefined))?.id;
    },
  });
  return {
    connectionState,
    hostStatus,
    transportKind: transport.kind,
    board,
    view,
    toasts,
    intents,
    actions: createUndoableActions(board, intents, toasts),
    filter,
    projects,
    worktrees,
    devServers,
    runs,
    demo,
    workflows,
    settings,
    notifications,
    async start() {
      const [cached] = await Promise.all([useBoardCache ? readCachedBoard() : undefined, view.load()]);
      if (cached) board.showCached(cached);
      await board.restoreDrafts();
      connection.start();
    },
    stop: () => {
      stopWatchingHost?.();
      connection.stop();
    },
  };
}

const COMMAND_WORDS: Record<BoardCommand['type'], string> = {
  'board.rename': 'rename the board',
  'column.add': 'add the column',
  'column.rename': 'rename the column',
  'column.move': 'move the column',
  'column.remove': 'delete the column',
  'card.create': 'create the card',
  'card.update': 'save the card',
  'card.move': 'move the card',
  'card.archive': 'archive the card',
  'card.unarchive': 'restore the card',
  'card.delete': 'delete the card',
  'project.add': 'add the project',
  'project.update': 'save the project',
  'project.remove': 'remove the project',
};

function rejectionMessage(command: BoardCommand, error: unknown): string {
  const reason = error instanceof Error ? error.message : String(error);
  return `Could not ${COMMAND_WORDS[command.type]}: ${reason}. The change was undone.`;
}
