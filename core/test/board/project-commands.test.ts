import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '../../src/errors.js';
import { applyBoardChange } from '../../src/model/board-commands.js';
import { boardTestContext } from './board-test-context.js';

const add = { type: 'project.add', repository: '/repos/shop', baseBranch: 'main' } as const;

describe('project.add', () => {
  it('adds a project named after its folder, with its branch, no agents yet and the injected time and id', () => {
    const test = boardTestContext();
    test.clock.set(7_000);
    const change = test.apply(add);
    expect(test.board.projects).toEqual([
      { id: change.createdId, name: 'shop', repository: '/repos/shop', baseBranch: 'main', agents: { models: {}, personas: {} }, createdAt: 7_000, updatedAt: 7_000 },
    ]);
    expect(change).toMatchObject({ command: 'project.add', projects: test.board.projects, upsertedCards: [], removedCardIds: [] });
  });

  it('takes a name and default agents per role', () => {
    const test = boardTestContext();
    test.apply({ ...add, name: 'Shop front', agents: { models: { developer: 'claude-code', reviewer: 'anthropic:claude-sonnet-4-5' }, personas: { reviewer: 'strict-reviewer' } } });
    expect(test.board.projects[0]).toMatchObject({ name: 'Shop front', agents: { models: { developer: 'claude-code', reviewer: 'anthropic:claude-sonnet-4-5' }, personas: { reviewer: 'strict-reviewer' } } });
  });

  it('refuses a second project on the same folder, and bad input, changing nothing', () => {
    const test = boardTestContext();
    test.apply(add);
    test.expectRejected({ ...add, repository: '/repos/shop/' }, ConflictError, /already the project "shop"/);
    test.expectRejected({ type: 'project.add', repository: '', baseBranch: 'main' }, ValidationError);
    test.expectRejected({ type: 'project.add', repository: '/repos/x' }, ValidationError);
    test.expectRejected({ ...add, repository: '/repos/y', agents: { models: { wizard: 'x' } } }, ValidationError);
  });
});

describe('project.update', () => {
  it('renames, changes the base branch and the agents; the repository stays', () => {
    const test = boardTestContext();
    const projectId = test.apply(add).createdId!;
    test.clock.set(9_000);
    const change = test.apply({ type: 'project.update', projectId, patch: { name: 'Shop', baseBranch: 'develop', agents: { models: { developer: 'codex' }, personas: {} } } });
    expect(test.board.projects[0]).toMatchObject({ id: projectId, name: 'Shop', repository: '/repos/shop', baseBranch: 'develop', agents: { models: { developer: 'codex' } }, updatedAt: 9_000 });
    expect(change.projects).toEqual(test.board.projects);
  });

  it('refuses an unknown project and a patch of the repository', () => {
    const test = boardTestContext();
    const projectId = test.apply(add).createdId!;
    test.expectRejected({ type: 'project.update', projectId: 'project_x', patch: { name: 'x' } }, NotFoundError);
    test.expectRejected({ type: 'project.update', projectId, patch: { repository: '/elsewhere' } }, ValidationError);
  });
});

describe('cards in projects', () => {
  it('a card is created in a project, moved to another and taken out of it', () => {
    const test = boardTestContext();
    const shop = test.apply(add).createdId!;
    const api = test.apply({ type: 'project.add', repository: '/repos/api', baseBranch: 'trunk' }).createdId!;
    const cardId = test.apply({ type: 'card.create', title: 'Checkout button', projectId: shop }).createdId!;
    expect(test.board.cards[0]).toMatchObject({ id: cardId, projectId: shop });
    test.apply({ type: 'card.update', cardId, patch: { projectId: api } });
    expect(test.board.cards[0]!.projectId).toBe(api);
    test.apply({ type: 'card.update', cardId, patch: { projectId: null } });
    expect(test.board.cards[0]).not.toHaveProperty('projectId');
  });

  it('refuses a card in a project that does not exist', () => {
    const test = boardTestContext();
    test.expectRejected({ type: 'card.create', title: 't', projectId: 'project_x' }, NotFoundError);
    const cardId = test.cards(['t'])[0]!;
    test.expectRejected({ type: 'card.update', cardId, patch: { projectId: 'project_x' } }, NotFoundError);
  });

  it('removing a project that cards belong to needs detachCards; the cards stay, without a project', () => {
    const test = boardTestContext();
    const shop = test.apply(add).createdId!;
    const [first, second] = [
      test.apply({ type: 'card.create', title: 'one', projectId: shop }).createdId!,
      test.apply({ type: 'card.create', title: 'two', projectId: shop }).createdId!,
    ];
    test.apply({ type: 'card.archive', cardId: second });
    test.expectRejected({ type: 'project.remove', projectId: shop }, ConflictError, /2 cards belong to the project "shop"/);
    const change = test.apply({ type: 'project.remove', projectId: shop, detachCards: true });
    expect(test.board.projects).toEqual([]);
    expect(test.board.cards.map((card) => [card.id, card.title, card.projectId, card.archived])).toEqual([
      [first, 'one', undefined, false],
      [second, 'two', undefined, true],
    ]);
    expect(change.upsertedCards.map((card) => card.id).sort()).toEqual([first, second].sort());
    expect(change.projects).toEqual([]);
  });

  it('an empty project is removed at once', () => {
    const test = boardTestContext();
    const shop = test.apply(add).createdId!;
    test.apply({ type: 'project.remove', projectId: shop });
    expect(test.board.projects).toEqual([]);
    test.expectRejected({ type: 'project.remove', projectId: shop }, NotFoundError);
  });

  it('a client patching its copy with the changes ends with the same board', () => {
    const test = boardTestContext();
    let copy = structuredClone(test.board);
    const shop = test.apply(add).createdId!;
    copy = applyBoardChange(copy, test.lastChange!);
    test.apply({ type: 'card.create', title: 'one', projectId: shop });
    copy = applyBoardChange(copy, test.lastChange!);
    test.apply({ type: 'project.remove', projectId: shop, detachCards: true });
    copy = applyBoardChange(copy, test.lastChange!);
    expect({ ...copy, updatedAt: 0 }).toEqual({ ...test.board, updatedAt: 0 });
  });
});
