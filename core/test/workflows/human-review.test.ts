import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../src/errors.js';
import { humanReviewMessage } from '../../src/workflows/review.js';
import { approve, createRunFixture, finish, models, write, type RunFixture } from '../runs/run-fixture.js';

/**
 * A person's review from the card page: comments on lines go to the developer in the same
 * conversation as findings (file, line, words), exactly as the reviewer agent's do; the workflow
 * counts it as a round, keeps it with the reviews, and the reviewer looks at the answer again.
 */

let fixture: RunFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

async function runToGate(f: RunFixture, workflow: 'solo' | 'dev-review') {
  const run = await f.kanbots.run(f.cardId, workflow, { models, policy: { default: 'allow' } });
  return f.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'needs_you');
}

const comment = { file: 'src/app.txt', line: 1, severity: 'major' as const, message: 'Say "version two" in words, not v2.' };

describe('a human review from the card page', () => {
  it('goes to the same developer conversation as findings, counts as a round, and the reviewer reviews the answer', async () => {
    fixture = await createRunFixture();
    fixture.server.script('dev-model', [write('src/app.txt', 'v1\n'), finish('v1'), write('src/app.txt', 'version two\n'), finish('Spelled it out.')]);
    fixture.server.script('review-model', [approve('v1 ok'), approve('words ok')]);
    const atGate = await runToGate(fixture, 'dev-review');
    expect(atGate.round).toBe(1);
    fixture.kanbots.review(atGate.id, { summary: 'Nearly.', findings: [comment] });
    const again = await fixture.kanbots.runs.waitFor(atGate.id, (summary) => summary.status === 'needs_you' && summary.reviews.length === 3);
    expect(again.reviews.map((review) => [review.round, review.by ?? 'reviewer', review.verdict])).toEqual([
      [1, 'reviewer', 'approve'],
      [2, 'human', 'request_changes'],
      [3, 'reviewer', 'approve'],
    ]);
    expect(again.reviews[1]).toMatchObject({ summary: 'Nearly.', findings: [comment] });
    expect(again.gate?.reason).toBe('The reviewer approved in round 3.');
    const developerRequests = fixture.server.requests.filter((request) => request.model === 'dev-model');
    const third = JSON.stringify(developerRequests[2]!.body);
    // The same conversation: the task is still there, and the findings are worded like the reviewer's.
    expect(third).toContain('In src/app.txt, spell out the number on line 2.');
    expect(third).toContain(JSON.stringify(humanReviewMessage({ summary: 'Nearly.', findings: [comment] }, 2)).slice(1, -1));
    expect(humanReviewMessage({ findings: [comment] }, 2)).toContain('[major] src/app.txt:1 — Say "version two" in words, not v2.');
    expect(await fixture.repository.readFile('src/app.txt', again.worktrees[0]!.path)).toBe('version two\n');
  });

  it('works in a workflow without a reviewer: the developer answers and the run is back at the gate', async () => {
    fixture = await createRunFixture();
    fixture.server.script('dev-model', [write('src/app.txt', 'v1\n'), finish('v1'), write('src/app.txt', 'version two\n'), finish('Spelled it out.')]);
    const atGate = await runToGate(fixture, 'solo');
    fixture.kanbots.review(atGate.id, { findings: [comment] });
    const again = await fixture.kanbots.runs.waitFor(atGate.id, (summary) => summary.status === 'needs_you' && summary.reviews.length === 1 && summary.gate !== undefined);
    expect(again.reviews[0]).toMatchObject({ by: 'human', round: 1, findings: [comment] });
    expect(await fixture.repository.readFile('src/app.txt', again.worktrees[0]!.path)).toBe('version two\n');
  });

  it('is refused away from the gate, changing nothing', async () => {
    fixture = await createRunFixture();
    fixture.server.script('dev-model', [write('src/app.txt', 'v1\n'), finish('v1')]);
    const atGate = await runToGate(fixture, 'solo');
    expect(() => fixture!.kanbots.review(atGate.id, { findings: [comment] }, 'no-such-candidate')).toThrow(ConflictError);
    fixture.kanbots.merge(atGate.id);
    const merged = await fixture.kanbots.runs.waitFor(atGate.id, (summary) => summary.status === 'merged');
    expect(() => fixture!.kanbots.review(atGate.id, { findings: [comment] })).toThrow(ConflictError);
    const after = await fixture.kanbots.runs.waitFor(atGate.id, () => true);
    expect(after.reviews).toEqual([]);
    expect(after.status).toBe(merged.status);
    expect(fixture.server.requests.filter((request) => request.model === 'dev-model')).toHaveLength(2);
  });
});
