import { existsSync } from 'node:fs';
import { MemorySecretStore } from '@kanbots/core';
import { createTestRepository, type TestRepository } from '@kanbots/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { openClient, useHostContext } from './host-test-context.js';

/** The Worktrees view's commands through a real host, on a real repository in a temp dir. */
describe('worktree commands', () => {
  const context = useHostContext();
  const repositories: TestRepository[] = [];
  afterEach(async () => {
    for (const repository of repositories.splice(0)) await repository.cleanup();
  });

  it('lists every worktree with its card and size, and removes one only after committing its work to the branch it keeps', async () => {
    const repo = await createTestRepository();
    repositories.push(repo);
    const dataDir = await context.temporaryDirectory('kanbots-data-');
    const configDir = await context.temporaryDirectory('kanbots-config-');
    const host = await context.start({ dataDir, configDir, secretStore: new MemorySecretStore(), env: {}, offerDemo: false });
    const client = await openClient(host.port, host.token);
    context.track(client.socket);
    const card = await host.kanbots.board.dispatch({ type: 'card.create', title: 'Tidy the README', target: { repository: repo.path } });
    const worktree = await host.kanbots.worktrees.createWorktree({ repository: repo.path, cardId: card.createdId!, title: 'Tidy the README' });
    await repo.writeFiles({ 'notes.txt': 'work nobody committed\n' }, worktree.path);

    const listed = await client.command('w1', 'worktrees.list', {});
    expect(listed).toMatchObject({
      ok: true,
      result: { worktrees: [{ id: worktree.id, cardId: card.createdId, cardTitle: 'Tidy the README', branch: worktree.branch, baseBranch: 'main', state: 'active', inUse: false }] },
    });
    const view = (listed as { result: { worktrees: { diskBytes: number }[]; totalBytes: number } }).result;
    expect(view.worktrees[0]!.diskBytes).toBeGreaterThan(0);
    expect(view.totalBytes).toBe(view.worktrees[0]!.diskBytes);

    expect(await client.command('w2', 'worktrees.remove', { id: 'wt_nope' })).toMatchObject({ ok: false, error: { code: 'git_worktree_not_found' } });
    const removed = await client.command('w3', 'worktrees.remove', { id: worktree.id });
    expect(removed).toMatchObject({ ok: true, result: { branch: worktree.branch, snapshotCommit: expect.stringMatching(/^[0-9a-f]{40}$/) } });
    expect(existsSync(worktree.path)).toBe(false);
    // The work is on the branch, which stays.
    expect(await repo.git(['show', `${worktree.branch}:notes.txt`])).toBe('work nobody committed\n');
    expect(await client.command('w4', 'worktrees.list', {})).toMatchObject({ ok: true, result: { worktrees: [], totalBytes: 0 } });
  });
});
