import type { Card, Column } from '@kanbots/core/model';

export type MoveDirection = 'left' | 'right' | 'up' | 'down';

export interface MoveTarget {
  columnId: string;
  index: number;
}

/**
 * Where a card goes when moved with the keyboard: left/right to the neighbouring column at the
 * same position (clamped to its end), up/down one place within its column. Undefined when there
 * is nowhere to go.
 */
export function keyboardMoveTarget(
  columns: readonly Column[],
  cardsByColumn: ReadonlyMap<string, readonly Card[]>,
  cardId: string,
  direction: MoveDirection,
): MoveTarget | undefined {
  const columnIndex = columns.findIndex((column) => (cardsByColumn.get(column.id) ?? []).some((card) => card.id === cardId));
  const column = columns[columnIndex];
  if (!column) return undefined;
  const cards = cardsByColumn.get(column.id) ?? [];
  const index = cards.findIndex((card) => card.id === cardId);
  if (direction === 'up') return index > 0 ? { columnId: column.id, index: index - 1 } : undefined;
  if (direction === 'down') return index < cards.length - 1 ? { columnId: column.id, index: index + 1 } : undefined;
  const neighbour = columns[columnIndex + (direction === 'left' ? -1 : 1)];
  if (!neighbour) return undefined;
  const neighbourCount = (cardsByColumn.get(neighbour.id) ?? []).length;
  return { columnId: neighbour.id, index: Math.min(index, neighbourCount) };
}
