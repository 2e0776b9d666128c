import type { Board } from '../model/board.js';
import type { BoardCommand } from '../model/board-commands.js';
import type { RunSummary } from './run-events.js';
import type { RunRecord } from './run-record.js';
import type { WorkflowTag } from '../workflows/workflow-types.js';

/**
 * Where a card goes with its run: running → "In progress" once the run has really started (an
 * agent answered: text, a tool call or a finished turn — a run that fails at once on a refused
 * key or a missing program leaves the card where it was), at the human gate → "Review",
 * merged → "Done". Column names are configurable (null turns a move off); a column that does
 * not exist is skipped silently. Pure: returns the board command, if any.
 */
export interface ColumnNames {
  running?: string | null;
  gate?: string | null;
  merged?: string | null;
}

export const defaultColumnNames: Required<ColumnNames> = { running: 'In progress', gate: 'Review', merged: 'Done' };

type Stage = keyof ColumnNames;

/** Agent events that show an agent has really started working (the model or CLI answered). */
export function showsAgentStarted(eventType: string): boolean {
  return eventType === 'agent.text.delta' || eventType === 'agent.tool.started' || eventType === 'agent.turn.ended' || eventType === 'agent.tool.approval.requested';
}

/** The stage from the run's status and its workflow's tags (`atGate`, `settling`), not from state names. */
function stageOf(summary: RunSummary, tags: ReadonlySet<WorkflowTag>, started: boolean): Stage | undefined {
  if (summary.status === 'merged') return 'merged';
  if (summary.gate !== undefined && tags.has('atGate')) return 'gate';
  if (summary.status === 'running' && !tags.has('settling') && started) return 'running';
  return undefined;
}

export function moveCardForRun(board: Board, record: RunRecord, summary: RunSummary, tags: ReadonlySet<WorkflowTag>, names: ColumnNames = {}, started = true): { stage: Stage; command: BoardCommand } | undefined {
  const stage = stageOf(summary, tags, started);
  if (stage === undefined || record.column === stage) return undefined;
  const name = names[stage] === undefined ? defaultColumnNames[stage] : names[stage];
  if (name === null) return undefined;
  const column = board.columns.find((candidate) => candidate.name.trim().toLowerCase() === name.trim().toLowerCase());
  const card = board.cards.find((candidate) => candidate.id === record.cardId);
  if (!column || !card || card.columnId === column.id) return undefined;
  const index = board.cards.filter((candidate) => candidate.columnId === column.id && !candidate.archived).length;
  return { stage, command: { type: 'card.move', cardId: card.id, columnId: column.id, index } };
}
