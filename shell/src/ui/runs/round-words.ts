import type { RunView } from '@kanbots/core/protocol';

/**
 * The round in words, the same in the drawer and on the card page. A person's review or follow-up
 * is a round of its own, numbered with the rest, but the agents' limit counts only their rounds
 * since it: "round 2 of 3", then "round 4 (1 of 3 since your review)" — never "round 4 of 3".
 */
export function roundWords(run: Pick<RunView, 'round' | 'maxRounds' | 'cycleStart' | 'reviews'>): string {
  if (run.round === undefined) return '';
  if (run.maxRounds === undefined) return `round ${run.round}`;
  if (run.cycleStart === undefined) return run.round <= run.maxRounds ? `round ${run.round} of ${run.maxRounds}` : `round ${run.round}`;
  const byPerson = run.reviews.some((review) => review.round === run.cycleStart && review.by === 'human');
  const yours = byPerson ? 'your review' : 'your follow-up';
  const since = run.round - run.cycleStart;
  if (since <= 0) return `round ${run.round} (${yours})`;
  return `round ${run.round} (${since} of ${run.maxRounds} since ${yours})`;
}
