import { afterEach, describe, expect, it } from 'vitest';
import { toRunView } from '../../src/protocol/run-view-of-summary.js';
import { createRunFixture, finish, models, write, type RunFixture } from '../runs/run-fixture.js';

/** After a merge the worktree is gone, yet the run still names its branch and merge commit and shows what the merge brought. */

let fixture: RunFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

describe('a merged run', () => {
  it('keeps its branch, its merge commit and the diff of what it merged', async () => {
    fixture = await createRunFixture();
    fixture.server.script('dev-model', [write('src/app.txt', 'line 1\nline two\nline 3\n'), finish('Spelled out two.')]);
    const run = await fixture.kanbots.run(fixture.cardId, 'solo', { models, policy: { default: 'allow' } });
    await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'needs_you');
    fixture.kanbots.merge(run.id);
    const merged = await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'merged');
    const worktree = merged.worktrees[0]!;
    expect(worktree.state).toBe('removed');
    const main = await fixture.repository.git(['rev-parse', 'main']);
    expect(worktree.merge).toMatchObject({ step: 'merged', commit: main.trim() });
    const view = toRunView(merged, new Map());
    expect(view.branches).toEqual([{ candidate: worktree.key, branch: worktree.branch, mergeCommit: main.trim() }]);
    const diff = await fixture.kanbots.worktrees.diffBetween(worktree.worktreeId, worktree.merge!.base!, worktree.merge!.commit!);
    expect(diff.files).toEqual([expect.objectContaining({ path: 'src/app.txt', additions: 1, deletions: 1, status: 'modified' })]);
    expect(diff.text).toContain('+line two');
    expect(diff.text).toContain('-line 2');
  });
});
