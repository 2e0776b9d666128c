import type { Board } from '@kanbots/core/model';
import { DEFAULT_HEARTBEAT, createHeartbeat, type Heartbeat } from './heartbeat.js';
import { HostRequestError } from './host-request-error.js';
import {
  PROTOCOL_VERSION,
  incomingMessageSchema,
  snapshotExtras,
  snapshotResultSchema,
  type CommandMessage,
  type EventMessage,
  type HostSnapshot,
} from './protocol-messages.js';
import { DEFAULT_BACKOFF, backoffDelay, type BackoffOptions } from './reconnect-backoff.js';
import type { CloseCause, Transport } from './transport.js';
import { PING_COMMAND } from '@kanbots/core/protocol';

/** `unauthorized`: the host is there but refuses this tab's token (it keeps retrying). */
export type ConnectionState = 'connecting' | 'online' | 'reconnecting' | 'offline' | 'unauthorized';

export interface HostConnectionListener {
  /** A full board from the host: the `hello` after (re)connecting, or a resync after a seq gap. */
  snapshot?(snapshot: HostSnapshot, reason: 'hello' | 'resync'): void;
  /** Events in seq order, without gaps or repeats. */
  event?(event: EventMessage): void;
  state?(state: ConnectionState): void;
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
  resolve(result: unknown): void;
  reject(error: HostRequestError): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * The UI's link to the host: request/reply correlation by id with timeouts, connection state,
 * automatic reconnect with capped backoff, and event ordering by `seq` (a gap triggers a
 * `snapshot.get` resync; events arriving meanwhile are held and replayed after it). A heartbeat
 * notices a host that stopped answering although the channel looks open (always so over
 * Neutralino): the state goes `offline`, a WebSocket is reopened, and the first answer resyncs.
 */
export class HostConnection {
  private currentState: ConnectionState = 'connecting';
  private readonly listeners = new Set<HostConnectionListener>();
  private readonly inFlight = new Map<string, InFlight>();
  private nextRequestNumber = 1;
  private lastSeq: number | undefined;
  private resyncing = false;
  private heldEvents: EventMessage[] = [];
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
      ping: (timeoutMs) => this.request(PING_COMMAND, {}, timeoutMs),
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

  /** Sends a command and resolves with its result; rejects with a `HostRequestError`. */
  request(name: string, args: Record<string, unknown> = {}, timeoutMs = this.requestTimeoutMs): Promise<unknown> {
    if ((this.currentState !== 'online' || this.hostUnresponsive) && !(this.channelOpen && (name === 'snapshot.get' || name === PING_COMMAND))) {
      return Promise.reject(HostRequestError.local('offline', 'Not connected to the host'));
    }
    const id = `c${this.nextRequestNumber++}`;
    const message: CommandMessage = { type: 'command', id, name, args };
    return new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.inFlight.delete(id);
        reject(HostRequestError.local('timeout', `The host did not answer "${name}" in time`));
      }, timeoutMs);
      this.inFlight.set(id, { resolve, reject, timer });
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
    const parsed = incomingMessageSchema.safeParse(raw);
    if (!parsed.success) return;
    const message = parsed.data;
    switch (message.type) {
      case 'hello':
        if (message.protocolVersion !== PROTOCOL_VERSION) return;
        this.acceptSnapshot({ seq: message.seq, board: message.snapshot.board as Board, ...snapshotExtras(message.snapshot) }, 'hello');
        return;
      case 'reply': {
        if (message.id === undefined) return;
        const pending = this.inFlight.get(message.id);
        if (!pending) return;
        this.inFlight.delete(message.id);
        clearTimeout(pending.timer);
        if (message.ok) pending.resolve(message.result);
        else pending.reject(new HostRequestError(message.error));
        return;
      }
      case 'event':
        this.receivedEvent(message);
        return;
      case 'event.batch':
        for (const event of message.events) this.receivedEvent(event);
        return;
    }
  }

  private receivedEvent(event: EventMessage): void {
    if (this.lastSeq === undefined || this.resyncing) {
      this.heldEvents.push(event);
      return;
    }
    if (event.seq <= this.lastSeq) return;
    if (event.seq > this.lastSeq + 1) {
      this.heldEvents.push(event);
      void this.askForSnapshot('resync');
      return;
    }
    this.lastSeq = event.seq;
    for (const listener of this.listeners) listener.event?.(event);
  }

  private async askForSnapshot(reason: 'hello' | 'resync'): Promise<void> {
    if (this.resyncing || !this.channelOpen) return;
    this.resyncing = true;
    try {
      const result = snapshotResultSchema.parse(await this.request('snapshot.get'));
      this.resyncing = false;
      this.acceptSnapshot({ seq: result.seq, board: result.snapshot.board as Board, ...snapshotExtras(result.snapshot) }, reason);
    } catch {
      this.resyncing = false;
      // The connection dropped or the host misbehaved: a reconnect brings a fresh hello.
    }
  }

  private acceptSnapshot(snapshot: HostSnapshot, reason: 'hello' | 'resync'): void {
    clearTimeout(this.helloTimer);
    this.hostUnresponsive = false;
    this.lastSeq = snapshot.seq;
    this.failedAttempts = 0;
    this.setState('online');
    for (const listener of this.listeners) listener.snapshot?.(snapshot, reason);
    const held = this.heldEvents.sort((a, b) => a.seq - b.seq);
    this.heldEvents = [];
    for (const event of held) this.receivedEvent(event);
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
