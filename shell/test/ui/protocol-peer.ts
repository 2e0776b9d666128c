import type { Board, BoardChange, Card } from '@kanbots/core/model';
import {
  commandMessageSchema,
  errorDataSchema,
  eventMessageSchema,
  helloMessageSchema,
  isCommandName,
  protocolCommands,
  type CommandName,
  type ErrorData,
  type ProtocolSnapshot,
  type TopicData,
  type TopicName,
} from '@kanbots/core/protocol';
import { builtInWorkflows, describeWorkflow } from '@kanbots/core/workflows';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { WebSocket, WebSocketServer as WebSocketServerType } from 'ws';
import type { WebSocketLike } from '../../src/ui/transport/websocket-transport.js';

/**
 * A real WebSocket peer on 127.0.0.1 that speaks the host side of the protocol, scripted by the
 * test: it sends `hello`, records commands, and lets the test answer them and emit events. Used
 * to drive the UI's client through the same socket API a browser uses.
 *
 * It is held to the real host's contract: every command the UI sends is checked with the schemas
 * the host's session uses (envelope, then the command's args), and everything the test makes it
 * send (hello, replies, events) is checked with the protocol's schemas before it goes out. A UI
 * message the host would refuse is answered with the host's error and recorded in `violations`;
 * `stop()` fails the test when there are any. A test that scripts something the host never sends
 * throws at once.
 */

// The UI tests run with the `browser` export condition, which maps `ws` to its browser stub;
// load its Node build by path.
const requireFromHere = createRequire(import.meta.url);
const wsNodeEntry = join(dirname(requireFromHere.resolve('ws/package.json')), 'index.js');
const { WebSocketServer, WebSocket: NodeWebSocket } = requireFromHere(wsNodeEntry) as typeof import('ws');

export interface ReceivedCommand {
  id: string;
  name: CommandName;
  args: Record<string, unknown>;
}

/** Throws when `value` does not fit `schema`, naming what was wrong. */
function check(what: string, schema: { safeParse(value: unknown): { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } } }, value: unknown): void {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = result.error!.issues.map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`).join('; ');
    throw new Error(`The test peer was asked to send ${what} the real host never sends: ${issues}`);
  }
}

export class ProtocolPeer {
  readonly commands: ReceivedCommand[] = [];
  connections = 0;
  private server: WebSocketServerType | undefined;
  private socket: WebSocket | undefined;
  private waiters: Array<() => void> = [];
  seq = 0;
  /** The board sent in `hello`; tests may replace it between connections. */
  board: Board;
  /** Sent in `hello.snapshot` next to the board (default: no runs, no statecharts). */
  snapshotExtras: Partial<Omit<ProtocolSnapshot, 'board'>> = {};
  /** Messages from the UI that the real host would have refused, with why. */
  readonly violations: string[] = [];

  constructor(board: Board) {
    this.board = board;
  }

  async start(port = 0): Promise<number> {
    const server = new WebSocketServer({ host: '127.0.0.1', port });
    this.server = server;
    server.on('connection', (socket) => {
      this.connections += 1;
      this.socket = socket;
      this.send({ type: 'hello', protocolVersion: 1, serverVersion: 'test', seq: this.seq, snapshot: this.snapshot() });
      socket.on('message', (data) => this.received(String(data)));
    });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    return (server.address() as { port: number }).port;
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.server!.address() as { port: number }).port}/ws?token=test`;
  }

  /** Resolves once `count` commands have been received in total. */
  async waitForCommands(count: number): Promise<ReceivedCommand[]> {
    while (this.commands.length < count) await new Promise<void>((resolve) => this.waiters.push(resolve));
    return this.commands;
  }

  async waitForConnections(count: number): Promise<void> {
    while (this.connections < count) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  /** The snapshot `hello` and `snapshot.get` carry. */
  snapshot(): ProtocolSnapshot {
    // The built-in workflows, as a host without workflows of its own lists them.
    return { runs: [], statecharts: {}, workflows: builtInWorkflows.map(describeWorkflow), ...this.snapshotExtras, board: this.board };
  }

  /** Answers a received command with its result, which must fit the command's result schema. */
  replyOk(id: string, result: unknown): void {
    const command = this.commands.find((candidate) => candidate.id === id);
    if (command === undefined) throw new Error(`The test peer got no command with id ${id}`);
    check(`a result of "${command.name}"`, protocolCommands[command.name].result, result);
    this.send({ type: 'reply', id, ok: true, result });
  }

  replyError(id: string | null, code: string, message: string, name = 'ConflictError'): void {
    this.send({ type: 'reply', id, ok: false, error: { name, code, message, retryable: false } });
  }

  /** Emits an event with the next seq (or an explicit one, to make a gap); `data` must fit the topic's schema. */
  emit<Topic extends TopicName>(topic: Topic, data: TopicData<Topic>, seq = this.seq + 1): void {
    this.seq = seq;
    this.send({ type: 'event', seq, topic, data });
  }

  /** Sends one message, checked against the protocol's schema of what the host sends. */
  send(message: { type: string; [key: string]: unknown }): void {
    if (message.type === 'hello') check('a hello', helloMessageSchema, message);
    else if (message.type === 'event') check('an event', eventMessageSchema, message);
    else if (message.type === 'event.batch') for (const event of message['events'] as unknown[]) check('an event', eventMessageSchema, event);
    else if (message.type === 'reply' && message['ok'] === false) check('an error', errorDataSchema, message['error']);
    this.socket?.send(JSON.stringify(message));
  }

  /** Sends a text frame as it is, unchecked: for tests of what the UI does with a message no host sends. */
  sendUnchecked(message: unknown): void {
    this.socket?.send(JSON.stringify(message));
  }

  /** Checks a UI message like the host's session does; refuses what the host would refuse. */
  private received(text: string): void {
    const refuse = (id: string | null, error: ErrorData): void => {
      this.violations.push(`${error.code}: ${error.message}`);
      this.sendUnchecked({ type: 'reply', id, ok: false, error });
    };
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return refuse(null, { name: 'ProtocolError', code: 'malformed_json', message: 'The message is not valid JSON.', retryable: false });
    }
    const envelope = commandMessageSchema.safeParse(value);
    if (!envelope.success) return refuse(null, { name: 'ProtocolError', code: 'invalid_message', message: envelope.error.message, retryable: false });
    const { id, name } = envelope.data;
    if (!isCommandName(name)) return refuse(id, { name: 'ProtocolError', code: 'unknown_command', message: `Unknown command "${name}"`, retryable: false });
    const args = protocolCommands[name].args.safeParse(envelope.data.args ?? {});
    if (!args.success) {
      const issues = args.error.issues.map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`).join('; ');
      return refuse(id, { name: 'ValidationError', code: 'validation_failed', message: `Invalid arguments of "${name}": ${issues}`, retryable: false });
    }
    this.commands.push({ id, name, args: (envelope.data.args ?? {}) as Record<string, unknown> });
    this.notify();
  }

  /** Drops the current connection (the client should reconnect). */
  dropConnection(): void {
    this.socket?.terminate();
  }

  /** Stops the server; fails when the UI sent anything the real host would have refused. */
  async stop(): Promise<void> {
    for (const client of this.server?.clients ?? []) client.terminate();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
    if (this.violations.length > 0) throw new Error(`The UI sent messages the host refuses:\n${this.violations.join('\n')}`);
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }
}

/** Creates `ws` client sockets with the browser WebSocket's shape. */
export const nodeSocketFactory = (url: string): WebSocketLike => new NodeWebSocket(url) as unknown as WebSocketLike;

export function testCard(id: string, columnId: string, order: number, title = id): Card {
  return { id, title, description: '', labels: [], columnId, order, archived: false, createdAt: 1, updatedAt: 1 };
}

export function testBoard(cards: Card[], revision = 1): Board {
  return {
    id: 'board',
    name: 'Test board',
    revision,
    columns: [
      { id: 'backlog', name: 'Backlog', order: 0 },
      { id: 'doing', name: 'Doing', order: 1 },
      { id: 'done', name: 'Done', order: 2 },
    ],
    cards,
    projects: [],
    createdAt: 1,
    updatedAt: 1,
  };
}

export function change(revision: number, command: BoardChange['command'], upsertedCards: Card[], extra: Partial<BoardChange> = {}): BoardChange {
  return { type: 'board.changed', revision, command, upsertedCards, removedCardIds: [], ...extra };
}

/** Waits until `check` returns true (polling; the test's own timeout bounds it). */
/**
 * Waits until `check()` holds, re-checking every 5 ms; after `timeoutMs` it fails naming the
 * check and what `seen()` reports of the state it was waiting on.
 */
export async function until(check: () => boolean, seen: () => unknown = () => 'nothing reported', timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) {
      let report: string;
      try {
        report = JSON.stringify(seen()) ?? 'undefined';
      } catch (error) {
        report = `(could not be read: ${String(error)})`;
      }
      throw new Error(`Waited ${timeoutMs} ms for ${check.toString()}; saw ${report}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
