import { createRoot } from 'solid-js';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppState, type AppState } from '../../src/ui/state/app-state.js';
import { WebSocketTransport } from '../../src/ui/transport/websocket-transport.js';
import { ProtocolPeer, change, nodeSocketFactory, testBoard, testCard, until } from './protocol-peer.js';

describe('event ordering by seq', () => {
  let peer: ProtocolPeer;
  let app: AppState;
  let dispose: () => void = () => {};

  afterEach(async () => {
    app?.stop();
    dispose();
    await peer?.stop();
  });

  async function connect(): Promise<void> {
    peer = new ProtocolPeer(testBoard([testCard('a', 'backlog', 0, 'Alpha')]));
    peer.seq = 5;
    await peer.start();
    createRoot((disposeRoot) => {
      dispose = disposeRoot;
      app = createAppState(new WebSocketTransport(peer.url, nodeSocketFactory), { useBoardCache: false });
    });
    await app.start();
    await until(() => app.connectionState() === 'online');
  }

  const ids = (columnId: string): string[] => (app.board.cardsByColumn().get(columnId) ?? []).map((card) => card.id);

  it('asks for a snapshot when a seq is skipped, replaces the board, then replays what came after', async () => {
    await connect();
    peer.emit('board.changed', change(2, 'card.create', [testCard('b', 'backlog', 1)]));
    await until(() => ids('backlog').length === 2);

    // seq 7 is lost: 8 arrives.
    peer.emit('board.changed', change(4, 'card.create', [testCard('d', 'backlog', 3)]), 8);
    const [resync] = await peer.waitForCommands(1);
    expect(resync).toMatchObject({ name: 'snapshot.get', args: {} });
    expect(ids('backlog')).toEqual(['a', 'b']);

    // An event that arrives while the snapshot is on its way is held, then applied in order.
    peer.emit('board.changed', change(5, 'card.create', [testCard('e', 'doing', 0)]), 9);
    const snapshotBoard = testBoard([testCard('a', 'backlog', 0), testCard('b', 'backlog', 1), testCard('c', 'backlog', 2), testCard('d', 'backlog', 3)], 4);
    peer.replyOk(resync!.id, { seq: 8, snapshot: { board: snapshotBoard, runs: [], statecharts: {} } });
    await until(() => ids('doing').length === 1);
    expect(ids('backlog')).toEqual(['a', 'b', 'c', 'd']);
    expect(ids('doing')).toEqual(['e']);
    expect(app.board.board()?.revision).toBe(5);
  });

  it('ignores an event it has already seen', async () => {
    await connect();
    peer.emit('board.changed', change(2, 'card.update', [{ ...testCard('a', 'backlog', 0), title: 'Renamed' }]));
    await until(() => app.board.card('a')?.title === 'Renamed');
    peer.emit('board.changed', change(2, 'card.update', [{ ...testCard('a', 'backlog', 0), title: 'Stale' }]), 6);
    peer.emit('board.changed', change(3, 'card.update', [{ ...testCard('a', 'backlog', 0), title: 'Latest' }]), 7);
    await until(() => app.board.card('a')?.title === 'Latest');
    expect(peer.commands).toEqual([]);
  });
});
