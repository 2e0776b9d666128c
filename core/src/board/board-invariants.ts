import type { Board, Card } from '../model/board.js';

/**
 * What must hold for every board the actor accepts or loads: unique ids, cards in existing
 * columns, column orders 0..n-1, and in every column two dense sequences — visible cards
 * 0..v-1 and archived cards 0..a-1. Returns readable problems (empty when consistent).
 */
export function findBoardInconsistencies(board: Board): string[] {
  const problems: string[] = [];
  const columnIds = new Set<string>();
  for (const column of board.columns) {
    if (columnIds.has(column.id)) problems.push(`column id "${column.id}" appears twice`);
    columnIds.add(column.id);
  }
  if (!isDense(board.columns.map((column) => column.order))) problems.push('column orders are not 0..n-1');
  const projectIds = new Set<string>();
  for (const project of board.projects) {
    if (projectIds.has(project.id)) problems.push(`project id "${project.id}" appears twice`);
    projectIds.add(project.id);
  }
  const cardIds = new Set<string>();
  const sequences = new Map<string, Card[]>();
  for (const card of board.cards) {
    if (cardIds.has(card.id)) problems.push(`card id "${card.id}" appears twice`);
    cardIds.add(card.id);
    if (!columnIds.has(card.columnId)) problems.push(`card "${card.id}" is in unknown column "${card.columnId}"`);
    if (card.projectId !== undefined && !projectIds.has(card.projectId)) problems.push(`card "${card.id}" belongs to unknown project "${card.projectId}"`);
    const key = `${card.columnId}/${card.archived ? 'archived' : 'visible'}`;
    const sequence = sequences.get(key) ?? [];
    sequence.push(card);
    sequences.set(key, sequence);
  }
  for (const [key, cards] of sequences) {
    if (!isDense(cards.map((card) => card.order))) problems.push(`card orders of ${key} are not 0..n-1`);
  }
  return problems;
}

/** Problems a loaded board cannot recover from (orders and unknown projects aside, which `normaliseBoardOrder` repairs). */
export function findBoardStructureProblems(board: Board): string[] {
  return findBoardInconsistencies(board).filter((problem) => !problem.includes('orders') && !problem.includes('unknown project'));
}

/** Renumbers column and card orders densely, keeping their relative order (for boards written by hand or older versions). */
export function normaliseBoardOrder(input: Board): Board {
  const board = withoutUnknownProjects(input);
  if (findBoardInconsistencies(board).every((problem) => !problem.includes('orders'))) return board;
  const columnOrder = new Map(
    board.columns
      .map((column, position) => ({ column, position }))
      .sort((a, b) => a.column.order - b.column.order || a.position - b.position)
      .map(({ column }, order) => [column.id, order]),
  );
  const columns = board.columns.map((column) => ({ ...column, order: columnOrder.get(column.id) ?? column.order }));
  const orderById = new Map<string, number>();
  const byKey = new Map<string, { card: Card; position: number }[]>();
  board.cards.forEach((card, position) => {
    const key = `${card.columnId}/${card.archived}`;
    const entries = byKey.get(key) ?? [];
    entries.push({ card, position });
    byKey.set(key, entries);
  });
  for (const entries of byKey.values()) {
    entries.sort((a, b) => a.card.order - b.card.order || a.position - b.position).forEach(({ card }, order) => orderById.set(card.id, order));
  }
  return { ...board, columns, cards: board.cards.map((card) => ({ ...card, order: orderById.get(card.id) ?? card.order })) };
}

/** A card whose project is gone (a board edited by hand) keeps everything else and has no project. */
function withoutUnknownProjects(board: Board): Board {
  const known = new Set(board.projects.map((project) => project.id));
  if (board.cards.every((card) => card.projectId === undefined || known.has(card.projectId))) return board;
  return {
    ...board,
    cards: board.cards.map((card) => {
      if (card.projectId === undefined || known.has(card.projectId)) return card;
      const { projectId: _projectId, ...rest } = card;
      return rest;
    }),
  };
}

function isDense(orders: number[]): boolean {
  return [...orders].sort((a, b) => a - b).every((order, index) => order === index);
}
