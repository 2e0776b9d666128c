import { afterEach, describe, expect, it } from 'vitest';
import { toRunView } from '../../src/protocol/run-view-of-summary.js';
import { createRunFixture, finish, models, requestChanges, write, type RunFixture } from '../runs/run-fixture.js';

let fixture: RunFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

describe('review loop round limit', () => {
  it('hands the run back to the human, escalated, when the reviewer never approves within maxRounds', async () => {
    fixture = await createRunFixture();
    fixture.server.script('dev-model', [write('src/app.txt', 'a\n'), finish('one'), write('src/app.txt', 'b\n'), finish('two')]);
    fixture.server.script('review-model', [requestChanges('Variable naming is unclear in the loop.'), requestChanges('Missing test for the empty input case.', 'test/app.test.js')]);
    const run = await fixture.kanbots.run(fixture.cardId, 'dev-review', { models, maxRounds: 2, policy: { default: 'allow' } });
    const atGate = await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'needs_you');
    expect(atGate.round).toBe(2);
    expect(atGate.gate).toMatchObject({ escalated: true, reason: 'No approval after 2 review rounds (the limit).' });
    expect(atGate.activeStates).toContain('devReview.gate');
    fixture.server.assertComplete(); // no third round was requested
  });

  it("does not count a person's review against the agents' limit: after it they get the whole limit again, and the round is numbered with the rest", async () => {
    fixture = await createRunFixture();
    fixture.server.script('dev-model', [write('src/app.txt', 'a\n'), finish('one'), write('src/app.txt', 'b\n'), finish('two')]);
    fixture.server.script('review-model', [requestChanges('Variable naming is unclear in the loop.'), requestChanges('Missing test for the empty input case.', 'test/app.test.js')]);
    const run = await fixture.kanbots.run(fixture.cardId, 'dev-review', { models, maxRounds: 1, policy: { default: 'allow' } });
    const atLimit = await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'needs_you');
    expect(atLimit.gate?.reason).toBe('No approval after 1 review round (the limit).');
    expect(toRunView(atLimit, new Map())).toMatchObject({ round: 1, maxRounds: 1 });
    expect(toRunView(atLimit, new Map()).cycleStart).toBeUndefined();

    fixture.kanbots.review(run.id, { findings: [{ file: 'src/app.txt', line: 1, severity: 'minor', message: 'Name it b.' }] });
    // Round 2 is the person's; the developer answers it and the reviewer gets one round (3) of its own.
    const again = await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'needs_you' && summary.reviews.length === 3);
    expect(again.reviews.map((review) => [review.round, review.by ?? 'reviewer'])).toEqual([
      [1, 'reviewer'],
      [2, 'human'],
      [3, 'reviewer'],
    ]);
    expect(again.cycleStart).toBe(2);
    expect(again.gate).toMatchObject({ escalated: true, reason: 'No approval after 1 review round since your review (the limit).' });
    expect(toRunView(again, new Map())).toMatchObject({ round: 3, maxRounds: 1, cycleStart: 2 });
    fixture.server.assertComplete();
  });
});
