import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { captureCheckout, runTestGit } from '../../src/testing/git-fixtures.js';
import { createWorktreeContext, type WorktreeContext } from './worktree-context.js';

let context: WorktreeContext | undefined;
afterEach(async () => {
  await context?.cleanup();
  context = undefined;
});

async function setUp() {
  context = await createWorktreeContext();
  const worktree = await context.manager.createWorktree({ repository: context.repository.path, cardId: 'card', title: 'Work' });
  return { context, worktree };
}

describe('status', () => {
  it('is clean and level with the base for a fresh worktree', async () => {
    const { context, worktree } = await setUp();
    expect(await context.manager.status(worktree.id)).toEqual({
      id: worktree.id,
      branch: worktree.branch,
      baseBranch: 'main',
      clean: true,
      staged: [],
      unstaged: [],
      untracked: [],
      conflicted: [],
      ahead: 0,
      behind: 0,
    });
  });

  it('reports staged, unstaged and untracked files and ahead/behind counts', async () => {
    const { context, worktree } = await setUp();
    await context.repository.writeFiles({ 'card.txt': 'card\n' }, worktree.path);
    await context.repository.commitAll('card commit', worktree.path);
    await context.repository.writeFiles({ 'main.txt': 'main\n' });
    await context.repository.commitAll('main commit 1');
    await context.repository.writeFiles({ 'main2.txt': 'main\n' });
    await context.repository.commitAll('main commit 2');
    await context.repository.makeDirty(worktree.path);
    const status = await context.manager.status(worktree.id);
    expect(status).toMatchObject({ clean: false, staged: ['staged.txt'], unstaged: ['README.md'], untracked: ['untracked.txt'], ahead: 1, behind: 2 });
  });
});

describe('diff', () => {
  it('shows committed, uncommitted and untracked changes against the merge base, without touching the index', async () => {
    const { context, worktree } = await setUp();
    await context.repository.writeFiles({ 'committed.txt': 'one\ntwo\n' }, worktree.path);
    await context.repository.commitAll('card commit', worktree.path);
    await context.repository.writeFiles({ 'on-main.txt': 'main only\n' });
    await context.repository.commitAll('main moves on');
    await context.repository.makeDirty(worktree.path);
    await writeFile(join(worktree.path, 'image.bin'), Buffer.from([0, 1, 2, 3, 0, 255]));
    await rm(join(worktree.path, 'src/app.txt'));
    const before = await captureCheckout(worktree.path);

    const diff = await context.manager.diff(worktree.id);
    expect(diff.mergeBase).toBe(worktree.baseCommit);
    const byPath = Object.fromEntries(diff.files.map((file) => [file.path, file]));
    expect(Object.keys(byPath).sort()).toEqual(['README.md', 'committed.txt', 'image.bin', 'src/app.txt', 'staged.txt', 'untracked.txt']);
    expect(byPath['committed.txt']).toEqual({ path: 'committed.txt', additions: 2, deletions: 0, status: 'added', binary: false });
    expect(byPath['README.md']).toMatchObject({ status: 'modified', additions: 2, deletions: 0 });
    expect(byPath['src/app.txt']).toMatchObject({ status: 'deleted', deletions: 3 });
    expect(byPath['image.bin']).toMatchObject({ status: 'added', binary: true });
    expect(byPath['untracked.txt']).toMatchObject({ status: 'added', additions: 1 });
    expect(diff.text).toContain('+++ b/untracked.txt');
    expect(diff.text).toContain('+changed, not staged');
    expect(diff.text).not.toContain('on-main.txt');
    expect(await captureCheckout(worktree.path)).toEqual(before);
  });

  it('shows only commits when asked to leave out uncommitted work, and detects renames', async () => {
    const { context, worktree } = await setUp();
    await runTestGit(worktree.path, ['mv', 'src/app.txt', 'src/renamed.txt']);
    await context.repository.commitAll('rename', worktree.path);
    await context.repository.makeDirty(worktree.path);
    const diff = await context.manager.diff(worktree.id, { includeUncommitted: false });
    expect(diff.files).toEqual([{ path: 'src/renamed.txt', previousPath: 'src/app.txt', additions: 0, deletions: 0, status: 'renamed', binary: false }]);
    expect(diff.text).toContain('rename to src/renamed.txt');
  });
});

describe('commit', () => {
  it('commits everything, untracked files included, with a Kanbots identity when none is configured', async () => {
    const { context, worktree } = await setUp();
    await context.repository.makeDirty(worktree.path);
    const result = await context.manager.commit(worktree.id, 'agent work');
    expect(result.committed).toBe(true);
    expect(result.files.sort()).toEqual(['README.md', 'staged.txt', 'untracked.txt']);
    expect(result.commit).toBe((await runTestGit(worktree.path, ['rev-parse', 'HEAD'])).trim());
    const log = await runTestGit(worktree.path, ['log', '-1', '--format=%an <%ae>|%cn <%ce>|%s']);
    expect(log.trim()).toBe('Kanbots <kanbots@localhost>|Kanbots <kanbots@localhost>|agent work');
    expect((await context.manager.status(worktree.id)).clean).toBe(true);
  });

  it('is a no-op when there is nothing to commit', async () => {
    const { context, worktree } = await setUp();
    const result = await context.manager.commit(worktree.id, 'nothing');
    expect(result).toEqual({ committed: false, commit: worktree.baseCommit, files: [] });
  });

  it("uses the user's own identity when one is configured", async () => {
    const { context, worktree } = await setUp();
    await context.repository.git(['config', 'user.name', 'Ada Lovelace']);
    await context.repository.git(['config', 'user.email', 'ada@example.invalid']);
    await context.repository.writeFiles({ 'x.txt': 'x\n' }, worktree.path);
    await context.manager.commit(worktree.id, 'mine');
    expect((await runTestGit(worktree.path, ['log', '-1', '--format=%an <%ae>'])).trim()).toBe('Ada Lovelace <ada@example.invalid>');
  });
});
