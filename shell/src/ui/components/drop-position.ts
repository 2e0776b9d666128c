import type { Card } from '@kanbots/core/model';

/**
 * Where a dragged card would land: before or after a card, or at the end of a column. Shown as
 * an insertion line while dragging (no card is moved or re-rendered until the drop).
 */
export type DropMarker = { columnId: string; cardId: string; side: 'before' | 'after' } | { columnId: string; side: 'end' };

/**
 * The `card.move` a drop means (solid-dnd reports "card X dropped on Y"): the index among the
 * destination's cards once X is taken out. Undefined when the card would not move.
 */
export function dropTarget(
  cardsByColumn: ReadonlyMap<string, readonly Card[]>,
  cardId: string,
  marker: DropMarker,
): { columnId: string; index: number } | undefined {
  const original = cardsByColumn.get(marker.columnId) ?? [];
  const others = original.filter((card) => card.id !== cardId);
  let index: number;
  if (marker.side === 'end') index = others.length;
  else {
    const position = others.findIndex((card) => card.id === marker.cardId);
    if (position < 0) return undefined;
    index = marker.side === 'before' ? position : position + 1;
  }
  const originalIndex = original.findIndex((card) => card.id === cardId);
  if (originalIndex === index) return undefined;
  return { columnId: marker.columnId, index };
}
