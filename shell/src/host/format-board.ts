import { cardsInColumn, orderedColumns, type Board } from '@kanbots/core';

/** The board as plain text for a terminal: columns in order, their visible cards in order. */
export function formatBoard(board: Board): string {
  const visible = board.cards.filter((card) => !card.archived);
  const archived = board.cards.length - visible.length;
  const lines = [`${board.name} (revision ${board.revision}, ${plural(visible.length, 'card')}${archived > 0 ? `, ${archived} archived` : ''})`];
  for (const column of orderedColumns(board)) {
    const cards = cardsInColumn(board, column.id);
    lines.push('', `${column.name} (${cards.length})`);
    if (cards.length === 0) lines.push('  (empty)');
    for (const card of cards) {
      const labels = card.labels.length > 0 ? ` [${card.labels.join(', ')}]` : '';
      lines.push(`  - ${card.title}${labels}  (${card.id})`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
