import { z } from 'zod';
import type { ErrorData } from '../errors.js';
import type { Board } from '../model/board.js';

/**
 * The wire messages of the Kanbots protocol (docs/protocol.md). Incoming messages (client → host)
 * are validated with zod; outgoing ones (host → client) are typed here and also have schemas so a
 * client can validate what it receives. Browser-safe: zod and plain code only.
 */

export const PROTOCOL_VERSION = 1;

/** Largest incoming message accepted, in UTF-16 code units of its JSON text (about 1 MiB). */
export const DEFAULT_MAX_MESSAGE_LENGTH = 1024 * 1024;

export const commandIdSchema = z.string().min(1).max(200);
export const commandNameSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)*$/, 'command names look like "card.create"');

/** The one message a client sends: run the command `name` with `args`. */
export const commandMessageSchema = z
  .object({
    type: z.literal('command'),
    id: commandIdSchema,
    name: commandNameSchema,
    args: z.unknown().optional(),
  })
  .strict();
export type CommandMessage = z.infer<typeof commandMessageSchema>;

/** Every message a client may send (a union so later message types plug in). */
export const clientMessageSchema = z.discriminatedUnion('type', [commandMessageSchema]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

/** What a client gets on connect; then events follow with `seq` greater than this one. */
export interface HelloMessage {
  type: 'hello';
  protocolVersion: number;
  serverVersion: string;
  seq: number;
  snapshot: ProtocolSnapshot;
}

/** The state a client starts from. `board` always; later issues add more keys (runs, agents). */
export interface ProtocolSnapshot {
  board: Board;
  [key: string]: unknown;
}

export type ReplyMessage =
  | { type: 'reply'; id: string | null; ok: true; result: unknown }
  | { type: 'reply'; id: string | null; ok: false; error: ErrorData };

export interface EventMessage<Data = unknown> {
  type: 'event';
  seq: number;
  topic: string;
  data: Data;
}

export interface EventBatchMessage {
  type: 'event.batch';
  events: EventMessage[];
}

export type ServerMessage = HelloMessage | ReplyMessage | EventMessage | EventBatchMessage;

const seqSchema = z.number().int().nonnegative();
export const errorDataSchema = z.object({
  name: z.string(),
  code: z.string(),
  message: z.string(),
  retryable: z.boolean(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export const eventMessageSchema = z.object({ type: z.literal('event'), seq: seqSchema, topic: z.string(), data: z.unknown() });

/** Validates what the host sends (for clients and tests). */
export const serverMessageSchema = z.union([
  z.object({
    type: z.literal('hello'),
    protocolVersion: z.number().int(),
    serverVersion: z.string(),
    seq: seqSchema,
    snapshot: z.looseObject({ board: z.unknown() }),
  }),
  z.object({ type: z.literal('reply'), id: z.string().nullable(), ok: z.literal(true), result: z.unknown() }),
  z.object({ type: z.literal('reply'), id: z.string().nullable(), ok: z.literal(false), error: errorDataSchema }),
  eventMessageSchema,
  z.object({ type: z.literal('event.batch'), events: z.array(eventMessageSchema) }),
]);

/** Parses and validates a message from the host; throws on anything else. */
export function parseServerMessage(text: string): ServerMessage {
  return serverMessageSchema.parse(JSON.parse(text)) as ServerMessage;
}
