import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createRunFixture, finish, write, type RunFixture } from './run-fixture.js';

let fixture: RunFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

describe('startup reconciliation', () => {
  it('lists worktrees no card knows without deleting them, and marks vanished ones missing', async () => {
    fixture = await createRunFixture();
    fixture.server.script('dev-model', [write('src/app.txt', 'x\n'), finish('Done.')]);
    const run = await fixture.kanbots.run(fixture.cardId, 'solo', { policy: { default: 'allow' } });
    const atGate = await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'needs_you');
    const worktree = atGate.worktrees[0]!;
    expect(fixture.kanbots.reconciliation).toEqual({ report: { orphanedWorktrees: [], orphanedBranches: [], missing: [], pruned: [], unused: [] } });

    await fixture.kanbots.board.dispatch({ type: 'card.delete', cardId: fixture.cardId });
    const reopened = await fixture.reopen();
    expect('report' in reopened.reconciliation && reopened.reconciliation.report.orphanedWorktrees.map((item) => [item.path, item.branch, item.reason])).toEqual([
      [worktree.path, worktree.branch, 'unknown-card'],
    ]);
    expect(existsSync(worktree.path)).toBe(true); // reported, never deleted

    await rm(worktree.path, { recursive: true, force: true });
    const again = await fixture.reopen();
    expect('report' in again.reconciliation && again.reconciliation.report.missing.map((item) => [item.path, item.state])).toEqual([[worktree.path, 'missing']]);
    expect(await fixture.repository.git(['branch', '--list', worktree.branch])).toContain(worktree.branch); // the branch and its work stay
  });
});
