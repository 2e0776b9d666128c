import { agentMachine } from '../agents/agent-machine.js';
import { boardMachine } from '../board/board-machine.js';
import { cliAgentMachine } from '../executors/cli-agent-machine.js';
import { bestOfNWorkflow } from '../workflows/best-of-n-workflow.js';
import { devReviewWorkflow } from '../workflows/dev-review-workflow.js';
import { pipelineWorkflow } from '../workflows/pipeline-workflow.js';
import { soloWorkflow } from '../workflows/solo-workflow.js';
import { machineToGraph, type MachineGraph } from './machine-graph.js';

/**
 * Every machine of Kanbots, by the name its diagram and the UI use. `npm run docs:statecharts`
 * renders each to `docs/statecharts/<name>.md`; a test fails when a diagram is stale.
 */
export const machines = {
  board: { machine: boardMachine, title: 'Board', description: 'Columns and cards; every change is validated, applied and persisted.' },
  agent: { machine: agentMachine, title: 'Agent', description: 'One conversation with one model in one worktree: the streaming tool-use loop.' },
  'cli-agent': { machine: cliAgentMachine, title: 'CLI agent', description: 'An agent CLI (Claude Code, Codex) as an agent: one session, resumed for follow-ups and after a pause or restart.' },
  solo: { machine: soloWorkflow, title: 'Solo workflow', description: 'One developer does the task, then the human gate.' },
  'dev-review': { machine: devReviewWorkflow, title: 'Dev ⇄ review workflow', description: 'Developer and reviewer until approved or the round limit, then the human gate.' },
  'best-of-n': { machine: bestOfNWorkflow, title: 'Best-of-N workflow', description: 'N developers in parallel, each in its own worktree; a judge recommends one; the human picks.' },
  pipeline: { machine: pipelineWorkflow, title: 'Pipeline workflow', description: 'Ordered persona steps (planner → developer → tester → reviewer), each seeing the earlier outputs.' },
} as const;

export type MachineName = keyof typeof machines;

export function allMachineGraphs(): Record<string, MachineGraph> {
  return Object.fromEntries(Object.entries(machines).map(([name, entry]) => [name, machineToGraph(entry.machine)]));
}
