import { toErrorData, validationErrorFrom, type KanbotsError } from '../errors.js';
import type { CommandContext, CommandRegistry } from './command-handler.js';
import { protocolCommands } from './commands.js';
import { clientMessageSchema, commandIdSchema, type ReplyMessage, type ServerMessage } from './messages.js';
import { ProtocolError } from './protocol-errors.js';
import { safeParseOnce } from './checked-once.js';

/**
 * One client connection, transport-neutral: it takes raw incoming text (or an already-parsed
 * value, as Neutralino delivers it), validates it, runs the registered command and replies. A
 * message that is too large, not JSON, not a valid command, names an unknown command or carries
 * bad arguments gets an error reply (with its `id` when one could be read) and changes nothing.
 */

export interface SessionTransport {
  /** Delivers one message to the client (the transport serialises it). */
  send(message: ServerMessage): void;
  /** Ends the connection (called once when the session closes, e.g. when the hub shuts down). */
  close?(): void;
}

export interface ProtocolSessionOptions {
  id: string;
  transport: SessionTransport;
  commands: CommandRegistry;
  maxMessageLength: number;
  snapshot: CommandContext['snapshot'];
  /** Called when the session is closed, so the hub forgets it. */
  onClose: (session: ProtocolSession) => void;
  /** The last pass over every message sent (the hub's secret redaction). */
  outgoing?: { message(message: ServerMessage): ServerMessage };
}

export class ProtocolSession {
  readonly id: string;
  private closed = false;
  private readonly options: ProtocolSessionOptions;

  constructor(options: ProtocolSessionOptions) {
    this.id = options.id;
    this.options = options;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Handles one incoming text frame. Resolves when its reply was sent. */
  async receiveText(text: string): Promise<void> {
    if (text.length > this.options.maxMessageLength) {
      this.replyError(readIdCheaply(text), new ProtocolError('message_too_large', `The message is ${text.length} characters long; the limit is ${this.options.maxMessageLength}`, { details: { length: text.length, limit: this.options.maxMessageLength } }));
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      this.replyError(readIdCheaply(text), new ProtocolError('malformed_json', 'The message is not valid JSON.'));
      return;
    }
    await this.receiveValue(value, text.length);
  }

  /**
   * Handles one message that arrived already parsed. `length` is the size of its JSON text when
   * the transport knows it; otherwise it is measured here.
   */
  async receiveValue(value: unknown, length?: number): Promise<void> {
    const id = readId(value);
    const size = length ?? measure(value);
    if (size > this.options.maxMessageLength) {
      this.replyError(id, new ProtocolError('message_too_large', `The message is ${size} characters long; the limit is ${this.options.maxMessageLength}`, { details: { length: size, limit: this.options.maxMessageLength } }));
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.replyError(id, new ProtocolError('invalid_message', 'A message must be a JSON object'));
      return;
    }
    const envelope = clientMessageSchema.safeParse(value);
    if (!envelope.success) {
      const invalid = validationErrorFrom('message', envelope.error);
      this.replyError(id, new ProtocolError('invalid_message', invalid.message, { details: { issues: invalid.issues } }));
      return;
    }
    const message = envelope.data;
    const handler = this.options.commands.get(message.name);
    if (handler === undefined) {
      this.replyError(message.id, new ProtocolError('unknown_command', `Unknown command "${message.name}"`, { details: { name: message.name, known: this.options.commands.names() } }));
      return;
    }
    const args = handler.args.safeParse(message.args === undefined ? {} : message.args);
    if (!args.success) {
      this.replyError(message.id, validationErrorFrom(`arguments of "${message.name}"`, args.error));
      return;
    }
    let result: unknown;
    try {
      result = await handler.handle(args.data, { sessionId: this.id, snapshot: this.options.snapshot });
    } catch (error) {
      this.replyError(message.id, error);
      return;
    }
    // The reply is held to the protocol's result schema too: a host that drifts from the contract
    // fails loudly here instead of in a client that silently drops what it cannot read.
    const checked = safeParseOnce(protocolCommands[handler.name].result, result);
    if (!checked.success) {
      const invalid = validationErrorFrom(`result of "${message.name}"`, checked.error);
      this.replyError(message.id, new ProtocolError('invalid_result', invalid.message, { details: { issues: invalid.issues } }));
      return;
    }
    this.send({ type: 'reply', id: message.id, ok: true, result });
  }

  /**
   * The one place a message leaves the host for this client (replies, hello, events): sends it
   * unless the session is closed; a transport failure closes the session.
   */
  send(message: ServerMessage): void {
    if (this.closed) return;
    try {
      this.options.transport.send(this.options.outgoing?.message(message) ?? message);
    } catch {
      this.close();
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.options.onClose(this);
    try {
      this.options.transport.close?.();
    } catch {
      // the connection is already gone
    }
  }

  private replyError(id: string | null, error: KanbotsError | unknown): void {
    const reply: ReplyMessage = { type: 'reply', id, ok: false, error: toErrorData(error) };
    this.send(reply);
  }
}

function readId(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const parsed = commandIdSchema.safeParse((value as { id?: unknown }).id);
  return parsed.success ? parsed.data : null;
}

/** Reads `"id": "..."` near the start of a text we will not parse (too large or malformed). */
function readIdCheaply(text: string): string | null {
  const match = /"id"\s*:\s*"([^"\\]{1,200})"/.exec(text.slice(0, 4096));
  return match?.[1] ?? null;
}

function measure(value: unknown): number {
  try {
    return JSON.stringify(value)?.length ?? 0;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
