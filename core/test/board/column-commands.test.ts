import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '../../src/errors.js';
import { boardTestContext } from './board-test-context.js';

describe('a new board', () => {
  it('has the default columns Backlog, In progress, Review, Done at revision 0', () => {
    const test = boardTestContext();
    expect(test.columnNames()).toEqual(['Backlog', 'In progress', 'Review', 'Done']);
    expect(test.board.revision).toBe(0);
    expect(test.board.cards).toEqual([]);
  });
});

describe('column commands', () => {
  it('adds a column at the end by default and at a clamped index when given', () => {
    const test = boardTestContext();
    const change = test.apply({ type: 'column.add', name: '  Blocked ' });
    expect(test.columnNames()).toEqual(['Backlog', 'In progress', 'Review', 'Done', 'Blocked']);
    expect(change.createdId).toBe(test.board.columns.find((column) => column.name === 'Blocked')?.id);
    expect(change.columns?.map((column) => [column.name, column.order])).toEqual([
      ['Backlog', 0], ['In progress', 1], ['Review', 2], ['Done', 3], ['Blocked', 4],
    ]);
    test.apply({ type: 'column.add', name: 'Ideas', index: 0 });
    test.apply({ type: 'column.add', name: 'Shipped', index: 99 });
    expect(test.columnNames()).toEqual(['Ideas', 'Backlog', 'In progress', 'Review', 'Done', 'Blocked', 'Shipped']);
    expect(test.board.revision).toBe(3);
  });

  it('renames a column', () => {
    const test = boardTestContext();
    const change = test.apply({ type: 'column.rename', columnId: test.columns.review, name: 'Code review' });
    expect(test.columnNames()).toEqual(['Backlog', 'In progress', 'Code review', 'Done']);
    expect(change.columns).toHaveLength(4);
    expect(change.upsertedCards).toEqual([]);
  });

  it('moves a column to a clamped index', () => {
    const test = boardTestContext();
    test.apply({ type: 'column.move', columnId: test.columns.done, index: 0 });
    expect(test.columnNames()).toEqual(['Done', 'Backlog', 'In progress', 'Review']);
    test.apply({ type: 'column.move', columnId: test.columns.done, index: 50 });
    expect(test.columnNames()).toEqual(['Backlog', 'In progress', 'Review', 'Done']);
    test.apply({ type: 'column.move', columnId: test.columns.backlog, index: 2 });
    expect(test.columnNames()).toEqual(['In progress', 'Review', 'Backlog', 'Done']);
  });

  it('removes an empty column', () => {
    const test = boardTestContext();
    const change = test.apply({ type: 'column.remove', columnId: test.columns.review });
    expect(test.columnNames()).toEqual(['Backlog', 'In progress', 'Done']);
    expect(change.columns?.map((column) => column.order)).toEqual([0, 1, 2]);
  });

  it('removes a non-empty column by appending its cards (visible and archived) to moveCardsTo', () => {
    const test = boardTestContext();
    test.cards(['done 1'], test.columns.done);
    const [a, , c] = test.cards(['a', 'b', 'c'], test.columns.review);
    test.apply({ type: 'card.archive', cardId: c });
    test.cards(['archived in done'], test.columns.done);
    test.apply({ type: 'card.archive', cardId: test.board.cards.find((card) => card.title === 'archived in done')!.id });
    const change = test.apply({ type: 'column.remove', columnId: test.columns.review, moveCardsTo: test.columns.done });
    expect(test.titles(test.columns.done)).toEqual(['done 1', 'a', 'b']);
    const archived = test.board.cards.filter((card) => card.archived && card.columnId === test.columns.done).sort((x, y) => x.order - y.order);
    expect(archived.map((card) => card.title)).toEqual(['archived in done', 'c']);
    expect(change.upsertedCards.map((card) => card.title).sort()).toEqual(['a', 'b', 'c']);
    expect(test.board.cards.find((card) => card.id === a)?.columnId).toBe(test.columns.done);
  });

  it('refuses to remove a non-empty column without moveCardsTo', () => {
    const test = boardTestContext();
    test.cards(['a'], test.columns.review);
    test.expectRejected({ type: 'column.remove', columnId: test.columns.review }, ConflictError, /still holds 1 card/);
  });

  it('refuses to remove a column holding only archived cards without moveCardsTo', () => {
    const test = boardTestContext();
    const [a] = test.cards(['a'], test.columns.review);
    test.apply({ type: 'card.archive', cardId: a });
    test.expectRejected({ type: 'column.remove', columnId: test.columns.review }, ConflictError);
  });

  it('refuses to move cards into the column being removed or an unknown column', () => {
    const test = boardTestContext();
    test.cards(['a'], test.columns.review);
    test.expectRejected({ type: 'column.remove', columnId: test.columns.review, moveCardsTo: test.columns.review }, ConflictError);
    test.expectRejected({ type: 'column.remove', columnId: test.columns.review, moveCardsTo: 'column_nope' }, NotFoundError);
  });

  it('never removes the last column', () => {
    const test = boardTestContext();
    test.apply({ type: 'column.remove', columnId: test.columns.backlog });
    test.apply({ type: 'column.remove', columnId: test.columns.inProgress });
    test.apply({ type: 'column.remove', columnId: test.columns.review });
    test.expectRejected({ type: 'column.remove', columnId: test.columns.done }, ConflictError, /last column/);
  });

  it('answers unknown column ids with NotFoundError', () => {
    const test = boardTestContext();
    for (const command of [
      { type: 'column.rename', columnId: 'column_x', name: 'X' },
      { type: 'column.move', columnId: 'column_x', index: 0 },
      { type: 'column.remove', columnId: 'column_x' },
    ]) {
      const error = test.expectRejected(command, NotFoundError) as NotFoundError;
      expect([error.entity, error.id]).toEqual(['column', 'column_x']);
    }
  });

  it('answers invalid payloads with ValidationError', () => {
    const test = boardTestContext();
    test.expectRejected({ type: 'column.add', name: '   ' }, ValidationError, /needs a name/);
    test.expectRejected({ type: 'column.add', name: 'x'.repeat(81) }, ValidationError);
    test.expectRejected({ type: 'column.move', columnId: test.columns.done, index: -1 }, ValidationError);
    test.expectRejected({ type: 'column.rename', columnId: 'bad id!', name: 'X' }, ValidationError);
    test.expectRejected({ type: 'column.explode' }, ValidationError);
    test.expectRejected('column.add', ValidationError);
  });

  it('renames the board', () => {
    const test = boardTestContext();
    const change = test.apply({ type: 'board.rename', name: ' Team board ' });
    expect(test.board.name).toBe('Team board');
    expect(change.boardName).toBe('Team board');
    test.expectRejected({ type: 'board.rename', name: '' }, ValidationError);
  });
});
