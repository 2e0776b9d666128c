import type { Board } from '@kanbots/core/model';
import { eventMessageSchema, protocolSnapshotSchema, workflowViewSchema, type EventMessage, type MachineGraph, type RawEventMessage, type WorkflowView } from '@kanbots/core/protocol';
import { z } from 'zod';
import { describeProblem } from '../transport/describe-problem.js';

/**
 * Reads what the host sends with the protocol's own schemas, part by part: a snapshot's board,
 * runs and statecharts each on their own, so one part the UI cannot read costs only that part
 * and is reported in plain words instead of being dropped.
 */

export interface ReadSnapshot {
  board?: Board;
  /** Each run as sent: the run store reads them one by one. */
  runs: readonly unknown[];
  statecharts: Record<string, MachineGraph>;
  /** The workflows the run form offers, each as sent (one it cannot read is left out and reported). */
  workflows: WorkflowView[];
  /** The scripted demo's label, when the host plays the demo. */
  demo?: { label: string };
  /** What could not be read, for a notice. */
  problem?: string;
}

const snapshotParts = protocolSnapshotSchema.shape;

export function readSnapshot(snapshot: unknown): ReadSnapshot {
  const raw = typeof snapshot === 'object' && snapshot !== null ? (snapshot as Record<string, unknown>) : {};
  const problems: string[] = [];
  const board = snapshotParts.board.safeParse(raw['board']);
  if (!board.success) problems.push(`The board could not be displayed: ${describeProblem(board.error)}`);
  const runs = z.array(z.unknown()).safeParse(raw['runs']);
  if (!runs.success) problems.push(`The runs could not be displayed: ${describeProblem(runs.error)}`);
  const statecharts = snapshotParts.statecharts.safeParse(raw['statecharts']);
  if (!statecharts.success) problems.push(`The workflow diagrams could not be displayed: ${describeProblem(statecharts.error)}`);
  const workflows = readWorkflows(raw['workflows'], problems);
  const result: ReadSnapshot = { runs: runs.success ? runs.data : [], statecharts: statecharts.success ? statecharts.data : {}, workflows };
  if (board.success) result.board = board.data;
  const demo = snapshotParts.demo.safeParse(raw['demo']);
  if (demo.success && demo.data !== undefined) result.demo = demo.data;
  if (problems.length > 0) result.problem = problems.join(' ');
  return result;
}

/** The snapshot's workflows one by one: one the UI cannot read costs only itself. */
function readWorkflows(raw: unknown, problems: string[]): WorkflowView[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    problems.push('The workflows could not be read: the host sent no list.');
    return [];
  }
  const workflows: WorkflowView[] = [];
  for (const item of raw) {
    const workflow = workflowViewSchema.safeParse(item);
    if (workflow.success) workflows.push(workflow.data);
    else problems.push(`A workflow could not be offered: ${describeProblem(workflow.error)}`);
  }
  return workflows;
}

/** One event checked against its topic's schema, or what was wrong with it. */
export function readEvent(raw: RawEventMessage): EventMessage | { problem: string } {
  const parsed = eventMessageSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  return { problem: `The host sent a "${raw.topic}" event the UI could not read: ${describeProblem(parsed.error)}` };
}
