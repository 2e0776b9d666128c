import { afterEach, describe, expect, it } from 'vitest';
import { isSameFinding, recurringFindings } from '../../src/workflows/review.js';
import { createRunFixture, finish, models, requestChanges, write, type RunFixture } from '../runs/run-fixture.js';

let fixture: RunFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

describe('recurring finding escalation', () => {
  it('treats the same file with a similar message as the same finding, another file or topic as new', () => {
    const first = { file: 'src/app.txt', line: 2, severity: 'major' as const, message: 'The number on line 2 is still a digit.' };
    expect(isSameFinding(first, { ...first, line: 3, message: 'The number on line 2 is still a digit!' })).toBe(true);
    expect(isSameFinding(first, { ...first, file: 'src/other.txt' })).toBe(false);
    expect(isSameFinding(first, { ...first, message: 'Tests are missing for the parser.' })).toBe(false);
    const earlier = [{ verdict: 'request_changes' as const, round: 1, findings: [first] }];
    expect(recurringFindings(earlier, { verdict: 'request_changes', findings: [{ ...first, message: 'the number on line 2 is STILL a digit' }] })).toHaveLength(1);
  });

  it('escalates to the human when a finding comes back in the next round, before the round limit', async () => {
    fixture = await createRunFixture();
    fixture.server.script('dev-model', [write('src/app.txt', 'x\n'), finish('one'), finish('I believe it is fine as it is.')]);
    fixture.server.script('review-model', [requestChanges('The number on line 2 is still a digit.'), requestChanges('The number on line 2 is still a digit, as before.')]);
    const run = await fixture.kanbots.run(fixture.cardId, 'dev-review', { models, maxRounds: 5, policy: { default: 'allow' } });
    const atGate = await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'needs_you');
    expect(atGate.round).toBe(2);
    expect(atGate.gate?.escalated).toBe(true);
    expect(atGate.gate?.reason).toContain('keeps coming back (src/app.txt)');
    const recurring = fixture.events.filter((event) => event.type === 'run.review.submitted').map((event) => (event.type === 'run.review.submitted' ? event.recurring : -1));
    expect(recurring).toEqual([0, 1]);
  });
});
