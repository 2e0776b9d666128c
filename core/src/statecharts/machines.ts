import type { AnyStateMachine } from 'xstate';
import { agentMachine } from '../agents/agent-machine.js';
import { boardMachine } from '../board/board-machine.js';
import { cliAgentMachine } from '../executors/cli-agent-machine.js';
import { runLifecycleMachine } from '../runs/run-lifecycle-machine.js';
import { agentHoldMachine } from '../runs/agent-hold-machine.js';
import { builtInWorkflows } from '../workflows/built-in-workflows.js';
import type { WorkflowDefinition } from '../workflows/workflow-definition.js';
import { machineToGraph, type MachineGraph } from './machine-graph.js';

/**
 * Every machine of Kanbots, by the name its diagram and the UI use: the run, board and agent machines,
 * then each workflow of the registry under its id. `npm run docs:statecharts` renders each to
 * `docs/statecharts/<name>.md`; a test fails when a diagram is stale.
 */

export interface MachineEntry {
  machine: AnyStateMachine;
  title: string;
  description: string;
}

const actorMachines = {
  run: { machine: runLifecycleMachine, title: 'Run', description: "A run: the root of its actor system, invoking the card's workflow and with the agents as its children; restoring, interrupted by a restart, going (working, setting up a worktree, queued for a slot), finished." },
  board: { machine: boardMachine, title: 'Board', description: 'Columns and cards; every change is validated, applied and persisted.' },
  agent: { machine: agentMachine, title: 'Agent', description: 'One conversation with one model in one worktree: the streaming tool-use loop.' },
  'agent-hold': { machine: agentHoldMachine, title: 'Agent hold', description: "Who holds an agent paused — nobody, the run, or the person for this agent alone; the run's RESUME frees only what the run held." },
  'cli-agent': { machine: cliAgentMachine, title: 'CLI agent', description: 'An agent CLI (Claude Code, Codex, any ACP agent) as an agent: one session, resumed for follow-ups and after a pause or restart; an ACP agent asking permission waits in awaitingApproval.' },
} as const satisfies Record<string, MachineEntry>;

/** The actor machines and the given workflows (default: the built-ins), by name. */
export function machineEntries(workflows: readonly WorkflowDefinition[] = builtInWorkflows): Record<string, MachineEntry> {
  const entries: Record<string, MachineEntry> = { ...actorMachines };
  for (const workflow of workflows) entries[workflow.id] = { machine: workflow.machine, title: `${workflow.label} workflow`, description: workflow.description };
  return entries;
}

/** The machines of Kanbots with the built-in workflows. */
export const machines: Readonly<Record<string, MachineEntry>> = machineEntries();

export type MachineName = keyof typeof actorMachines | (typeof builtInWorkflows)[number]['id'];

export function allMachineGraphs(workflows: readonly WorkflowDefinition[] = builtInWorkflows): Record<string, MachineGraph> {
  return Object.fromEntries(Object.entries(machineEntries(workflows)).map(([name, entry]) => [name, machineToGraph(entry.machine)]));
}
