import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MergeBlockedError, MergeConflictError, UnsavedWorkError } from '../../src/git/git-errors.js';
import { captureCheckout } from '../../src/testing/git-fixtures.js';
import { createWorktreeContext, type WorktreeContext } from './worktree-context.js';

let context: WorktreeContext | undefined;
afterEach(async () => {
  await context?.cleanup();
  context = undefined;
});

async function setUp(baseBranch?: string) {
  context = await createWorktreeContext();
  const worktree = await context.manager.createWorktree({
    repository: context.repository.path,
    cardId: 'card',
    title: 'Work',
    ...(baseBranch === undefined ? {} : { baseBranch }),
  });
  const refs = () => context!.repository.git(['for-each-ref', '--format=%(refname) %(objectname)']);
  const cardCommit = async (files: Record<string, string>, message = 'card work') => {
    await context!.repository.writeFiles(files, worktree.path);
    return context!.repository.commitAll(message, worktree.path);
  };
  return { context, worktree, refs, cardCommit };
}

describe('merge', () => {
  it('fast-forwards a base checked out nowhere and leaves a dirty user checkout byte-for-byte untouched', async () => {
    const { context, worktree, cardCommit } = await setUp();
    await context.repository.git(['checkout', '--quiet', '-b', 'elsewhere']);
    await context.repository.makeDirty();
    const before = await captureCheckout(context.repository.path);
    const tip = await cardCommit({ 'feature.txt': 'feature\n' });
    const result = await context.manager.merge(worktree.id);
    expect(result).toEqual({ kind: 'fast-forward', branch: worktree.branch, baseBranch: 'main', previousCommit: worktree.baseCommit, commit: tip });
    expect(await context.repository.head('main')).toBe(tip);
    expect(await captureCheckout(context.repository.path)).toEqual(before);
  });

  it('creates a merge commit when the base moved on, and fast-forwards the clean user checkout that has it', async () => {
    const { context, worktree, cardCommit } = await setUp();
    const cardTip = await cardCommit({ 'feature.txt': 'feature\n' });
    await context.repository.writeFiles({ 'main.txt': 'main\n' });
    const mainTip = await context.repository.commitAll('main work');
    const result = await context.manager.merge(worktree.id, { message: 'Merge card' });
    expect(result).toMatchObject({ kind: 'merge-commit', previousCommit: mainTip, updatedCheckout: context.repository.path });
    expect(await context.repository.head('main')).toBe(result.commit);
    expect((await context.repository.git(['log', '-1', '--format=%P|%s', 'main'])).trim()).toBe(`${mainTip} ${cardTip}|Merge card`);
    expect((await context.repository.git(['log', '-1', '--format=%an', 'main'])).trim()).toBe('Kanbots');
    expect(await context.repository.readFile('feature.txt')).toBe('feature\n');
    expect((await context.repository.git(['status', '--porcelain'])).trim()).toBe('');
  });

  it('refuses, changing nothing, when the base is checked out in a checkout with uncommitted changes', async () => {
    const { context, worktree, refs, cardCommit } = await setUp();
    await cardCommit({ 'feature.txt': 'feature\n' });
    await context.repository.makeDirty();
    const before = await captureCheckout(context.repository.path);
    const refsBefore = await refs();
    const error = await context.manager.merge(worktree.id).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MergeBlockedError);
    expect((error as MergeBlockedError).checkoutPath).toBe(context.repository.path);
    expect(await captureCheckout(context.repository.path)).toEqual(before);
    expect(await refs()).toBe(refsBefore);
  });

  it('reports conflicts and leaves nothing half-merged anywhere', async () => {
    const { context, worktree, refs, cardCommit } = await setUp();
    await cardCommit({ 'src/app.txt': 'card version\n', 'ok.txt': 'fine\n' });
    await context.repository.writeFiles({ 'src/app.txt': 'main version\n' });
    await context.repository.commitAll('main changes app');
    const userBefore = await captureCheckout(context.repository.path);
    const cardBefore = await captureCheckout(worktree.path);
    const refsBefore = await refs();
    const error = await context.manager.merge(worktree.id).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MergeConflictError);
    expect((error as MergeConflictError).conflictedFiles).toEqual(['src/app.txt']);
    expect(await refs()).toBe(refsBefore);
    expect(await captureCheckout(context.repository.path)).toEqual(userBefore);
    expect(await captureCheckout(worktree.path)).toEqual(cardBefore);
    const gitDirectory = join(context.repository.path, '.git');
    expect((await readdir(gitDirectory)).filter((name) => name.endsWith('_HEAD') && name !== 'FETCH_HEAD' && name !== 'ORIG_HEAD')).toEqual([]);
    expect(existsSync(join(gitDirectory, 'MERGE_HEAD'))).toBe(false);
  });

  it('refuses while the card worktree has uncommitted changes', async () => {
    const { context, worktree, refs, cardCommit } = await setUp();
    await cardCommit({ 'feature.txt': 'feature\n' });
    await context.repository.writeFiles({ 'later.txt': 'not committed\n' }, worktree.path);
    const refsBefore = await refs();
    const error = await context.manager.merge(worktree.id).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnsavedWorkError);
    expect((error as UnsavedWorkError).dirtyFiles).toEqual(['later.txt']);
    expect(await refs()).toBe(refsBefore);
  });

  it('is up to date when the card has nothing new', async () => {
    const { context, worktree } = await setUp();
    const result = await context.manager.merge(worktree.id);
    expect(result).toMatchObject({ kind: 'up-to-date', commit: worktree.baseCommit, previousCommit: worktree.baseCommit });
  });

  it('merging again after the merge landed changes nothing and says up to date', async () => {
    const { context, worktree } = await setUp();
    await context.repository.writeFiles({ 'card.txt': 'card\n' }, worktree.path);
    await context.repository.commitAll('card work', worktree.path);
    const first = await context.manager.merge(worktree.id);
    const again = await context.manager.merge(worktree.id);
    expect(again).toMatchObject({ kind: 'up-to-date', commit: first.commit, previousCommit: first.commit });
  });

  it('is up to date when the base already has exactly the card\'s files (the work landed as a squash)', async () => {
    const { context, worktree } = await setUp();
    await context.repository.writeFiles({ 'card.txt': 'card\n' }, worktree.path);
    await context.repository.commitAll('card work', worktree.path);
    await context.repository.writeFiles({ 'card.txt': 'card\n' });
    const squashed = await context.repository.commitAll('the same work, squashed');
    const result = await context.manager.merge(worktree.id);
    expect(result).toMatchObject({ kind: 'up-to-date', commit: squashed, previousCommit: squashed });
    expect(await context.repository.head('main')).toBe(squashed);
  });

  it('refuses to move a base branch that the user is rebasing', async () => {
    context = await createWorktreeContext();
    await context.repository.branchAhead('topic-base');
    const worktree = await context.manager.createWorktree({ repository: context.repository.path, cardId: 'c', title: 'w', baseBranch: 'topic-base' });
    await context.repository.writeFiles({ 'card.txt': 'card\n' }, worktree.path);
    await context.repository.commitAll('card work', worktree.path);
    await context.repository.branchAhead('upstream', { from: 'main', file: 'src/app.txt' });
    await context.repository.git(['checkout', '--quiet', 'topic-base']);
    await context.repository.writeFiles({ 'src/app.txt': 'user version\n' });
    await context.repository.commitAll('user change');
    await context.repository.git(['rebase', 'upstream'], { allowFailure: true });
    const before = await captureCheckout(context.repository.path);
    expect(before.markers).toContain('rebase-merge');
    const tipBefore = await context.repository.head('topic-base');
    const error = await context.manager.merge(worktree.id).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MergeBlockedError);
    expect((error as MergeBlockedError).reason).toContain('rebased');
    expect(await context.repository.head('topic-base')).toBe(tipBefore);
    expect(await captureCheckout(context.repository.path)).toEqual(before);
  });
});
