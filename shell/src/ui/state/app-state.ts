import type { BoardCommand } from '@kanbots/core/model';
import { createSignal, type Accessor } from 'solid-js';
import { HostConnection, type ConnectionState, type HostConnectionOptions } from '../transport/host-connection.js';
import { parseBoardChange } from '../transport/protocol-messages.js';
import type { HostStatus } from '../transport/host-status.js';
import type { Transport } from '../transport/transport.js';
import { createBoardIntents, type BoardIntents } from './board-intents.js';
import { createBoardStore, type BoardStore } from './board-store.js';
import { createToastStore, type ToastStore } from './toast-store.js';
import { createUndoableActions, type UndoableActions } from './undoable-actions.js';
import { createNotificationSink, type NotificationSink } from '../notifications/notification-sink.js';
import { createRunNotifier } from '../notifications/run-notifier.js';
import { createRunStore, type RunStore } from '../runs/run-store.js';
import { RUN_AGENT_EVENT_TOPIC, RUN_UPDATED_TOPIC } from '@kanbots/core/protocol';
import { createSettingsStore, type SettingsStore } from '../settings/settings-store.js';
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
  runs: RunStore;
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
}

export function createAppState(transport: Transport, options: AppStateOptions = {}): AppState {
  const useBoardCache = options.useBoardCache ?? true;
  const connection = new HostConnection(transport, options.connection);
  const [connectionState, setConnectionState] = createSignal<ConnectionState>(connection.state);
  const [hostStatus, setHostStatus] = createSignal<HostStatus | undefined>(undefined);
  const stopWatchingHost = transport.watchHostStatus?.(setHostStatus);
  const toasts = createToastStore();
  const view = createViewState(options.applyTheme ? { applyTheme: options.applyTheme } : {});
  const board = createBoardStore({
    send: (name, args) => connection.request(name, args),
    rejected: (command, error) => toasts.show('error', rejectionMessage(command, error)),
    ...(useBoardCache ? { confirmed: cacheBoard } : {}),
  });
  const send = (name: string, args: Record<string, unknown>): Promise<unknown> => connection.request(name, args);
  const failed = (message: string): void => toasts.show('error', message);
  const settings = createSettingsStore({ send, failed });
  const notifications =
    options.notifications ??
    createNotificationSink({
      toast: (message) => toasts.show('info', message),
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
  });
  connection.subscribe({
    state: setConnectionState,
    snapshot: (snapshot) => {
      board.acceptSnapshot(snapshot.board);
      runs.acceptSnapshot(snapshot.runs, snapshot.statecharts);
    },
    event: (event) => {
      switch (event.topic) {
        case 'board.changed': {
          const parsed = safeChange(event.data);
          if (parsed) board.acceptChange(parsed);
          return;
        }
        case RUN_UPDATED_TOPIC:
          runs.acceptRunUpdated(event.data);
          return;
        case RUN_AGENT_EVENT_TOPIC:
          runs.acceptAgentEvent(event.data);
          return;
        default:
          settings.acceptEvent(event.topic, event.data);
      }
    },
  });
  const intents = createBoardIntents(board);
  return {
    connectionState,
    hostStatus,
    transportKind: transport.kind,
    board,
    view,
    toasts,
    intents,
    actions: createUndoableActions(board, intents, toasts),
    runs,
    settings,
    notifications,
    async start() {
      const [cached] = await Promise.all([useBoardCache ? readCachedBoard() : undefined, view.load()]);
      if (cached) board.showCached(cached);
      connection.start();
    },
    stop: () => {
      stopWatchingHost?.();
      connection.stop();
    },
  };
}

function safeChange(data: unknown): ReturnType<typeof parseBoardChange> | undefined {
  try {
    return parseBoardChange(data);
  } catch {
    return undefined;
  }
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
};

function rejectionMessage(command: BoardCommand, error: unknown): string {
  const reason = error instanceof Error ? error.message : String(error);
  return `Could not ${COMMAND_WORDS[command.type]}: ${reason}. The change was undone.`;
}
