import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '../../src/errors.js';
import { boardTestContext } from './board-test-context.js';

describe('card.create', () => {
  it('puts a card at the end of the first column by default, with defaults and the injected time and id', () => {
    const test = boardTestContext();
    test.clock.set(5_000);
    const change = test.apply({ type: 'card.create', title: '  Fix login ' });
    const card = test.board.cards[0]!;
    expect(card).toEqual({
      id: change.createdId, title: 'Fix login', description: '', labels: [], columnId: test.columns.backlog,
      order: 0, archived: false, createdAt: 5_000, updatedAt: 5_000,
    });
    expect(change).toMatchObject({ type: 'board.changed', revision: 1, command: 'card.create', upsertedCards: [card], removedCardIds: [] });
    expect(change.columns).toBeUndefined();
    expect(test.board.updatedAt).toBe(5_000);
  });

  it('inserts at a clamped index among visible cards and keeps orders dense', () => {
    const test = boardTestContext();
    test.cards(['a', 'b']);
    test.apply({ type: 'card.create', title: 'first', index: 0 });
    test.apply({ type: 'card.create', title: 'middle', index: 2 });
    test.apply({ type: 'card.create', title: 'last', index: 1_000 });
    expect(test.titles(test.columns.backlog)).toEqual(['first', 'a', 'middle', 'b', 'last']);
  });

  it('takes description, labels, target and an explicit column', () => {
    const test = boardTestContext();
    test.apply({
      type: 'card.create', title: 't', description: 'd', labels: ['bug'], columnId: test.columns.review,
      target: { repository: '/repo', baseBranch: 'main' },
    });
    expect(test.board.cards[0]).toMatchObject({ description: 'd', labels: ['bug'], columnId: test.columns.review, target: { repository: '/repo', baseBranch: 'main' } });
  });

  it('refuses an unknown column and invalid payloads', () => {
    const test = boardTestContext();
    test.expectRejected({ type: 'card.create', title: 't', columnId: 'column_x' }, NotFoundError);
    test.expectRejected({ type: 'card.create', title: ' ' }, ValidationError, /needs a title/);
    test.expectRejected({ type: 'card.create', title: 't', labels: Array.from({ length: 21 }, (_, i) => `l${i}`) }, ValidationError);
    test.expectRejected({ type: 'card.create', title: 't', index: 1.5 }, ValidationError);
    test.expectRejected({ type: 'card.create' }, ValidationError);
  });
});

describe('card.update', () => {
  it('patches the given fields only and bumps updatedAt', () => {
    const test = boardTestContext();
    const [id] = test.cards(['old']);
    test.clock.advance(10);
    const change = test.apply({ type: 'card.update', cardId: id, patch: { title: 'new', labels: ['x'], target: { repository: '/r' } } });
    expect(change.upsertedCards).toEqual([expect.objectContaining({ id, title: 'new', description: '', labels: ['x'], target: { repository: '/r' }, updatedAt: 1_010, createdAt: 1_000 })]);
    test.apply({ type: 'card.update', cardId: id, patch: { target: null } });
    expect(test.board.cards[0]).not.toHaveProperty('target');
    expect(test.board.cards[0]?.title).toBe('new');
  });

  it('refuses unknown cards, unknown patch fields and invalid values', () => {
    const test = boardTestContext();
    const [id] = test.cards(['a']);
    test.expectRejected({ type: 'card.update', cardId: 'card_x', patch: { title: 'b' } }, NotFoundError);
    test.expectRejected({ type: 'card.update', cardId: id, patch: { columnId: 'x' } }, ValidationError);
    test.expectRejected({ type: 'card.update', cardId: id, patch: { title: '' } }, ValidationError);
  });
});

describe('card.move', () => {
  it('reorders within a column', () => {
    const test = boardTestContext();
    const [a, , c] = test.cards(['a', 'b', 'c', 'd']);
    test.apply({ type: 'card.move', cardId: a!, columnId: test.columns.backlog, index: 2 });
    expect(test.titles(test.columns.backlog)).toEqual(['b', 'c', 'a', 'd']);
    test.apply({ type: 'card.move', cardId: c!, columnId: test.columns.backlog, index: 99 });
    expect(test.titles(test.columns.backlog)).toEqual(['b', 'a', 'd', 'c']);
    test.apply({ type: 'card.move', cardId: c!, columnId: test.columns.backlog, index: 0 });
    expect(test.titles(test.columns.backlog)).toEqual(['c', 'b', 'a', 'd']);
  });

  it('moves across columns, closing the gap in the source and clamping in the destination', () => {
    const test = boardTestContext();
    const [a, b] = test.cards(['a', 'b', 'c']);
    test.cards(['x', 'y'], test.columns.review);
    test.clock.advance(7);
    const change = test.apply({ type: 'card.move', cardId: b!, columnId: test.columns.review, index: 1 });
    expect(test.titles(test.columns.backlog)).toEqual(['a', 'c']);
    expect(test.titles(test.columns.review)).toEqual(['x', 'b', 'y']);
    expect(change.upsertedCards.map((card) => card.title).sort()).toEqual(['b', 'c', 'y']);
    expect(change.upsertedCards.find((card) => card.id === b)?.updatedAt).toBe(1_007);
    test.apply({ type: 'card.move', cardId: a!, columnId: test.columns.done, index: 40 });
    expect(test.titles(test.columns.done)).toEqual(['a']);
  });

  it('counts indexes among visible cards only', () => {
    const test = boardTestContext();
    const [a, b, c] = test.cards(['a', 'b', 'c']);
    test.apply({ type: 'card.archive', cardId: a! });
    test.apply({ type: 'card.move', cardId: c!, columnId: test.columns.backlog, index: 0 });
    expect(test.titles(test.columns.backlog)).toEqual(['c', 'b']);
    expect(test.board.cards.find((card) => card.id === b)?.order).toBe(1);
  });

  it('refuses unknown cards or columns and archived cards', () => {
    const test = boardTestContext();
    const [a] = test.cards(['a']);
    test.expectRejected({ type: 'card.move', cardId: 'card_x', columnId: test.columns.done, index: 0 }, NotFoundError);
    test.expectRejected({ type: 'card.move', cardId: a, columnId: 'column_x', index: 0 }, NotFoundError);
    test.expectRejected({ type: 'card.move', cardId: a, columnId: test.columns.done }, ValidationError);
    test.apply({ type: 'card.archive', cardId: a });
    test.expectRejected({ type: 'card.move', cardId: a, columnId: test.columns.done, index: 0 }, ConflictError, /archived/);
  });
});

describe('card.archive and card.unarchive', () => {
  it('takes an archived card out of the visible order and appends it when unarchived', () => {
    const test = boardTestContext();
    const [a, b] = test.cards(['a', 'b', 'c']);
    test.apply({ type: 'card.archive', cardId: a! });
    test.apply({ type: 'card.archive', cardId: b! });
    expect(test.titles(test.columns.backlog)).toEqual(['c']);
    expect(test.board.cards.filter((card) => card.archived).map((card) => [card.title, card.order])).toEqual([['a', 0], ['b', 1]]);
    test.apply({ type: 'card.unarchive', cardId: a! });
    expect(test.titles(test.columns.backlog)).toEqual(['c', 'a']);
    expect(test.board.cards.find((card) => card.id === b)?.order).toBe(0);
  });

  it('refuses to archive twice, to unarchive a visible card, and unknown cards', () => {
    const test = boardTestContext();
    const [a] = test.cards(['a']);
    test.expectRejected({ type: 'card.unarchive', cardId: a }, ConflictError, /not archived/);
    test.apply({ type: 'card.archive', cardId: a });
    test.expectRejected({ type: 'card.archive', cardId: a }, ConflictError, /already archived/);
    test.expectRejected({ type: 'card.archive', cardId: 'card_x' }, NotFoundError);
    test.expectRejected({ type: 'card.unarchive', cardId: 'card_x' }, NotFoundError);
  });
});

describe('card.delete', () => {
  it('removes a visible or archived card and closes the gap', () => {
    const test = boardTestContext();
    const [a, b, c] = test.cards(['a', 'b', 'c']);
    const change = test.apply({ type: 'card.delete', cardId: b! });
    expect(change.removedCardIds).toEqual([b]);
    expect(change.upsertedCards.map((card) => [card.title, card.order])).toEqual([['c', 1]]);
    expect(test.titles(test.columns.backlog)).toEqual(['a', 'c']);
    test.apply({ type: 'card.archive', cardId: a! });
    test.apply({ type: 'card.delete', cardId: a! });
    expect(test.board.cards.map((card) => card.id)).toEqual([c]);
    test.expectRejected({ type: 'card.delete', cardId: a }, NotFoundError);
  });
});

describe('revisions', () => {
  it('moves by exactly one per accepted command and not at all on a rejected one', () => {
    const test = boardTestContext();
    const [a] = test.cards(['a']);
    expect(test.board.revision).toBe(1);
    test.expectRejected({ type: 'card.archive', cardId: 'card_nope' }, NotFoundError);
    test.apply({ type: 'card.move', cardId: a, columnId: test.columns.backlog, index: 0 });
    expect(test.board.revision).toBe(2);
    expect(test.lastChange?.revision).toBe(2);
  });
});
