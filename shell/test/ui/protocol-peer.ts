import type { Board, BoardChange, Card } from '@kanbots/core/model';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { WebSocket, WebSocketServer as WebSocketServerType } from 'ws';
import type { WebSocketLike } from '../../src/ui/transport/websocket-transport.js';

/**
 * A real WebSocket peer on 127.0.0.1 that speaks the host side of the protocol, scripted by the
 * test: it sends `hello`, records commands, and lets the test answer them and emit events. Used
 * to drive the UI's client through the same socket API a browser uses.
 */

// The UI tests run with the `browser` export condition, which maps `ws` to its browser stub;
// load its Node build by path.
const requireFromHere = createRequire(import.meta.url);
const wsNodeEntry = join(dirname(requireFromHere.resolve('ws/package.json')), 'index.js');
const { WebSocketServer, WebSocket: NodeWebSocket } = requireFromHere(wsNodeEntry) as typeof import('ws');

export interface ReceivedCommand {
  id: string;
  name: string;
  args: Record<string, unknown>;
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
  /** Keys sent in `hello.snapshot` next to the board (e.g. `runs`, `statecharts`). */
  snapshotExtras: Record<string, unknown> = {};

  constructor(board: Board) {
    this.board = board;
  }

  async start(port = 0): Promise<number> {
    const server = new WebSocketServer({ host: '127.0.0.1', port });
    this.server = server;
    server.on('connection', (socket) => {
      this.connections += 1;
      this.socket = socket;
      socket.send(JSON.stringify({ type: 'hello', protocolVersion: 1, serverVersion: 'test', seq: this.seq, snapshot: { ...this.snapshotExtras, board: this.board } }));
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as { id: string; name: string; args: Record<string, unknown> };
        this.commands.push({ id: message.id, name: message.name, args: message.args });
        this.notify();
      });
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

  replyOk(id: string, result: unknown): void {
    this.send({ type: 'reply', id, ok: true, result });
  }

  replyError(id: string, code: string, message: string): void {
    this.send({ type: 'reply', id, ok: false, error: { name: 'ConflictError', code, message, retryable: false } });
  }

  /** Emits an event with the next seq (or an explicit one, to make a gap). */
  emit(topic: string, data: unknown, seq = this.seq + 1): void {
    this.seq = seq;
    this.send({ type: 'event', seq, topic, data });
  }

  send(message: object): void {
    this.socket?.send(JSON.stringify(message));
  }

  /** Drops the current connection (the client should reconnect). */
  dropConnection(): void {
    this.socket?.terminate();
  }

  async stop(): Promise<void> {
    for (const client of this.server?.clients ?? []) client.terminate();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
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
    createdAt: 1,
    updatedAt: 1,
  };
}

export function change(revision: number, command: BoardChange['command'], upsertedCards: Card[], extra: Partial<BoardChange> = {}): BoardChange {
  return { type: 'board.changed', revision, command, upsertedCards, removedCardIds: [], ...extra };
}

/** Waits until `check` returns true (polling; the test's own timeout bounds it). */
export async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
}
