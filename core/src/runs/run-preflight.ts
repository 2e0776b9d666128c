import type { GitRunner } from '../git/git-runner.js';
import { NotFoundError } from '../errors.js';
import type { Board } from '../model/board.js';
import { loadPersonas } from '../personas/load-personas.js';
import type { Persona } from '../personas/persona.js';
import type { WorkflowDefinition } from '../workflows/workflow-definition.js';
import type { WorkflowInput } from '../workflows/workflow-types.js';
import { agentSlots, cliRoleProblems, groupByChoice, missingPersonaProblems } from './preflight-agents.js';
import { checkModelGroup, type ModelCheckDependencies } from './preflight-models.js';
import type { PreflightProblem } from './preflight-problem.js';
import { checkRunRepository } from './preflight-repository.js';
import { runTarget } from '../projects/card-repository.js';
import type { RunOptions } from './run-record.js';

/**
 * The check before a run (`run.check`, and `run.start` before it creates anything): the card's
 * repository and base branch, the personas, and per agent its provider, key and model or its agent
 * CLI, installed and logged in. Every problem found, not only the first; nothing is written.
 */

export interface RunPreflightDependencies extends ModelCheckDependencies {
  git: GitRunner;
  board: { getBoard(): Board };
  /** The personas Kanbots was opened with; the repository's own are read on top. */
  personas: readonly Persona[];
}

export async function checkRunStart(dependencies: RunPreflightDependencies, cardId: string, workflow: WorkflowDefinition, options: RunOptions = {}): Promise<PreflightProblem[]> {
  const board = dependencies.board.getBoard();
  const card = board.cards.find((candidate) => candidate.id === cardId);
  if (!card) throw new NotFoundError('card', cardId);
  const target = runTarget(board, card, options);
  const repositoryCheck = await checkRunRepository(dependencies.git, target.repository, target.baseBranch);
  const personas = await personasFor(repositoryCheck.repository, dependencies.personas);
  const input: WorkflowInput = {
    task: card.title,
    ...(options.candidates === undefined ? {} : { candidates: options.candidates }),
    ...(options.steps === undefined ? {} : { steps: options.steps }),
    ...(options.personas === undefined ? {} : { personas: options.personas }),
  };
  const slots = agentSlots(workflow, input, options, personas);
  const groups = groupByChoice(slots);
  const roleProblems = cliRoleProblems(groups);
  const modelProblems = await Promise.all(groups.map((group) => checkModelGroup(group, dependencies)));
  return [...repositoryCheck.problems, ...missingPersonaProblems(slots, personas), ...roleProblems, ...modelProblems.flat()];
}

/** The repository's own personas (`.kanbots/personas`) before the ones Kanbots was opened with, as a run sees them. */
async function personasFor(repository: string | undefined, base: readonly Persona[]): Promise<readonly Persona[]> {
  if (repository === undefined) return base;
  const loaded = await loadPersonas({ repository }).catch(() => undefined);
  if (loaded === undefined) return base;
  const own = [...loaded.personas.values()].filter((persona) => persona.source === 'repository');
  return [...own, ...base.filter((persona) => !own.some((item) => item.name === persona.name))];
}
