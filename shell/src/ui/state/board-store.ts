import {
  applyBoardChange,
  applyBoardCommand,
  orderedColumns,
  type Board,
  type BoardChange,
  type BoardCommand,
  type Card,
  type Column,
} from '@kanbots/core/model';
import { batch, createMemo, createSignal, type Accessor } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import type { CommandSender } from '../transport/command-sender.js';
import { keptWhileOffline, type OfflineDrafts } from './offline-drafts.js';

/** Where the board on screen came from: nothing yet, the IndexedDB cache, or the host. */
export type BoardSource = 'empty' | 'cache' | 'host';

export interface BoardStoreOptions {
  send: CommandSender;
  /** Told when the host refuses a command (after it was rolled back). */
  rejected?: (command: BoardCommand, error: unknown) => void;
  /** Told whenever the host-confirmed board changes (to cache it). */
  confirmed?: (board: Board) => void;
  /** Where cards and edits made while the host cannot be reached are kept until it answers. */
  drafts?: OfflineDrafts;
  /** Told when a command is kept to be sent later (the host could not be reached). */
  kept?: (command: BoardCommand) => void;
  now?: () => number;
}

interface PendingCommand {
  key: number;
  command: BoardCommand;
  temporaryId: string;
  /** Set once the host accepted it: the revision its change produced. */
  acknowledgedRevision?: number;
  /** Kept while the host could not be reached: shown, and sent by `sendWaiting`. */
  waiting?: boolean;
}

export interface BoardStore {
  /** The board as shown: the host's board with pending commands applied on top. */
  board: Accessor<Board | undefined>;
  source: Accessor<BoardSource>;
  columns: Accessor<Column[]>;
  /** Visible (non-archived) cards per column id, in order. */
  cardsByColumn: Accessor<ReadonlyMap<string, readonly Card[]>>;
  pendingCount: Accessor<number>;
  card(cardId: string): Card | undefined;
  /** Shows the cards and edits kept from an earlier session while offline (before connecting). */
  restoreDrafts(): Promise<void>;
  /** Sends, in order, what was kept while the host could not be reached (after it answered again). */
  sendWaiting(): Promise<void>;
  /** How many changes wait for the host. */
  waitingCount: Accessor<number>;
  /** Applies the command at once and sends it; resolves `true` when the host accepted it. */
  dispatch(command: BoardCommand): Promise<boolean>;
  /** Shows a cached board until the host's arrives (ignored once the host's is there). */
  showCached(board: Board): void;
  /** A full board from the host (hello or resync). */
  acceptSnapshot(board: Board): void;
  /** A `board.changed` event from the host. */
  acceptChange(change: BoardChange): void;
  /** Maps the temporary id of an optimistic create to the host's id, once known. */
  resolveId(id: string): string;
}

function copyBoard(board: Board): Board {
  return {
    ...board,
    columns: board.columns.map((column) => ({ ...column })),
    cards: board.cards.map((card) => ({ ...card, labels: [...card.labels], ...(card.target ? { target: { ...card.target } } : {}) })),
  };
}

/**
 * What the host will make of a pending command, shown at once (optimistic update): core's own
 * board reducer, with the command's temporary id for what it creates. A command the reducer
 * refuses changes nothing on screen; the host refuses it too and the store rolls it back.
 */
function predict(board: Board, entry: PendingCommand, now: number): Board {
  try {
    return applyBoardCommand(board, entry.command, { clock: { now: () => now }, ids: { next: () => entry.temporaryId } }).board;
  } catch {
    return board;
  }
}

/** The shared empty list for a column without cards (keeps `<For>` inputs stable). */
export const NO_CARDS: readonly Card[] = [];

/**
 * The board state behind the UI (STYLE §14: components read accessors and send intents). Every
 * command is applied at once with core's board reducer (optimistic update), rolled back when the
 * host rejects it, and
 * reconciled with the host's `BoardChange`. The shown board is kept in a Solid store updated by
 * keyed reconciliation, so one change re-renders only what changed.
 */
export function createBoardStore(options: BoardStoreOptions): BoardStore {
  const now = options.now ?? (() => Date.now());
  const [view, setView] = createStore<{ board: Board | undefined }>({ board: undefined });
  const [source, setSource] = createSignal<BoardSource>('empty');
  const [pendingCount, setPendingCount] = createSignal(0);
  const [waitingCount, setWaitingCount] = createSignal(0);
  let confirmed: Board | undefined;
  let pending: PendingCommand[] = [];
  let nextKey = 1;
  const createdIds = new Map<string, string>();

  const refresh = (): void => {
    let shown = confirmed;
    if (shown) {
      for (const entry of pending) shown = predict(shown, entry, now());
      // The revision shown stays the host's: pending commands are not revisions yet.
      shown = { ...shown, revision: confirmed!.revision };
    }
    batch(() => {
      // The store adopts and later mutates what it is given: hand it a copy, never `confirmed`.
      setView('board', reconcile(shown ? copyBoard(shown) : undefined, { key: 'id', merge: false }));
      setPendingCount(pending.length);
      setWaitingCount(pending.filter((entry) => entry.waiting).length);
    });
  };

  const saveDrafts = (): void => {
    void options.drafts?.save(pending.filter((entry) => entry.waiting).map((entry) => ({ command: entry.command, temporaryId: entry.temporaryId })));
  };

  /** Sends one pending command; a command the host could not get is kept (when worth keeping). */
  const sendEntry = async (entry: PendingCommand): Promise<boolean> => {
    let command = entry.command;
    // An edit of a card created while offline names it by its temporary id until the host gave it one.
    if (command.type === 'card.update' || command.type === 'card.move' || command.type === 'card.archive' || command.type === 'card.delete') {
      const id = createdIds.get(command.cardId);
      if (id !== undefined) command = { ...command, cardId: id };
    }
    const { type, ...args } = command;
    try {
      const change = await options.send(type, args as never);
      if (change.createdId) createdIds.set(entry.temporaryId, change.createdId);
      entry.acknowledgedRevision = change.revision;
      if (confirmed && change.revision === confirmed.revision + 1) setConfirmed(applyBoardChange(confirmed, change));
      else if (confirmed && change.revision <= confirmed.revision) pending = pending.filter((candidate) => candidate !== entry);
      refresh();
      return true;
    } catch (error) {
      const code = typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : undefined;
      if (options.drafts && keptWhileOffline(entry.command, code)) {
        const first = !entry.waiting;
        entry.waiting = true;
        saveDrafts();
        refresh();
        if (first) options.kept?.(entry.command);
        return false;
      }
      pending = pending.filter((candidate) => candidate !== entry);
      refresh();
      options.rejected?.(command, error);
      return false;
    }
  };
  let sending: Promise<void> | undefined;
  const sendWaiting = (): Promise<void> => {
    if (sending) return sending;
    const run = async (): Promise<void> => {
      for (;;) {
        const entry = pending.find((candidate) => candidate.waiting);
        if (entry === undefined) return;
        entry.waiting = false;
        const sent = await sendEntry(entry);
        if (!sent && entry.waiting) return; // still offline: the rest waits too
      }
    };
    // Cleared only after it is stored (a run with nothing to send ends before it is).
    sending = run().finally(() => {
      sending = undefined;
      saveDrafts();
      refresh();
    });
    return sending;
  };

  const setConfirmed = (board: Board): void => {
    confirmed = board;
    pending = pending.filter((entry) => entry.acknowledgedRevision === undefined || entry.acknowledgedRevision > board.revision);
    options.confirmed?.(board);
  };

  const columns = createMemo(() => (view.board ? orderedColumns(view.board) : []));
  const cardsByColumn = createMemo<ReadonlyMap<string, readonly Card[]>>(() => {
    const groups = new Map<string, Card[]>();
    const board = view.board;
    if (!board) return groups;
    for (const card of board.cards) {
      if (card.archived) continue;
      const group = groups.get(card.columnId);
      if (group) group.push(card);
      else groups.set(card.columnId, [card]);
    }
    for (const group of groups.values()) group.sort((a, b) => a.order - b.order);
    return groups;
  });

  return {
    board: () => view.board,
    source,
    columns,
    cardsByColumn,
    pendingCount,
    card: (cardId) => view.board?.cards.find((card) => card.id === cardId),
    resolveId: (id) => createdIds.get(id) ?? id,

    waitingCount,

    async dispatch(command) {
      const entry: PendingCommand = { key: nextKey, command, temporaryId: `pending-${nextKey}` };
      nextKey += 1;
      pending.push(entry);
      refresh();
      // While earlier changes wait for the host, a new one waits behind them (their order is kept).
      if (pending.some((candidate) => candidate !== entry && candidate.waiting) && keptWhileOffline(command, 'offline')) {
        entry.waiting = true;
        saveDrafts();
        refresh();
        void sendWaiting();
        return false;
      }
      return sendEntry(entry);
    },

    async restoreDrafts() {
      const drafts = (await options.drafts?.load()) ?? [];
      for (const draft of drafts) {
        const number = Number(draft.temporaryId.slice('pending-'.length));
        nextKey = Math.max(nextKey, number + 1);
        pending.push({ key: number, command: draft.command, temporaryId: draft.temporaryId, waiting: true });
      }
      if (drafts.length > 0) refresh();
    },

    sendWaiting,

    showCached(board) {
      if (source() === 'host') return;
      confirmed = board;
      setSource('cache');
      refresh();
    },

    acceptSnapshot(board) {
      setConfirmed(board);
      setSource('host');
      refresh();
    },

    acceptChange(change) {
      if (!confirmed || source() !== 'host' || change.revision <= confirmed.revision) return;
      setConfirmed(applyBoardChange(confirmed, change));
      refresh();
    },
  };
}

