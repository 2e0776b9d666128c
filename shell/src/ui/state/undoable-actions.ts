import { createSignal, type Accessor } from 'solid-js';
import type { BoardIntents } from './board-intents.js';
import type { BoardStore } from './board-store.js';
import type { ToastStore } from './toast-store.js';

/**
 * The board actions a person can regret, each followed by a toast with Undo:
 * - archive: undone by unarchiving;
 * - delete: the card is archived at once (so it leaves the board) and deleted for good only when
 *   the undo window passes; Undo brings it back. If the app closes in the window the card stays
 *   archived — recoverable from "Archived" — rather than gone;
 * - a move to another column with the mouse or the "Move to…" menu: undone by moving it back
 *   where it was (keyboard moves are undone with the opposite arrow, so they stay quiet).
 */
export interface UndoableActions {
  archiveCard(cardId: string): void;
  unarchiveCard(cardId: string): void;
  deleteCard(cardId: string): void;
  moveCard(cardId: string, columnId: string, index: number): void;
  /** Cards waiting for their delete to become final (hidden from the archived list). */
  pendingDeletes: Accessor<ReadonlySet<string>>;
  /** Sends every delete still waiting for its undo window (e.g. when the page goes away). */
  flushDeletes(): void;
}

export function quoted(title: string): string {
  return `“${title.length > 48 ? `${title.slice(0, 47)}…` : title}”`;
}

export function createUndoableActions(board: BoardStore, intents: BoardIntents, toasts: ToastStore): UndoableActions {
  const [pendingDeletes, setPendingDeletes] = createSignal<ReadonlySet<string>>(new Set());
  const waiting = new Map<string, () => void>();
  const setPending = (cardId: string, pending: boolean): void => {
    setPendingDeletes((current) => {
      const next = new Set(current);
      if (pending) next.add(cardId);
      else next.delete(cardId);
      return next;
    });
  };
  const place = (cardId: string): { columnId: string; index: number } | undefined => {
    const card = board.card(cardId);
    if (!card) return undefined;
    const index = (board.cardsByColumn().get(card.columnId) ?? []).findIndex((candidate) => candidate.id === cardId);
    return { columnId: card.columnId, index: Math.max(0, index) };
  };
  const columnName = (columnId: string): string => board.columns().find((column) => column.id === columnId)?.name ?? 'another column';
  const offerMoveBack = (cardId: string, title: string, from: { columnId: string; index: number }, toColumnId: string): void => {
    if (from.columnId === toColumnId) return;
    toasts.show('info', `Moved ${quoted(title)} to ${columnName(toColumnId)}.`, {
      key: `card:${cardId}`,
      action: { label: 'Undo', run: () => intents.moveCard(board.resolveId(cardId), from.columnId, from.index) },
    });
  };

  return {
    pendingDeletes,
    archiveCard(cardId) {
      const card = board.card(cardId);
      if (!card) return;
      intents.archiveCard(cardId);
      toasts.show('info', `Archived ${quoted(card.title)}.`, {
        key: `card:${cardId}`,
        action: { label: 'Undo', run: () => intents.unarchiveCard(board.resolveId(cardId)) },
      });
    },
    unarchiveCard(cardId) {
      intents.unarchiveCard(cardId);
    },
    deleteCard(cardId) {
      const card = board.card(cardId);
      if (!card || waiting.has(cardId)) return;
      const wasArchived = card.archived;
      if (!wasArchived) intents.archiveCard(cardId);
      setPending(cardId, true);
      const finish = (): void => {
        waiting.delete(cardId);
        setPending(cardId, false);
        intents.deleteCard(board.resolveId(cardId));
      };
      waiting.set(cardId, finish);
      toasts.show('info', `Deleted ${quoted(card.title)}.`, {
        key: `card:${cardId}`,
        action: {
          label: 'Undo',
          run: () => {
            waiting.delete(cardId);
            setPending(cardId, false);
            if (!wasArchived) intents.unarchiveCard(board.resolveId(cardId));
          },
        },
        expire: () => waiting.get(cardId)?.(),
      });
    },
    moveCard(cardId, columnId, index) {
      const card = board.card(cardId);
      const from = place(cardId);
      intents.moveCard(cardId, columnId, index);
      if (card && from) offerMoveBack(cardId, card.title, from, columnId);
    },
    flushDeletes() {
      for (const finish of [...waiting.values()]) finish();
    },
  };
}
