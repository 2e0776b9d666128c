import { describe, expect, it } from 'vitest';
import { roundWords } from '../../src/ui/runs/round-words.js';

const human = (round: number) => ({ round, verdict: 'request_changes' as const, by: 'human' as const, findings: [] });
const agent = (round: number) => ({ round, verdict: 'request_changes' as const, findings: [] });

describe('the round in words (drawer and card page)', () => {
  it('counts the agents against their limit until a person steps in', () => {
    expect(roundWords({ round: 2, maxRounds: 3, reviews: [agent(1)] })).toBe('round 2 of 3');
    expect(roundWords({ round: undefined, maxRounds: undefined, reviews: [] })).toBe('');
  });

  it("names a person's review as its own round and counts the agents' rounds since it, never past the limit", () => {
    const reviews = [agent(1), agent(2), agent(3), human(4)];
    expect(roundWords({ round: 4, maxRounds: 3, cycleStart: 4, reviews })).toBe('round 4 (your review)');
    expect(roundWords({ round: 5, maxRounds: 3, cycleStart: 4, reviews })).toBe('round 5 (1 of 3 since your review)');
    expect(roundWords({ round: 3, maxRounds: 3, cycleStart: 2, reviews: [agent(1), agent(2)] })).toBe('round 3 (1 of 3 since your follow-up)');
  });
});
