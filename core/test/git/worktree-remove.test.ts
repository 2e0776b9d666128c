import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UnsavedWorkError, WorktreeStateError } from '../../src/git/git-errors.js';
import { snapshotMessage } from '../../src/git/worktree-manager.js';
import { runTestGit } from '../../src/testing/git-fixtures.js';
import { createWorktreeContext, type WorktreeContext } from './worktree-context.js';

let context: WorktreeContext | undefined;
afterEach(async () => {
  await context?.cleanup();
  context = undefined;
});

async function setUp() {
  context = await createWorktreeContext();
  const worktree = await context.manager.createWorktree({ repository: context.repository.path, cardId: 'card', title: 'Work' });
  const branchTip = async () => (await context!.repository.git(['rev-parse', '--verify', '--quiet', `refs/heads/${worktree.branch}`], { allowFailure: true })).trim();
  return { context, worktree, branchTip };
}

describe('removeWorktree', () => {
  it('removes a worktree without work, keeps its branch and records it as removed', async () => {
    const { context, worktree, branchTip } = await setUp();
    const result = await context.manager.removeWorktree(worktree.id);
    expect(result).toEqual({ worktree: { ...worktree, state: 'removed' } });
    expect(existsSync(worktree.path)).toBe(false);
    expect(await branchTip()).toBe(worktree.baseCommit);
    expect((await context.manager.get(worktree.id)).state).toBe('removed');
    expect(await context.repository.git(['worktree', 'list', '--porcelain'])).not.toContain(worktree.path);
  });

  it('refuses to remove uncommitted work and lists it; nothing is touched', async () => {
    const { context, worktree } = await setUp();
    await context.repository.makeDirty(worktree.path);
    const error = await context.manager.removeWorktree(worktree.id).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnsavedWorkError);
    expect((error as UnsavedWorkError).dirtyFiles).toEqual(['README.md', 'staged.txt', 'untracked.txt']);
    expect((error as UnsavedWorkError).code).toBe('git_unsaved_work');
    expect(await readFile(join(worktree.path, 'untracked.txt'), 'utf8')).toBe('untracked\n');
    expect((await context.manager.get(worktree.id)).state).toBe('active');
  });

  it('refuses to remove a worktree whose commits are not merged into the base', async () => {
    const { context, worktree } = await setUp();
    await context.repository.writeFiles({ 'work.txt': 'work\n' }, worktree.path);
    const commit = await context.repository.commitAll('unmerged work', worktree.path);
    const error = await context.manager.removeWorktree(worktree.id).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnsavedWorkError);
    expect((error as UnsavedWorkError).unmergedCommits).toEqual([{ commit, subject: 'unmerged work' }]);
    expect(existsSync(worktree.path)).toBe(true);
  });

  it('snapshots uncommitted work to the branch before removal when asked', async () => {
    const { context, worktree, branchTip } = await setUp();
    await context.repository.makeDirty(worktree.path);
    const result = await context.manager.removeWorktree(worktree.id, { snapshot: true });
    expect(existsSync(worktree.path)).toBe(false);
    expect(result.snapshotCommit).toBe(await branchTip());
    expect((await context.repository.git(['log', '-1', '--format=%s', worktree.branch])).trim()).toBe(snapshotMessage);
    expect(await context.repository.git(['show', `${worktree.branch}:untracked.txt`])).toBe('untracked\n');
    expect(await context.repository.git(['show', `${worktree.branch}:README.md`])).toContain('changed, not staged');
  });

  it('removes uncommitted work only when forced, and still keeps the branch', async () => {
    const { context, worktree, branchTip } = await setUp();
    await context.repository.makeDirty(worktree.path);
    await context.manager.removeWorktree(worktree.id, { force: true });
    expect(existsSync(worktree.path)).toBe(false);
    expect(await branchTip()).toBe(worktree.baseCommit);
  });

  it('forgets a worktree whose directory vanished by pruning git metadata only', async () => {
    const { context, worktree, branchTip } = await setUp();
    await rm(worktree.path, { recursive: true, force: true });
    const result = await context.manager.removeWorktree(worktree.id);
    expect(result.worktree.state).toBe('removed');
    expect(await context.repository.git(['worktree', 'list', '--porcelain'])).not.toContain(worktree.path);
    expect(await branchTip()).toBe(worktree.baseCommit);
  });
});

describe('deleteBranch', () => {
  it('refuses while the worktree is active', async () => {
    const { context, worktree } = await setUp();
    await expect(context.manager.deleteBranch(worktree.id)).rejects.toBeInstanceOf(WorktreeStateError);
  });

  it('refuses unmerged commits unless forced, then reports the last commit', async () => {
    const { context, worktree, branchTip } = await setUp();
    await context.repository.writeFiles({ 'work.txt': 'work\n' }, worktree.path);
    const commit = await context.repository.commitAll('unmerged work', worktree.path);
    await context.manager.removeWorktree(worktree.id, { snapshot: true });
    const error = await context.manager.deleteBranch(worktree.id).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnsavedWorkError);
    expect(await branchTip()).toBe(commit);
    expect(await context.manager.deleteBranch(worktree.id, { force: true })).toEqual({ deleted: true, commit });
    expect(await branchTip()).toBe('');
    expect(await context.manager.list()).toEqual([]);
  });

  it('deletes a branch whose work is merged without force', async () => {
    const { context, worktree, branchTip } = await setUp();
    await context.repository.writeFiles({ 'work.txt': 'work\n' }, worktree.path);
    await context.repository.commitAll('work', worktree.path);
    await context.manager.merge(worktree.id);
    await context.manager.removeWorktree(worktree.id);
    expect((await context.manager.deleteBranch(worktree.id)).deleted).toBe(true);
    expect(await branchTip()).toBe('');
    expect(await runTestGit(context.repository.path, ['show', 'main:work.txt'])).toBe('work\n');
  });
});

describe('removeWorktree with a detached HEAD in the worktree', () => {
  it('counts commits made on a detached HEAD as unmerged work', async () => {
    const { context, worktree } = await setUp();
    await runTestGit(worktree.path, ['checkout', '--quiet', '--detach']);
    await context.repository.writeFiles({ 'detached.txt': 'x\n' }, worktree.path);
    const commit = await context.repository.commitAll('detached work', worktree.path);
    const error = await context.manager.removeWorktree(worktree.id).catch((caught: unknown) => caught);
    expect((error as UnsavedWorkError).unmergedCommits).toEqual([{ commit, subject: 'detached work' }]);
    expect(existsSync(worktree.path)).toBe(true);
  });
});
