import { afterEach, describe, expect, it } from 'vitest';
import { createRunFixture, finish, write, type RunFixture } from '../runs/run-fixture.js';

let fixture: RunFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

describe('solo workflow', () => {
  it('has one developer do the task in its own worktree, then waits at the gate and merges', async () => {
    fixture = await createRunFixture();
    fixture.server.script('dev-model', [write('src/app.txt', 'line 1\nline two\nline 3\n'), finish('Done.')]);
    const run = await fixture.kanbots.run(fixture.cardId, 'solo', { policy: { default: 'allow' } });
    const atGate = await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'needs_you');
    expect(atGate.gate?.reason).toBe('The developer finished: Done.');
    expect(atGate.agents.map((agent) => [agent.key, agent.role, agent.model])).toEqual([['developer', 'developer', 'anthropic:dev-model']]);
    const worktree = atGate.worktrees[0]!;
    expect(worktree.branch).toMatch(/^kanbots\/spell-out-line-two-/);
    expect(await fixture.repository.readFile('src/app.txt')).toBe('line 1\nline 2\nline 3\n'); // the user's checkout is untouched
    expect(await fixture.repository.readFile('src/app.txt', worktree.path)).toBe('line 1\nline two\nline 3\n');
    fixture.kanbots.merge(run.id);
    await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'merged');
    expect(await fixture.repository.git(['show', 'main:src/app.txt'])).toBe('line 1\nline two\nline 3\n');
  });
});
