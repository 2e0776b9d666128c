import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTemporaryDirectory } from '../../src/testing/git-fixtures.js';
import { createWorktreeContext, type WorktreeContext } from './worktree-context.js';

let context: WorktreeContext | undefined;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await context?.cleanup();
  context = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('reconcile', () => {
  it('lists orphans and vanished worktrees, prunes only what git says is gone, and deletes nothing', async () => {
    context = await createWorktreeContext();
    const { manager, repository } = context;
    const known = await manager.createWorktree({ repository: repository.path, cardId: 'card-known', title: 'Known' });
    const orphan = await manager.createWorktree({ repository: repository.path, cardId: 'card-gone', title: 'Orphan' });
    const vanished = await manager.createWorktree({ repository: repository.path, cardId: 'card-vanished', title: 'Vanished' });
    await repository.writeFiles({ 'work.txt': 'orphan work\n' }, orphan.path);
    await rm(vanished.path, { recursive: true, force: true });
    const strayTip = await repository.branchAhead('kanbots/stray');
    const unregisteredPath = join(known.path, '..', 'made-by-hand');
    await repository.git(['worktree', 'add', '--quiet', '-b', 'hand-made', unregisteredPath]);
    const outside = await createTemporaryDirectory();
    cleanups.push(outside.cleanup);
    await repository.git(['worktree', 'add', '--quiet', '-b', 'user-own', join(outside.path, 'user-worktree')]);

    const report = await manager.reconcile(['card-known', 'card-vanished']);

    expect(report.orphanedWorktrees).toEqual([
      { repository: repository.path, path: orphan.path, branch: orphan.branch, worktreeId: orphan.id, cardId: 'card-gone', reason: 'unknown-card' },
      { repository: repository.path, path: unregisteredPath, branch: 'hand-made', reason: 'not-in-registry' },
    ]);
    expect(report.orphanedBranches).toEqual([{ repository: repository.path, branch: 'kanbots/stray', commit: strayTip }]);
    expect(report.missing).toEqual([{ ...vanished, state: 'missing' }]);
    expect(report.pruned).toEqual([{ repository: repository.path, path: vanished.path, reason: expect.any(String) }]);

    expect(existsSync(join(orphan.path, 'work.txt'))).toBe(true);
    expect(existsSync(unregisteredPath)).toBe(true);
    expect(existsSync(join(outside.path, 'user-worktree'))).toBe(true);
    const branches = await repository.git(['for-each-ref', '--format=%(refname:short)', 'refs/heads/']);
    for (const branch of [known.branch, orphan.branch, vanished.branch, 'kanbots/stray', 'hand-made', 'user-own']) expect(branches).toContain(branch);
    expect((await manager.get(vanished.id)).state).toBe('missing');
    expect((await manager.get(orphan.id)).state).toBe('active');

    const again = await manager.reconcile(['card-known', 'card-vanished']);
    expect(again.pruned).toEqual([]);
    expect(again.missing.map((worktree) => worktree.id)).toEqual([vanished.id]);
  });

  it('reports nothing for a tidy setup', async () => {
    context = await createWorktreeContext();
    await context.manager.createWorktree({ repository: context.repository.path, cardId: 'card', title: 'Tidy' });
    expect(await context.manager.reconcile(['card'])).toEqual({ orphanedWorktrees: [], orphanedBranches: [], missing: [], pruned: [], unused: [] });
  });
});
