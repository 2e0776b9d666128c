import { KanbotsError, type KanbotsErrorOptions } from '../errors.js';
import type { AgentBudgetName } from './agent-events.js';

/** A run used up one of its budgets (turns, tokens, cost, wall time). Whose fault: the run's limits. */
export class BudgetExceededError extends KanbotsError {
  override readonly name = 'BudgetExceededError';
  constructor(
    readonly budget: AgentBudgetName,
    readonly limit: number,
    readonly used: number,
    options: KanbotsErrorOptions = {},
  ) {
    super('budget_exceeded', `The ${budget.replace('_', ' ')} budget is exhausted (used ${used}, limit ${limit})`, {
      ...options,
      details: { ...options.details, budget, limit, used },
    });
  }
}

/** The model kept making mistakes (unknown tools, malformed or invalid arguments). Whose fault: the model. */
export class ModelMisbehavingError extends KanbotsError {
  override readonly name = 'ModelMisbehavingError';
  constructor(
    readonly consecutiveMistakes: number,
    readonly lastProblem: string,
    options: KanbotsErrorOptions = {},
  ) {
    super('model_misbehaving', `The model made ${consecutiveMistakes} mistakes in a row; the last: ${lastProblem}`, {
      ...options,
      details: { ...options.details, consecutiveMistakes, lastProblem },
    });
  }
}
