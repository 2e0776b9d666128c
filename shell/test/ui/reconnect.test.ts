import { createRoot } from 'solid-js';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppState, type AppState } from '../../src/ui/state/app-state.js';
import type { ConnectionState } from '../../src/ui/transport/host-connection.js';
import { WebSocketTransport } from '../../src/ui/transport/websocket-transport.js';
import { ProtocolPeer, nodeSocketFactory, testBoard, testCard, until } from './protocol-peer.js';

describe('reconnecting to the host', () => {
  let peer: ProtocolPeer;
  let app: AppState;
  let dispose: () => void = () => {};
  const states: ConnectionState[] = [];

  afterEach(async () => {
    app?.stop();
    dispose();
    await peer?.stop();
    states.length = 0;
  });

  async function connect(): Promise<void> {
    peer = new ProtocolPeer(testBoard([testCard('a', 'backlog', 0, 'Alpha')]));
    await peer.start();
    createRoot((disposeRoot) => {
      dispose = disposeRoot;
      app = createAppState(new WebSocketTransport(peer.url, nodeSocketFactory), {
        useBoardCache: false,
        connection: { backoff: { initialMs: 20, maximumMs: 80, attemptsBeforeOffline: 2 }, requestTimeoutMs: 2_000 },
      });
    });
    await app.start();
    await until(() => app.connectionState() === 'online');
  }

  const record = (): void => void states.push(app.connectionState());

  it('reconnects after the socket drops and takes the new hello’s board', async () => {
    await connect();
    peer.board = testBoard([testCard('a', 'backlog', 0, 'Alpha'), testCard('z', 'done', 0, 'Done elsewhere')], 7);
    peer.seq = 30;
    peer.dropConnection();
    await until(() => app.connectionState() === 'reconnecting');
    record();
    await until(() => peer.connections === 2 && app.connectionState() === 'online');
    record();
    expect(states).toEqual(['reconnecting', 'online']);
    expect(app.board.board()?.revision).toBe(7);
    expect(app.board.card('z')?.title).toBe('Done elsewhere');
  });

  it('rolls back a command whose connection dropped before the answer', async () => {
    await connect();
    app.intents.moveCard('a', 'done', 0);
    await peer.waitForCommands(1);
    expect(app.board.card('a')?.columnId).toBe('done');
    peer.dropConnection();
    await until(() => app.board.pendingCount() === 0);
    expect(app.board.card('a')?.columnId).toBe('backlog');
    expect(app.toasts.toasts()[0]?.message).toMatch(/^Could not move the card: The connection to the host was lost/);
  });

  it('reports offline after repeated failures, keeps a card typed meanwhile, and sends it when the host is back', async () => {
    await connect();
    const port = Number(new URL(peer.url).port);
    await peer.stop();
    await until(() => app.connectionState() === 'offline');
    app.intents.createCard('backlog', 'While offline');
    await until(() => app.toasts.toasts().length === 1);
    expect(app.toasts.toasts()[0]?.message).toBe('Not connected: the card is kept on this device and is added when the host is back.');
    expect(app.board.cardsByColumn().get('backlog')?.map((card) => card.title)).toEqual(['Alpha', 'While offline']);
    expect(app.board.waitingCount()).toBe(1);
    const before = peer.commands.length;
    await peer.start(port);
    await until(() => app.connectionState() === 'online');
    const sent = () => peer.commands.slice(before).filter((command) => command.name !== 'host.ping');
    await until(() => sent().length === 1);
    expect(sent().map((command) => [command.name, command.args['title']])).toEqual([['card.create', 'While offline']]);
  });
});
