import type { CardTarget } from '@kanbots/core/model';
import type { BoardStore } from './board-store.js';
import { keyboardMoveTarget, type MoveDirection } from './keyboard-move.js';

export interface CardDraft {
  title: string;
  description: string;
  labels: string[];
  target: CardTarget | null;
  /** The card's project; `null`: none. */
  projectId: string | null;
}

/** The user's intents, as board commands (each applied optimistically by the store). */
export interface BoardIntents {
  createCard(columnId: string, title: string): void;
  /** Sends the fields of `draft` that differ from the card (absent fields are left alone). */
  updateCard(cardId: string, draft: Partial<CardDraft>): void;
  deleteCard(cardId: string): void;
  archiveCard(cardId: string): void;
  unarchiveCard(cardId: string): void;
  moveCard(cardId: string, columnId: string, index: number): void;
  /** Keyboard move; returns false when the card cannot go that way. */
  moveCardBy(cardId: string, direction: MoveDirection): boolean;
  addColumn(name: string): void;
  renameColumn(columnId: string, name: string): void;
  moveColumn(columnId: string, index: number): void;
  removeColumn(columnId: string, moveCardsTo?: string): void;
  renameBoard(name: string): void;
}

export interface BoardIntentsOptions {
  /** The project a new card belongs to: the one the board is filtered to, or the only one. */
  projectForNewCard?: () => string | undefined;
}

export function createBoardIntents(store: BoardStore, options: BoardIntentsOptions = {}): BoardIntents {
  const send = (command: Parameters<BoardStore['dispatch']>[0]): void => void store.dispatch(command);
  return {
    createCard(columnId, title) {
      const projectId = options.projectForNewCard?.();
      send({ type: 'card.create', title, columnId, ...(projectId === undefined ? {} : { projectId }) });
    },
    updateCard(cardId, draft) {
      const current = store.card(cardId);
      if (!current) return;
      const patch: Extract<Parameters<BoardStore['dispatch']>[0], { type: 'card.update' }>['patch'] = {};
      if (draft.title !== undefined && draft.title !== current.title) patch.title = draft.title;
      if (draft.description !== undefined && draft.description !== current.description) patch.description = draft.description;
      if (draft.labels !== undefined && draft.labels.join('\u0000') !== current.labels.join('\u0000')) patch.labels = draft.labels;
      const targetChanged = draft.target !== undefined && JSON.stringify(draft.target ?? null) !== JSON.stringify(current.target ?? null);
      if (targetChanged) patch.target = draft.target;
      if (draft.projectId !== undefined && (draft.projectId ?? undefined) !== current.projectId) patch.projectId = draft.projectId;
      if (Object.keys(patch).length > 0) send({ type: 'card.update', cardId, patch });
    },
    deleteCard: (cardId) => send({ type: 'card.delete', cardId }),
    archiveCard: (cardId) => send({ type: 'card.archive', cardId }),
    unarchiveCard: (cardId) => send({ type: 'card.unarchive', cardId }),
    moveCard: (cardId, columnId, index) => send({ type: 'card.move', cardId, columnId, index }),
    moveCardBy(cardId, direction) {
      const target = keyboardMoveTarget(store.columns(), store.cardsByColumn(), cardId, direction);
      if (!target) return false;
      send({ type: 'card.move', cardId, ...target });
      return true;
    },
    addColumn: (name) => send({ type: 'column.add', name }),
    renameColumn: (columnId, name) => send({ type: 'column.rename', columnId, name }),
    moveColumn: (columnId, index) => send({ type: 'column.move', columnId, index }),
    removeColumn: (columnId, moveCardsTo) => send({ type: 'column.remove', columnId, ...(moveCardsTo ? { moveCardsTo } : {}) }),
    renameBoard: (name) => send({ type: 'board.rename', name }),
  };
}
