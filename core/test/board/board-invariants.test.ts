import { describe, expect, it } from 'vitest';
import { findBoardInconsistencies, normaliseBoardOrder } from '../../src/board/board-invariants.js';
import type { Board } from '../../src/model/board.js';

const card = (id: string, columnId: string, order: number, archived = false) => ({
  id, title: id, description: '', labels: [], columnId, order, archived, createdAt: 0, updatedAt: 0,
});

const handWritten: Board = {
  id: 'b', name: 'b', revision: 3, createdAt: 0, updatedAt: 0,
  columns: [{ id: 'late', name: 'Late', order: 10 }, { id: 'early', name: 'Early', order: 2 }],
  cards: [card('c3', 'early', 30), card('c1', 'early', 5), card('c2', 'early', 5), card('x', 'early', 9, true)],
  projects: [],
};

describe('board invariants', () => {
  it('name every broken rule', () => {
    const problems = findBoardInconsistencies({ ...handWritten, cards: [...handWritten.cards, card('c1', 'gone', 0)] });
    expect(problems).toEqual([
      'column orders are not 0..n-1',
      'card id "c1" appears twice',
      'card "c1" is in unknown column "gone"',
      'card orders of early/visible are not 0..n-1',
      'card orders of early/archived are not 0..n-1',
    ]);
  });

  it('repair gappy or tied orders on load, keeping relative order (ties by array position)', () => {
    const repaired = normaliseBoardOrder(handWritten);
    expect(findBoardInconsistencies(repaired)).toEqual([]);
    expect(repaired.columns.map((column) => [column.id, column.order])).toEqual([['late', 1], ['early', 0]]);
    expect(repaired.cards.map((item) => [item.id, item.order])).toEqual([['c3', 2], ['c1', 0], ['c2', 1], ['x', 0]]);
  });

  it('leave a consistent board untouched', () => {
    const board = normaliseBoardOrder(handWritten);
    expect(normaliseBoardOrder(board)).toBe(board);
  });
});
