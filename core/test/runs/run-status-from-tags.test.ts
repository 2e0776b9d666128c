import { describe, expect, it } from 'vitest';
import { defaultColumnNames, moveCardForRun } from '../../src/runs/card-columns.js';
import type { RunRecord } from '../../src/runs/run-record.js';
import { summarizeRun } from '../../src/runs/run-summary.js';
import { initialWorkflowContext } from '../../src/workflows/workflow-setup.js';
import type { WorkflowTag } from '../../src/workflows/workflow-types.js';
import type { Board } from '../../src/model/board.js';

/** The run's status and its card's column come from the workflow's tags, whatever its states are called. */

const record: RunRecord = {
  version: 1,
  id: 'run-1',
  cardId: 'card-1',
  workflow: 'own-workflow',
  input: { task: 'Do it.' },
  options: {},
  repository: '/repo',
  createdAt: 0,
  updatedAt: 0,
  worktrees: {},
  agents: {},
  workflowSnapshot: null,
};

function summary(value: string, tags: WorkflowTag[], gate = false) {
  const context = { ...initialWorkflowContext('own-workflow', { task: 'Do it.' }), ...(gate ? { gate: { reason: 'The tests pass.', escalated: false, candidates: ['main'] } } : {}) };
  const input = { record, workflow: { value, status: 'active', context, tags: new Set(tags) }, activeStates: [`own.${value}`], agents: [], interrupted: false, queued: undefined, now: 1 };
  return summarizeRun(input);
}

const board: Board = {
  version: 2,
  columns: [
    { id: 'c-todo', name: 'To do' },
    { id: 'c-progress', name: 'In progress' },
    { id: 'c-review', name: 'Review' },
    { id: 'c-done', name: 'Done' },
  ],
  cards: [{ id: 'card-1', columnId: 'c-todo', title: 'Card', description: '', labels: [], createdAt: 0, updatedAt: 0 }],
} as unknown as Board;

describe('run status from workflow tags', () => {
  it('reads the human gate from needsYou, not from a state named "gate"', () => {
    const waiting = summary('waitingForYou', ['atGate', 'needsYou'], true);
    expect(waiting.status).toBe('needs_you');
    expect(waiting.statusText).toBe('The tests pass.');
    const namedGate = summary('gate', [], true);
    expect(namedGate.status).toBe('running');
  });

  it('reads failure and each outcome from their tags', () => {
    expect(summary('broke', ['failed']).status).toBe('failed');
    expect(summary('landed', ['finished', 'merged']).status).toBe('merged');
    expect(summary('thrownAway', ['finished', 'discarded']).status).toBe('discarded');
    expect(summary('stopped', ['finished', 'cancelled']).status).toBe('cancelled');
  });

  it('moves the card to Review on atGate and leaves it while settling', () => {
    const atGate = summary('waitingForYou', ['atGate', 'needsYou'], true);
    expect(moveCardForRun(board, record, atGate, new Set<WorkflowTag>(['atGate', 'needsYou']))?.command).toMatchObject({ type: 'card.move', columnId: 'c-review' });
    const working = summary('testing', []);
    expect(moveCardForRun(board, record, working, new Set<WorkflowTag>())?.command).toMatchObject({ columnId: 'c-progress' });
    expect(moveCardForRun(board, record, working, new Set<WorkflowTag>(['settling']))).toBeUndefined();
    expect(defaultColumnNames.gate).toBe('Review');
  });
});
