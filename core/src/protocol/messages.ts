import { z } from 'zod';
import { errorDataSchema } from '../model/error-data.js';
import { protocolSnapshotSchema } from './snapshot.js';
import { protocolTopics, type TopicName } from './topics.js';
import { limits } from '../model/limits.js';

/**
 * The envelope of the Kanbots protocol (docs/protocol.md). What a client sends (commands) and what
 * the host sends (hello, replies, events, event batches), each with its schema: the host validates
 * what it receives, a client validates what it receives. Browser-safe: zod and plain code only.
 */

export const PROTOCOL_VERSION = 1;

/** Largest incoming message accepted, in UTF-16 code units of its JSON text (about 1 MiB). */
export const DEFAULT_MAX_MESSAGE_LENGTH = limits.messageLength;

export const commandIdSchema = z.string().min(1).max(limits.idLength);
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

/** Every message a client may send. */
export const clientMessageSchema = z.discriminatedUnion('type', [commandMessageSchema]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

const seqSchema = z.number().int().nonnegative();

/** What a client gets on connect; then events follow with `seq` greater than this one. */
export const helloMessageSchema = z.object({
  type: z.literal('hello'),
  protocolVersion: z.number().int(),
  serverVersion: z.string(),
  seq: seqSchema,
  snapshot: protocolSnapshotSchema,
});
export type HelloMessage = z.infer<typeof helloMessageSchema>;

/**
 * The answer to one command. `id` is `null` when the host could not read the command's id (the
 * message was too large, not JSON, or not a command): the client still learns what went wrong.
 */
export const replyMessageSchema = z.discriminatedUnion('ok', [
  z.object({ type: z.literal('reply'), id: z.string().nullable(), ok: z.literal(true), result: z.unknown() }),
  z.object({ type: z.literal('reply'), id: z.string().nullable(), ok: z.literal(false), error: errorDataSchema }),
]);
export type ReplyMessage = z.infer<typeof replyMessageSchema>;

type TopicEventSchema<Topic extends TopicName> = z.ZodObject<{
  type: z.ZodLiteral<'event'>;
  seq: typeof seqSchema;
  topic: z.ZodLiteral<Topic>;
  data: (typeof protocolTopics)[Topic];
}>;

function topicEvent<Topic extends TopicName>(topic: Topic): TopicEventSchema<Topic> {
  return z.object({ type: z.literal('event'), seq: seqSchema, topic: z.literal(topic), data: protocolTopics[topic] });
}

/** One event: its topic names the schema of its `data` (core/src/protocol/topics.ts). */
export const eventMessageSchema = z.discriminatedUnion('topic', [
  topicEvent('board.changed'),
  topicEvent('run.updated'),
  topicEvent('run.agent.event'),
  topicEvent('settings.changed'),
  topicEvent('secrets.changed'),
  topicEvent('devServer.updated'),
]);
export type EventMessage = z.infer<typeof eventMessageSchema>;
/** The event of one topic. */
export type TopicEvent<Topic extends TopicName> = Extract<EventMessage, { topic: Topic }>;

export const eventBatchMessageSchema = z.object({ type: z.literal('event.batch'), events: z.array(eventMessageSchema) });
export type EventBatchMessage = z.infer<typeof eventBatchMessageSchema>;

/** Every message the host sends. */
export const serverMessageSchema = z.union([helloMessageSchema, replyMessageSchema, eventMessageSchema, eventBatchMessageSchema]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;

/**
 * The envelope of what the host sends, payloads not yet checked. A client checks the envelope with
 * this, then each payload with its own schema (`protocolSnapshotSchema`, `protocolTopics[topic]`,
 * `protocolCommands[name].result`), so one payload it cannot read does not cost it the others and
 * it can say which one it could not read.
 */
export const rawEventMessageSchema = z.object({ type: z.literal('event'), seq: seqSchema, topic: z.string(), data: z.unknown() });
export type RawEventMessage = z.infer<typeof rawEventMessageSchema>;
export const serverEnvelopeSchema = z.union([
  helloMessageSchema.extend({ snapshot: z.unknown() }),
  replyMessageSchema,
  rawEventMessageSchema,
  z.object({ type: z.literal('event.batch'), events: z.array(rawEventMessageSchema) }),
]);
export type ServerEnvelope = z.infer<typeof serverEnvelopeSchema>;

/** `snapshot.get`'s result with the snapshot not yet checked (read like `hello`'s). */
export const rawSnapshotResultSchema = z.object({ seq: seqSchema, snapshot: z.unknown() });

/** Parses and validates a message from the host, payloads included; throws on anything else. */
export function parseServerMessage(text: string): ServerMessage {
  return serverMessageSchema.parse(JSON.parse(text));
}
