import { cardsInColumn, orderedColumns, type Board, type BoardCommand, type Card, type Column } from '@kanbots/core/model';

/**
 * What the UI expects a board command to do, applied at once while the host confirms (optimistic
 * update). A prediction only: the host's `BoardChange` replaces it. Mirrors the board's rules:
 * indexes are positions among the destination's visible cards, clamped; orders stay dense.
 */

export interface PredictionContext {
  /** The id to give a card or column the command creates (replaced by the host's later). */
  temporaryId: string;
  now: number;
}

export function predictBoardCommand(board: Board, command: BoardCommand, context: PredictionContext): Board {
  switch (command.type) {
    case 'board.rename':
      return { ...board, name: command.name };
    case 'column.add': {
      const columns = orderedColumns(board);
      const index = clamp(command.index ?? columns.length, columns.length);
      columns.splice(index, 0, { id: context.temporaryId, name: command.name, order: 0 });
      return { ...board, columns: renumberColumns(columns) };
    }
    case 'column.rename':
      return { ...board, columns: board.columns.map((column) => (column.id === command.columnId ? { ...column, name: command.name } : column)) };
    case 'column.move': {
      const columns = orderedColumns(board);
      const from = columns.findIndex((column) => column.id === command.columnId);
      if (from < 0) return board;
      const [moved] = columns.splice(from, 1) as [Column];
      columns.splice(clamp(command.index, columns.length), 0, moved);
      return { ...board, columns: renumberColumns(columns) };
    }
    case 'column.remove': {
      const columns = orderedColumns(board).filter((column) => column.id !== command.columnId);
      let cards = board.cards;
      if (command.moveCardsTo) {
        const destination = command.moveCardsTo;
        const start = cardsInColumn(board, destination).length;
        const moving = cardsInColumn(board, command.columnId);
        const moved = new Map(moving.map((card, offset) => [card.id, { ...card, columnId: destination, order: start + offset, updatedAt: context.now }]));
        cards = cards.map((card) => moved.get(card.id) ?? card);
      }
      return { ...board, columns: renumberColumns(columns), cards: cards.filter((card) => card.columnId !== command.columnId) };
    }
    case 'card.create': {
      const columnId = command.columnId ?? orderedColumns(board)[0]?.id;
      if (!columnId) return board;
      const card: Card = {
        id: context.temporaryId,
        title: command.title.trim(),
        description: command.description ?? '',
        labels: command.labels ?? [],
        columnId,
        order: 0,
        archived: false,
        createdAt: context.now,
        updatedAt: context.now,
        ...(command.target ? { target: command.target } : {}),
      };
      return placeCard(board, card, columnId, command.index, context.now);
    }
    case 'card.update': {
      const { target, ...rest } = command.patch;
      return mapCard(board, command.cardId, (card) => {
        const updated: Card = { ...card, ...rest, updatedAt: context.now };
        if (target === null) delete updated.target;
        else if (target !== undefined) updated.target = target;
        return updated;
      });
    }
    case 'card.move': {
      const card = board.cards.find((candidate) => candidate.id === command.cardId);
      if (!card || !board.columns.some((column) => column.id === command.columnId)) return board;
      return placeCard(board, card, command.columnId, command.index, context.now);
    }
    case 'card.archive':
      return mapCard(board, command.cardId, (card) => ({ ...card, archived: true, updatedAt: context.now }));
    case 'card.unarchive':
      return mapCard(board, command.cardId, (card) => ({ ...card, archived: false, updatedAt: context.now }));
    case 'card.delete':
      return { ...board, cards: board.cards.filter((card) => card.id !== command.cardId) };
  }
}

/** Takes `card` out of wherever it is and inserts it at `index` among `columnId`'s visible cards. */
function placeCard(board: Board, card: Card, columnId: string, index: number | undefined, now: number): Board {
  const changed = new Map<string, Card>();
  const sourceColumnId = board.cards.some((candidate) => candidate.id === card.id) ? card.columnId : undefined;
  const destination = cardsInColumn(board, columnId).filter((candidate) => candidate.id !== card.id);
  const position = clamp(index ?? destination.length, destination.length);
  const moved: Card = { ...card, columnId, archived: false, updatedAt: now };
  destination.splice(position, 0, moved);
  destination.forEach((candidate, order) => changed.set(candidate.id, candidate.order === order && candidate !== moved ? candidate : { ...candidate, order }));
  if (sourceColumnId !== undefined && sourceColumnId !== columnId) {
    cardsInColumn(board, sourceColumnId)
      .filter((candidate) => candidate.id !== card.id)
      .forEach((candidate, order) => {
        if (candidate.order !== order) changed.set(candidate.id, { ...candidate, order });
      });
  }
  const cards = board.cards.map((candidate) => changed.get(candidate.id) ?? candidate);
  if (sourceColumnId === undefined) cards.push(changed.get(card.id) ?? moved);
  return { ...board, cards };
}

function mapCard(board: Board, cardId: string, change: (card: Card) => Card): Board {
  return { ...board, cards: board.cards.map((card) => (card.id === cardId ? change(card) : card)) };
}

function renumberColumns(columns: Column[]): Column[] {
  return columns.map((column, order) => (column.order === order ? column : { ...column, order }));
}

function clamp(index: number, length: number): number {
  return Math.max(0, Math.min(index, length));
}
