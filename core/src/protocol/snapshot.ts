import { z } from 'zod';
import { boardSchema } from '../model/board.js';
import { runViewSchema } from './run-views.js';
import { machineGraphSchema } from './statechart-schema.js';

/**
 * The state a client starts from (the `hello` message and `snapshot.get`): the board, every run's
 * view and the statecharts the run views light up. A host without runs sends empty ones.
 */
export const protocolSnapshotSchema = z.object({
  board: boardSchema,
  runs: z.array(runViewSchema),
  statecharts: z.record(z.string(), machineGraphSchema),
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
