import type { Usage } from '../providers/model-port.js';
import type { AgentBudgetName } from './agent-events.js';

/** Limits of one run; an absent limit is no limit. */
export interface AgentBudgets {
  /** Model responses (turns) in the whole run. */
  maxTurns?: number;
  /** Input + output tokens over the whole run. */
  maxTotalTokens?: number;
  /** Estimated cost in US dollars over the whole run. */
  maxCostUsd?: number;
  /** Milliseconds since START, read from the injected Clock. */
  maxWallTimeMs?: number;
}

/** What a run has used so far: plain data kept in the agent's context. */
export interface BudgetUsage {
  turns: number;
  usage: Usage;
  costUsd: number;
  startedAt: number | null;
  now: number;
}

export interface ExceededBudget {
  budget: AgentBudgetName;
  limit: number;
  used: number;
}

export function totalTokens(usage: Usage): number {
  return usage.inputTokens + usage.outputTokens + (usage.cacheReadTokens ?? 0) + (usage.cacheWriteTokens ?? 0);
}

export function addUsage(total: Usage, turn: Usage): Usage {
  const sum: Usage = { inputTokens: total.inputTokens + turn.inputTokens, outputTokens: total.outputTokens + turn.outputTokens };
  const cacheRead = (total.cacheReadTokens ?? 0) + (turn.cacheReadTokens ?? 0);
  const cacheWrite = (total.cacheWriteTokens ?? 0) + (turn.cacheWriteTokens ?? 0);
  if (cacheRead > 0) sum.cacheReadTokens = cacheRead;
  if (cacheWrite > 0) sum.cacheWriteTokens = cacheWrite;
  return sum;
}

/**
 * The first budget the run has used up, or undefined. `beforeTurn` also counts turns: a run may
 * not start a turn past `maxTurns`, but the turn that reaches it may still finish the task.
 */
export function findExceededBudget(budgets: AgentBudgets, used: BudgetUsage, moment: 'beforeTurn' | 'afterTurn'): ExceededBudget | undefined {
  if (moment === 'beforeTurn' && budgets.maxTurns !== undefined && used.turns >= budgets.maxTurns) {
    return { budget: 'turns', limit: budgets.maxTurns, used: used.turns };
  }
  const tokens = totalTokens(used.usage);
  if (budgets.maxTotalTokens !== undefined && tokens > budgets.maxTotalTokens) {
    return { budget: 'tokens', limit: budgets.maxTotalTokens, used: tokens };
  }
  if (budgets.maxCostUsd !== undefined && used.costUsd > budgets.maxCostUsd) {
    return { budget: 'cost', limit: budgets.maxCostUsd, used: used.costUsd };
  }
  if (budgets.maxWallTimeMs !== undefined && used.startedAt !== null) {
    const elapsed = used.now - used.startedAt;
    if (elapsed > budgets.maxWallTimeMs) return { budget: 'wall_time', limit: budgets.maxWallTimeMs, used: elapsed };
  }
  return undefined;
}
