import { boardSchema, type Board, type BoardChange, type ErrorData } from '@kanbots/core/model';
import { z } from 'zod';

/**
 * The messages the UI receives from the host (docs/protocol.md), validated at the boundary.
 * Kept lenient about extra fields so a newer host can add them without breaking an older UI.
 */

export const PROTOCOL_VERSION = 1;

const errorDataSchema = z.object({
  name: z.string(),
  code: z.string(),
  message: z.string(),
  retryable: z.boolean().default(false),
  details: z.record(z.string(), z.unknown()).optional(),
});

export const helloMessageSchema = z.object({
  type: z.literal('hello'),
  protocolVersion: z.number().int(),
  serverVersion: z.string().optional(),
  seq: z.number().int().nonnegative(),
  snapshot: z.object({ board: boardSchema }).loose(),
});

export const replyMessageSchema = z.union([
  z.object({ type: z.literal('reply'), id: z.string(), ok: z.literal(true), result: z.unknown() }),
  z.object({ type: z.literal('reply'), id: z.string().optional(), ok: z.literal(false), error: errorDataSchema }),
]);

export const eventMessageSchema = z.object({
  type: z.literal('event'),
  seq: z.number().int().nonnegative(),
  topic: z.string(),
  data: z.unknown(),
});

export const eventBatchMessageSchema = z.object({
  type: z.literal('event.batch'),
  events: z.array(eventMessageSchema),
});

export const incomingMessageSchema = z.union([helloMessageSchema, replyMessageSchema, eventMessageSchema, eventBatchMessageSchema]);

export const snapshotResultSchema = z.object({
  seq: z.number().int().nonnegative(),
  snapshot: z.object({ board: boardSchema }).loose(),
});

/** A `board.changed` payload; the cards inside are checked like any board data. */
export const boardChangeSchema = z.object({
  type: z.literal('board.changed'),
  revision: z.number().int().nonnegative(),
  command: z.string(),
  createdId: z.string().optional(),
  upsertedCards: boardSchema.shape.cards,
  removedCardIds: z.array(z.string()),
  columns: boardSchema.shape.columns.optional(),
  boardName: z.string().optional(),
});

export type HelloMessage = z.infer<typeof helloMessageSchema>;
export type EventMessage = z.infer<typeof eventMessageSchema>;
export type IncomingMessage = z.infer<typeof incomingMessageSchema>;
export interface HostSnapshot {
  seq: number;
  board: Board;
  /** `RunView[]` (validated by the run store). */
  runs?: unknown;
  /** `Record<string, MachineGraph>` (validated by the run store). */
  statecharts?: unknown;
}

/** The parts of a snapshot next to the board (runs, statecharts), passed on unvalidated. */
export function snapshotExtras(snapshot: Record<string, unknown>): Pick<HostSnapshot, 'runs' | 'statecharts'> {
  return {
    ...(snapshot['runs'] === undefined ? {} : { runs: snapshot['runs'] }),
    ...(snapshot['statecharts'] === undefined ? {} : { statecharts: snapshot['statecharts'] }),
  };
}

export interface CommandMessage {
  type: 'command';
  id: string;
  name: string;
  args: Record<string, unknown>;
}

export function parseBoardChange(data: unknown): BoardChange {
  return boardChangeSchema.parse(data) as BoardChange;
}

export type { ErrorData };
