import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { approve, createRunFixture, finish, models, write, type RunFixture } from '../runs/run-fixture.js';

let fixture: RunFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

async function runToGate(f: RunFixture, workflow: 'solo' | 'dev-review' = 'solo') {
  const run = await f.kanbots.run(f.cardId, workflow, { models, policy: { default: 'allow' } });
  return f.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'needs_you');
}

describe('human gate', () => {
  it('DISCARD snapshot-commits the work to the branch, keeps the branch and removes the worktree', async () => {
    fixture = await createRunFixture();
    fixture.server.script('dev-model', [write('src/app.txt', 'discarded idea\n'), finish('Tried something.')]);
    const atGate = await runToGate(fixture);
    const worktree = atGate.worktrees[0]!;
    fixture.kanbots.discard(atGate.id);
    const discarded = await fixture.kanbots.runs.waitFor(atGate.id, (summary) => summary.status === 'discarded');
    expect(discarded.worktrees[0]?.state).toBe('removed');
    expect(existsSync(worktree.path)).toBe(false);
    expect(await fixture.repository.git(['show', `${worktree.branch}:src/app.txt`])).toBe('discarded idea\n');
    expect(await fixture.repository.git(['show', 'main:src/app.txt'])).toBe('line 1\nline 2\nline 3\n');
  });

  it('MERGE that conflicts reports the files and keeps the gate open', async () => {
    fixture = await createRunFixture();
    fixture.server.script('dev-model', [write('src/app.txt', 'from the agent\n'), finish('Changed it.')]);
    const atGate = await runToGate(fixture);
    await fixture.repository.writeFiles({ 'src/app.txt': 'from the user\n' });
    await fixture.repository.commitAll('user change');
    fixture.kanbots.merge(atGate.id);
    const conflicted = await fixture.kanbots.runs.waitFor(atGate.id, (summary) => summary.gate?.conflict !== undefined);
    expect(conflicted.status).toBe('needs_you');
    expect(conflicted.gate?.conflict?.files).toEqual(['src/app.txt']);
    expect(conflicted.statusText).toBe('Merge conflict: src/app.txt');
    expect(conflicted.worktrees[0]?.state).toBe('active');
    expect(await fixture.repository.git(['show', 'main:src/app.txt'])).toBe('from the user\n');
  });

  it('FOLLOW_UP continues the same developer conversation, then goes through review again', async () => {
    fixture = await createRunFixture();
    fixture.server.script('dev-model', [write('src/app.txt', 'v1\n'), finish('v1'), write('src/app.txt', 'v2\n'), finish('v2')]);
    fixture.server.script('review-model', [approve('v1 ok'), approve('v2 ok')]);
    const atGate = await runToGate(fixture, 'dev-review');
    expect(atGate.reviews).toHaveLength(1);
    fixture.kanbots.followUp(atGate.id, 'Please write v2 instead.');
    const again = await fixture.kanbots.runs.waitFor(atGate.id, (summary) => summary.status === 'needs_you' && summary.reviews.length === 2);
    expect(again.gate?.reason).toBe('The reviewer approved in round 2.');
    const third = JSON.stringify(fixture.server.requests.filter((request) => request.model === 'dev-model')[2]!.body);
    expect(third).toContain('In src/app.txt, spell out the number on line 2.');
    expect(third).toContain('Please write v2 instead.');
    expect(await fixture.repository.readFile('src/app.txt', again.worktrees[0]!.path)).toBe('v2\n');
  });
});
