import { runViewSchema, type RunView, type WorkflowKind } from '@kanbots/core/protocol';
import { z } from 'zod';

/**
 * What the run UI receives beyond the core's `RunView` schema, validated at the boundary: the
 * statecharts of the hello snapshot (`MachineGraph`, core/src/statecharts/machine-graph.ts) and
 * the `run.agent.event` payload. Lenient about extra fields so a newer host keeps working.
 */

export const machineGraphStateSchema = z.object({
  id: z.string(),
  key: z.string(),
  type: z.enum(['atomic', 'compound', 'parallel', 'final', 'history']),
  parent: z.string().optional(),
  initial: z.string().optional(),
  description: z.string().optional(),
});

export const machineGraphSchema = z.object({
  id: z.string(),
  initial: z.string().optional(),
  states: z.array(machineGraphStateSchema),
  transitions: z.array(z.object({ source: z.string(), target: z.string(), label: z.string(), guard: z.string().optional() })),
});
export type MachineGraph = z.infer<typeof machineGraphSchema>;
export type MachineGraphState = z.infer<typeof machineGraphStateSchema>;

export const statechartsSchema = z.record(z.string(), machineGraphSchema);

/**
 * The agent events the UI uses from `run.agent.event`; others are ignored. `agent` is the agent's
 * key in the run (`developer`, `developer-2`: the `id` of its AgentView); the event's own
 * `agentId` is the runtime's id of the agent, used only when the host does not send `agent`.
 */
export const runAgentEventSchema = z.object({
  runId: z.string(),
  agent: z.string().optional(),
  event: z.looseObject({ type: z.string(), agentId: z.string(), turn: z.number().optional(), text: z.string().optional() }),
});
export type RunAgentEvent = z.infer<typeof runAgentEventSchema>;

export function parseRunView(data: unknown): RunView | undefined {
  const parsed = runViewSchema.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}

export function parseRunViews(data: unknown): RunView[] {
  if (!Array.isArray(data)) return [];
  return data.flatMap((item) => parseRunView(item) ?? []);
}

export function parseStatecharts(data: unknown): Record<string, MachineGraph> {
  const parsed = statechartsSchema.safeParse(data);
  return parsed.success ? parsed.data : {};
}

/** The `options` of `run.start` (docs/protocol.md, "Runs"). */
export interface RunStartOptions {
  provider?: string;
  model?: string;
  personas?: Record<string, string>;
  maxRounds?: number;
  candidates?: number;
  steps?: string[];
  repository?: string;
  baseBranch?: string;
}

export interface RunStartRequest {
  cardId: string;
  workflow: WorkflowKind;
  options: RunStartOptions;
}

export const WORKFLOW_LABELS: Record<WorkflowKind, string> = {
  solo: 'Solo',
  'dev-review': 'Dev ⇄ review',
  'best-of-n': 'Best of N',
  pipeline: 'Pipeline',
};
