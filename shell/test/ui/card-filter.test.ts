import type { Card } from '@kanbots/core/model';
import { describe, expect, it } from 'vitest';
import { cardMatches, isEmptyQuery, parseCardQuery } from '../../src/ui/state/card-filter.js';

const card = (overrides: Partial<Card> = {}): Card => ({
  id: 'c1',
  columnId: 'backlog',
  title: 'Fix the Parser',
  description: 'It drops trailing commas.',
  labels: ['bug', 'Backend'],
  order: 0,
  archived: false,
  createdAt: 1,
  updatedAt: 1,
  target: { repository: '/home/dev/projects/kanbots/' },
  ...overrides,
});

describe('the board filter', () => {
  it('matches words in the title, description and labels, case-insensitively, all of them', () => {
    expect(cardMatches(card(), parseCardQuery('parser'))).toBe(true);
    expect(cardMatches(card(), parseCardQuery('COMMAS backend'))).toBe(true);
    expect(cardMatches(card(), parseCardQuery('parser frontend'))).toBe(false);
    expect(cardMatches(card(), parseCardQuery('"trailing commas"'))).toBe(true);
  });

  it('label:, status:/is: and repo: narrow by label, run state and repository folder', () => {
    expect(cardMatches(card(), parseCardQuery('label:backend'))).toBe(true);
    expect(cardMatches(card(), parseCardQuery('label:back'))).toBe(false);
    const failed = { status: 'failed' as const, statusLabel: 'Failed' };
    const waiting = { status: 'needs_you' as const, statusLabel: 'Needs you' };
    expect(cardMatches(card(), parseCardQuery('status:failed'), failed)).toBe(true);
    expect(cardMatches(card(), parseCardQuery('is:failed'), waiting)).toBe(false);
    expect(cardMatches(card(), parseCardQuery('status:"needs you"'), waiting)).toBe(true);
    expect(cardMatches(card(), parseCardQuery('status:needs_you'), waiting)).toBe(true);
    expect(cardMatches(card(), parseCardQuery('status:failed'))).toBe(false);
    expect(cardMatches(card(), parseCardQuery('repo:kanbots'))).toBe(true);
    expect(cardMatches(card({ target: undefined }), parseCardQuery('repo:kanbots'))).toBe(false);
  });

  it('an empty or blank filter is no filter; an unknown key is an ordinary word', () => {
    expect(isEmptyQuery(parseCardQuery('   '))).toBe(true);
    expect(parseCardQuery('owner:me').words).toEqual(['owner:me']);
  });
});
