import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createRunFixture, finish, write, type RunFixture } from '../runs/run-fixture.js';

let fixture: RunFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

const models = { 'developer-1': 'anthropic:dev1', 'developer-2': 'anthropic:dev2', 'developer-3': 'anthropic:dev3', judge: 'anthropic:judge-model' };

describe('best-of-N workflow', () => {
  it('runs 3 developers in parallel in their own worktrees, a judge recommends one, the human merges it and the others stay until discarded', async () => {
    fixture = await createRunFixture();
    const { server } = fixture;
    for (const [lane, content] of [['dev1', 'one\n'], ['dev2', 'two\n'], ['dev3', 'three\n']] as const) server.script(lane, [write('src/app.txt', content), finish(`wrote ${content.trim()}`)]);
    server.script('judge-model', [
      {
        toolCalls: [
          {
            name: 'submit_judgement',
            input: { recommended: 'candidate-2', reasons: [{ candidate: 'candidate-1', reason: 'digit-free but terse' }, { candidate: 'candidate-2', reason: 'exactly right' }, { candidate: 'candidate-3', reason: 'wrong number' }] },
          },
        ],
      },
    ]);
    const run = await fixture.kanbots.run(fixture.cardId, 'best-of-n', { candidates: 3, models, policy: { default: 'allow' } });
    const atGate = await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'needs_you');
    expect(atGate.gate).toMatchObject({ recommended: 'candidate-2', candidates: ['candidate-1', 'candidate-2', 'candidate-3'], escalated: false });
    expect(atGate.worktrees.map((worktree) => worktree.key)).toEqual(['candidate-1', 'candidate-2', 'candidate-3']);
    expect(new Set(atGate.worktrees.map((worktree) => worktree.branch)).size).toBe(3);
    for (const [index, content] of ['one\n', 'two\n', 'three\n'].entries()) expect(await fixture.repository.readFile('src/app.txt', atGate.worktrees[index]!.path)).toBe(content);
    // The judge saw every candidate's diff.
    const judgeRequest = JSON.stringify(server.requests.find((request) => request.model === 'judge-model')!.body);
    for (const text of ['Candidate candidate-1', 'Candidate candidate-2', 'Candidate candidate-3', '+three']) expect(judgeRequest).toContain(text);

    fixture.kanbots.discard(run.id, 'candidate-3');
    const afterDiscard = await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.worktrees[2]?.state === 'removed' && summary.status === 'needs_you');
    expect(afterDiscard.gate?.candidates).toEqual(['candidate-1', 'candidate-2']);
    expect(await fixture.repository.git(['show', `${atGate.worktrees[2]!.branch}:src/app.txt`])).toBe('three\n'); // snapshot kept on its branch

    fixture.kanbots.merge(run.id); // the judge's pick is pre-selected
    const merged = await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'merged');
    expect(await fixture.repository.git(['show', 'main:src/app.txt'])).toBe('two\n');
    expect(merged.worktrees.map((worktree) => worktree.state)).toEqual(['active', 'removed', 'removed']);
    expect(existsSync(atGate.worktrees[0]!.path)).toBe(true);
    server.assertComplete();
  });
});
