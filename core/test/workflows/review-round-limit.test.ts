import { afterEach, describe, expect, it } from 'vitest';
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
});
