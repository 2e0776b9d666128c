import { describe, expect, it } from 'vitest';
import { findExceededBudget } from '../../src/agents/agent-budgets.js';

const used = { turns: 3, usage: { inputTokens: 600, outputTokens: 500 }, costUsd: 0.2, startedAt: 1_000, now: 61_000 };

describe('budget check', () => {
  it('finds nothing without limits', () => {
    expect(findExceededBudget({}, used, 'beforeTurn')).toBeUndefined();
  });

  it('counts turns only before a turn starts', () => {
    expect(findExceededBudget({ maxTurns: 3 }, used, 'beforeTurn')).toEqual({ budget: 'turns', limit: 3, used: 3 });
    expect(findExceededBudget({ maxTurns: 3 }, used, 'afterTurn')).toBeUndefined();
  });

  it('names the tokens, cost and wall-time budgets', () => {
    expect(findExceededBudget({ maxTotalTokens: 1_000 }, used, 'afterTurn')).toEqual({ budget: 'tokens', limit: 1_000, used: 1_100 });
    expect(findExceededBudget({ maxCostUsd: 0.1 }, used, 'afterTurn')?.budget).toBe('cost');
    expect(findExceededBudget({ maxWallTimeMs: 59_999 }, used, 'afterTurn')).toEqual({ budget: 'wall_time', limit: 59_999, used: 60_000 });
    expect(findExceededBudget({ maxWallTimeMs: 60_000 }, used, 'afterTurn')).toBeUndefined();
  });
});
