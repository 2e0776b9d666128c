import { z } from 'zod';
import { boardSchema } from '../model/board.js';
import { runViewSchema } from './run-views.js';
import { machineGraphSchema } from './statechart-schema.js';
import { workflowViewSchema } from './workflow-views.js';

/**
 * The state a client starts from (the `hello` message and `snapshot.get`): the board, every run's
 * view, the statecharts the run views light up and the workflows a run can use. A host without
 * runs sends empty ones.
 */
export const protocolSnapshotSchema = z.object({
  board: boardSchema,
  runs: z.array(runViewSchema),
  statecharts: z.record(z.string(), machineGraphSchema),
  /** The workflows the run form offers (built-ins and the embedder's); absent from a host that runs none. */
  workflows: z.array(workflowViewSchema).optional(),
  /**
   * Set when the host plays the scripted demo: every agent is the scripted model, whatever a run
   * asks for. The run form shows this label, locked, instead of provider and model.
   */
  demo: z.object({ label: z.string() }).optional(),
});
export type ProtocolSnapshot = z.infer<typeof protocolSnapshotSchema>;

/** What `snapshot.get` answers: the snapshot and the seq it was taken at. */
export const snapshotResultSchema = z.object({ seq: z.number().int().nonnegative(), snapshot: protocolSnapshotSchema });
export type SnapshotResult = z.infer<typeof snapshotResultSchema>;
