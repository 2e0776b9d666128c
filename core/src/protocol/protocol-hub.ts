import type { CommandName } from './commands.js';
import { CommandRegistry, implementCommand, type AnyCommandHandler } from './command-handler.js';
import { DEFAULT_MAX_MESSAGE_LENGTH, PROTOCOL_VERSION, type EventMessage, type ServerMessage } from './messages.js';
import type { ProtocolSnapshot, SnapshotResult } from './snapshot.js';
import { protocolTopics, type TopicData, type TopicName } from './topics.js';
import { ProtocolError } from './protocol-errors.js';
import { validationErrorFrom } from '../errors.js';
import { ProtocolSession, type SessionTransport } from './protocol-session.js';
import { timerScheduler, type ProtocolScheduler } from './scheduler.js';
import { safeParseOnce } from './checked-once.js';

/**
 * One hub per host: owns `seq`, the registered commands and the connected sessions. `publish`
 * checks the event against its topic's schema, gives it the next `seq` and sends it to every
 * session; events of batched topics wait
 * up to their window and go out together as one `event.batch`. Order is the order of `publish`:
 * an unbatched event first flushes whatever is waiting, so `seq` always increases on the wire.
 */

export const DEFAULT_BATCH_WINDOW_MS = 30;

/** The built-in heartbeat command; its result is `{ seq }` (the last event's seq). */
export const PING_COMMAND = 'host.ping' satisfies CommandName;

export interface ProtocolHubOptions {
  serverVersion: string;
  /** The state a client starts from (read on connect and by `snapshot.get`). */
  snapshot: () => ProtocolSnapshot;
  commands?: Iterable<AnyCommandHandler>;
  /**
   * Topics to batch, each with its window in milliseconds (`true` = 30 ms), e.g. the agents'
   * token streams (`run.agent.event`).
   */
  batchedTopics?: Partial<Record<TopicName, number | true>>;
  scheduler?: ProtocolScheduler;
  /** Largest incoming message, in characters of JSON text (default 1 MiB). */
  maxMessageLength?: number;
  /** The seq to continue from (default 0: the first event has seq 1). */
  initialSeq?: number;
  /**
   * The last pass over everything that leaves the host (secret redaction): `events` may turn one
   * published event into none or several (a text stream holds back what could be part of a key);
   * `message` sees every message before a transport does.
   */
  outgoing?: OutgoingFilter;
}

export interface OutgoingFilter {
  events(topic: string, data: unknown): unknown[];
  message(message: ServerMessage): ServerMessage;
}

export class ProtocolHub {
  readonly commands: CommandRegistry;
  private currentSeq: number;
  private readonly sessions = new Set<ProtocolSession>();
  private pending: EventMessage[] = [];
  private cancelFlush: (() => void) | undefined;
  private scheduledWindow = Number.POSITIVE_INFINITY;
  private sessionCounter = 0;
  private closed = false;
  private readonly options: ProtocolHubOptions;
  private readonly scheduler: ProtocolScheduler;

  constructor(options: ProtocolHubOptions) {
    this.options = options;
    this.scheduler = options.scheduler ?? timerScheduler;
    this.currentSeq = options.initialSeq ?? 0;
    this.commands = new CommandRegistry(options.commands ?? []);
    if (this.commands.get('snapshot.get') === undefined) this.commands.register(this.snapshotCommand());
    if (this.commands.get(PING_COMMAND) === undefined) this.commands.register(this.pingCommand());
  }

  /** The seq of the last event published. */
  get seq(): number {
    return this.currentSeq;
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  /**
   * Publishes one event of a protocol topic to every connected session, after checking `data`
   * against the topic's schema; returns its seq (the latest seq when the filter held it back).
   */
  publish<Topic extends TopicName>(topic: Topic, data: TopicData<Topic>): number {
    if (this.closed) throw new Error('The protocol hub is closed');
    const checked = safeParseOnce(protocolTopics[topic], data);
    if (!checked.success) {
      const invalid = validationErrorFrom(`"${topic}" event`, checked.error);
      throw new ProtocolError('invalid_event', invalid.message, { details: { topic, issues: invalid.issues } });
    }
    const outgoing = this.options.outgoing;
    if (outgoing === undefined) return this.publishOne(topic, data);
    for (const item of outgoing.events(topic, data)) this.publishOne(topic, item);
    return this.currentSeq;
  }

  private publishOne(topic: TopicName, data: unknown): number {
    this.currentSeq += 1;
    const event = { type: 'event', seq: this.currentSeq, topic, data } as EventMessage;
    const windowMs = this.batchWindowOf(topic);
    if (windowMs === undefined) {
      this.flush();
      this.broadcast(event);
    } else {
      this.pending.push(event);
      this.scheduleFlush(windowMs);
    }
    return event.seq;
  }

  /** Sends waiting batched events now. */
  flush(): void {
    this.cancelFlush?.();
    this.cancelFlush = undefined;
    this.scheduledWindow = Number.POSITIVE_INFINITY;
    if (this.pending.length === 0) return;
    const events = this.pending;
    this.pending = [];
    for (const session of this.sessions) session.send({ type: 'event.batch', events });
  }

  /** Connects a client: it gets `hello` with the current seq and snapshot, then events. */
  connect(transport: SessionTransport): ProtocolSession {
    if (this.closed) throw new Error('The protocol hub is closed');
    this.flush();
    this.sessionCounter += 1;
    const session = new ProtocolSession({
      id: `session_${this.sessionCounter}`,
      transport,
      commands: this.commands,
      maxMessageLength: this.options.maxMessageLength ?? DEFAULT_MAX_MESSAGE_LENGTH,
      snapshot: () => this.snapshotNow(),
      onClose: (closedSession) => this.sessions.delete(closedSession),
      ...(this.options.outgoing === undefined ? {} : { outgoing: this.options.outgoing }),
    });
    this.sessions.add(session);
    const { seq, snapshot } = this.snapshotNow();
    session.send({ type: 'hello', protocolVersion: PROTOCOL_VERSION, serverVersion: this.options.serverVersion, seq, snapshot });
    return session;
  }

  /** Flushes, then closes every session; later publishes throw. */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    for (const session of [...this.sessions]) session.close();
  }

  private snapshotNow(): SnapshotResult {
    return { seq: this.currentSeq, snapshot: this.options.snapshot() };
  }

  private broadcast(event: EventMessage): void {
    for (const session of this.sessions) session.send(event);
  }

  private scheduleFlush(windowMs: number): void {
    if (this.cancelFlush !== undefined && windowMs >= this.scheduledWindow) return;
    this.cancelFlush?.();
    this.scheduledWindow = windowMs;
    this.cancelFlush = this.scheduler.schedule(() => {
      this.cancelFlush = undefined;
      this.flush();
    }, windowMs);
  }

  private batchWindowOf(topic: TopicName): number | undefined {
    const windowMs = this.options.batchedTopics?.[topic];
    if (windowMs === undefined) return undefined;
    return windowMs === true ? DEFAULT_BATCH_WINDOW_MS : windowMs;
  }

  /** The heartbeat: clients ask every few seconds and call the host dead after a few unanswered. */
  private pingCommand() {
    return implementCommand(PING_COMMAND, () => ({ seq: this.currentSeq }));
  }

  private snapshotCommand() {
    return implementCommand('snapshot.get', (_args, context) => context.snapshot());
  }
}
