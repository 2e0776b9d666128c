import { DEFAULT_HEARTBEAT, createHeartbeat, type Heartbeat } from './heartbeat.js';
import {
  PING_COMMAND,
  PROTOCOL_VERSION,
  createSeqTracker,
  protocolCommands,
  rawSnapshotResultSchema,
  serverEnvelopeSchema,
  type CommandArgsOf,
  type CommandMessage,
  type CommandName,
  type CommandResultOf,
  type ErrorData,
  type RawEventMessage,
  type SeqTracker,
} from '@kanbots/core/protocol';
import { z } from 'zod';
import { describeProblem } from './describe-problem.js';
import { HostRequestError } from './host-request-error.js';
import { DEFAULT_BACKOFF, backoffDelay, type BackoffOptions } from './reconnect-backoff.js';
import type { CloseCause, Transport } from './transport.js';

/** `unauthorized`: the host is there but refuses this tab's token (it keeps retrying). */
export type ConnectionState = 'connecting' | 'online' | 'reconnecting' | 'offline' | 'unauthorized';

/** A snapshot as it arrived: its seq, and its payload still to be read by the stores. */
export interface ReceivedSnapshot {
  seq: number;
  snapshot: unknown;
}

export interface HostConnectionListener {
  /** The host's state: the `hello` after (re)connecting, or a resync after a seq gap. */
  snapshot?(snapshot: ReceivedSnapshot, reason: 'hello' | 'resync'): void;
  /** Events in seq order, without gaps or repeats; `data` is checked by whoever reads the topic. */
  event?(event: RawEventMessage): void;
  state?(state: ConnectionState): void;
  /**
   * An error reply the UI cannot match to a request (`id: null`: the host could not read which
   * command it answers), or a message from the host that is not a protocol message.
   */
  hostError?(error: ErrorData): void;
}

export interface HostConnectionOptions {
  requestTimeoutMs?: number;
  /** How long to wait for `hello` before asking with `snapshot.get` (Neutralino sends none). */
  helloTimeoutMs?: number;
  backoff?: Partial<BackoffOptions>;
  /** `host.ping` every `intervalMs`; `allowedMisses` unanswered in a row and the host is called dead. */
  heartbeat?: { intervalMs?: number; allowedMisses?: number };
}

interface InFlight {
  name: CommandName;
  /** What a successful reply's result must fit. */
  result: z.ZodType;
  resolve(result: unknown): void;
  reject(error: HostRequestError): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * The UI's link to the host: request/reply correlation by id with timeouts, connection state,
 * automatic reconnect with capped backoff, and event ordering by `seq` with core's seq tracker (a
 * gap triggers a `snapshot.get` resync; events arriving meanwhile are held and replayed after
 * it). Commands, their arguments and their results are the protocol's (`protocolCommands`): a
 * result that does not fit its schema is refused like an error reply. A heartbeat notices a host
 * that stopped answering although the channel looks open (always so over Neutralino): the state
 * goes `offline`, a WebSocket is reopened, and the first answer resyncs.
 */
export class HostConnection {
  private currentState: ConnectionState = 'connecting';
  private readonly listeners = new Set<HostConnectionListener>();
  private readonly inFlight = new Map<string, InFlight>();
  private nextRequestNumber = 1;
  private tracker: SeqTracker | undefined;
  private resyncing = false;
  private heldEvents: RawEventMessage[] = [];
  private failedAttempts = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private helloTimer: ReturnType<typeof setTimeout> | undefined;
  private channelOpen = false;
  private stopped = false;
  private readonly requestTimeoutMs: number;
  private readonly helloTimeoutMs: number;
  private readonly backoff: BackoffOptions;
  private readonly heartbeat: Heartbeat;
  private hostUnresponsive = false;

  constructor(
    private readonly transport: Transport,
    options: HostConnectionOptions = {},
  ) {
    this.requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
    this.helloTimeoutMs = options.helloTimeoutMs ?? 2_000;
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.heartbeat = createHeartbeat({
      intervalMs: options.heartbeat?.intervalMs ?? DEFAULT_HEARTBEAT.intervalMs,
      allowedMisses: options.heartbeat?.allowedMisses ?? DEFAULT_HEARTBEAT.allowedMisses,
      ping: (timeoutMs) =>
        this.request(PING_COMMAND, {}, timeoutMs).then((result) => {
          this.hostAnswersAgain();
          return result;
        }),
      dead: () => this.hostStoppedAnswering(),
      alive: () => this.hostAnswersAgain(),
    });
  }

  get state(): ConnectionState {
    return this.currentState;
  }

  get transportKind(): Transport['kind'] {
    return this.transport.kind;
  }

  subscribe(listener: HostConnectionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    this.stopped = false;
    this.openChannel();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.helloTimer);
    this.heartbeat.stop();
    this.transport.close();
    this.failInFlight('connection_lost', 'The connection was closed');
    this.setState('offline');
  }

  /** Sends a command and resolves with its result (checked); rejects with a `HostRequestError`. */
  request<Name extends CommandName>(name: Name, args: CommandArgsOf<Name>, timeoutMs = this.requestTimeoutMs): Promise<CommandResultOf<Name>> {
    if ((this.currentState !== 'online' || this.hostUnresponsive) && !(this.channelOpen && name === PING_COMMAND)) {
      return Promise.reject(HostRequestError.local('offline', 'Not connected to the host'));
    }
    return this.send(name, args, protocolCommands[name].result, timeoutMs) as Promise<CommandResultOf<Name>>;
  }

  private send(name: CommandName, args: unknown, result: z.ZodType, timeoutMs = this.requestTimeoutMs): Promise<unknown> {
    const id = `c${this.nextRequestNumber++}`;
    const message: CommandMessage = { type: 'command', id, name, args };
    return new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.inFlight.delete(id);
        reject(HostRequestError.local('timeout', `The host did not answer "${name}" in time`));
      }, timeoutMs);
      this.inFlight.set(id, { name, result, resolve, reject, timer });
      try {
        this.transport.send(message);
      } catch (error) {
        clearTimeout(timer);
        this.inFlight.delete(id);
        reject(HostRequestError.local('connection_lost', error instanceof Error ? error.message : String(error)));
      }
    });
  }

  private openChannel(): void {
    this.channelOpen = false;
    this.transport.open({
      onOpen: () => this.channelOpened(),
      onMessage: (message) => this.received(message),
      onClose: (reason, cause) => this.channelClosed(reason, cause),
    });
  }

  private channelOpened(): void {
    this.channelOpen = true;
    this.heartbeat.start();
    clearTimeout(this.helloTimer);
    this.helloTimer = setTimeout(() => void this.askForSnapshot('hello'), this.helloTimeoutMs);
  }

  private channelClosed(_reason: string, cause?: CloseCause): void {
    this.channelOpen = false;
    this.heartbeat.stop();
    this.hostUnresponsive = false;
    clearTimeout(this.helloTimer);
    this.failInFlight('connection_lost', 'The connection to the host was lost');
    this.resyncing = false;
    this.heldEvents = [];
    if (this.stopped) return;
    clearTimeout(this.reconnectTimer);
    if (cause === 'endpoint-changed') {
      this.failedAttempts = 0;
      this.setState('reconnecting');
      this.openChannel();
      return;
    }
    this.failedAttempts += 1;
    if (cause === 'unauthorized') this.setState('unauthorized');
    else this.setState(this.failedAttempts > this.backoff.attemptsBeforeOffline ? 'offline' : 'reconnecting');
    this.reconnectTimer = setTimeout(() => this.openChannel(), backoffDelay(this.backoff, this.failedAttempts - 1));
  }

  /** Someone who knows (the window's host supervisor) says the host is down: same as a dead heartbeat. */
  hostReportedDown(): void {
    if (this.stopped || !this.channelOpen || this.hostUnresponsive) return;
    this.hostStoppedAnswering();
  }

  private hostStoppedAnswering(): void {
    this.failInFlight('connection_lost', 'The host stopped answering');
    if (this.transport.kind === 'websocket') {
      // The socket looks open but nothing answers: drop it and reconnect, reported as offline.
      this.failedAttempts = Math.max(this.failedAttempts, this.backoff.attemptsBeforeOffline);
      this.channelClosed('the host stopped answering');
      return;
    }
    // Neutralino's channel stays up while the window's supervisor restarts the host: keep asking.
    this.hostUnresponsive = true;
    this.setState('offline');
  }

  private hostAnswersAgain(): void {
    if (!this.hostUnresponsive) return;
    this.hostUnresponsive = false;
    void this.askForSnapshot('resync');
  }

  private received(raw: unknown): void {
    const parsed = serverEnvelopeSchema.safeParse(raw);
    if (!parsed.success) {
      this.reportHostError({ name: 'ProtocolError', code: 'invalid_message', message: `The host sent a message the UI cannot read (${describeProblem(parsed.error)})`, retryable: false });
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'hello':
        if (message.protocolVersion !== PROTOCOL_VERSION) {
          this.reportHostError({ name: 'ProtocolError', code: 'protocol_version', message: `The host speaks protocol version ${message.protocolVersion}; this UI speaks ${PROTOCOL_VERSION}`, retryable: false });
          return;
        }
        this.acceptSnapshot({ seq: message.seq, snapshot: message.snapshot }, 'hello');
        return;
      case 'reply':
        this.receivedReply(message);
        return;
      case 'event':
        this.receivedEvent(message);
        return;
      case 'event.batch':
        for (const event of message.events) this.receivedEvent(event);
        return;
    }
  }

  private receivedReply(message: Extract<z.infer<typeof serverEnvelopeSchema>, { type: 'reply' }>): void {
    const pending = message.id === null ? undefined : this.inFlight.get(message.id);
    if (!pending) {
      if (!message.ok) this.reportHostError(message.error);
      return;
    }
    this.inFlight.delete(message.id!);
    clearTimeout(pending.timer);
    if (!message.ok) {
      pending.reject(new HostRequestError(message.error));
      return;
    }
    const result = pending.result.safeParse(message.result);
    if (result.success) pending.resolve(result.data);
    else pending.reject(HostRequestError.local('bad_reply', `The host's answer to "${pending.name}" could not be read (${describeProblem(result.error)})`));
  }

  private receivedEvent(event: RawEventMessage): void {
    const tracker = this.tracker;
    if (tracker === undefined || this.resyncing) {
      this.heldEvents.push(event);
      return;
    }
    const verdict = tracker.accept(event.seq);
    if (verdict === 'stale') return;
    if (verdict === 'gap') {
      this.heldEvents.push(event);
      void this.askForSnapshot('resync');
      return;
    }
    for (const listener of this.listeners) listener.event?.(event);
  }

  private async askForSnapshot(reason: 'hello' | 'resync'): Promise<void> {
    if (this.resyncing || !this.channelOpen) return;
    this.resyncing = true;
    try {
      const result = await this.requestSnapshot();
      this.resyncing = false;
      this.acceptSnapshot(result, reason);
    } catch {
      this.resyncing = false;
      // The connection dropped or the host misbehaved: a reconnect brings a fresh hello.
    }
  }

  /** `snapshot.get` with only its envelope checked here: the stores read the snapshot's parts. */
  private async requestSnapshot(): Promise<ReceivedSnapshot> {
    return (await this.send('snapshot.get', {}, rawSnapshotResultSchema)) as ReceivedSnapshot;
  }

  private acceptSnapshot(snapshot: ReceivedSnapshot, reason: 'hello' | 'resync'): void {
    clearTimeout(this.helloTimer);
    this.hostUnresponsive = false;
    this.tracker = createSeqTracker(snapshot.seq);
    this.failedAttempts = 0;
    this.setState('online');
    for (const listener of this.listeners) listener.snapshot?.(snapshot, reason);
    const held = this.heldEvents.sort((a, b) => a.seq - b.seq);
    this.heldEvents = [];
    for (const event of held) this.receivedEvent(event);
  }

  private reportHostError(error: ErrorData): void {
    for (const listener of this.listeners) listener.hostError?.(error);
  }

  private failInFlight(code: 'connection_lost', message: string): void {
    for (const [id, pending] of this.inFlight) {
      clearTimeout(pending.timer);
      pending.reject(HostRequestError.local(code, message));
      this.inFlight.delete(id);
    }
  }

  private setState(state: ConnectionState): void {
    if (this.currentState === state) return;
    this.currentState = state;
    for (const listener of this.listeners) listener.state?.(state);
  }
}

