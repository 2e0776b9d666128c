import { createRoot } from 'solid-js';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppState, type AppState } from '../../src/ui/state/app-state.js';
import { WebSocketTransport } from '../../src/ui/transport/websocket-transport.js';
import { ProtocolPeer, change, nodeSocketFactory, testBoard, testCard, until } from './protocol-peer.js';

describe('optimistic board updates', () => {
  let peer: ProtocolPeer;
  let app: AppState;
  let dispose: () => void = () => {};

  afterEach(async () => {
    app?.stop();
    dispose();
    await peer?.stop();
  });

  async function connect(): Promise<void> {
    peer = new ProtocolPeer(testBoard([testCard('a', 'backlog', 0, 'Alpha'), testCard('b', 'backlog', 1, 'Beta')]));
    await peer.start();
    createRoot((disposeRoot) => {
      dispose = disposeRoot;
      app = createAppState(new WebSocketTransport(peer.url, nodeSocketFactory), { useBoardCache: false });
    });
    await app.start();
    await until(() => app.connectionState() === 'online');
  }

  const titlesIn = (columnId: string): string[] => (app.board.cardsByColumn().get(columnId) ?? []).map((card) => card.title);

  it('shows a move at once, before the host answers, and keeps it when the host confirms', async () => {
    await connect();
    app.intents.moveCard('a', 'doing', 0);
    expect(titlesIn('doing')).toEqual(['Alpha']);
    expect(titlesIn('backlog')).toEqual(['Beta']);
    const [command] = await peer.waitForCommands(1);
    expect(command).toMatchObject({ name: 'card.move', args: { cardId: 'a', columnId: 'doing', index: 0 } });
    const moved = { ...testCard('a', 'doing', 0, 'Alpha'), updatedAt: 5 };
    const result = change(2, 'card.move', [moved, { ...testCard('b', 'backlog', 0, 'Beta'), updatedAt: 5 }]);
    peer.replyOk(command!.id, result);
    peer.emit('board.changed', result);
    await until(() => app.board.pendingCount() === 0);
    expect(app.board.board()?.revision).toBe(2);
    expect(titlesIn('doing')).toEqual(['Alpha']);
    expect(app.board.card('a')?.updatedAt).toBe(5);
  });

  it('rolls a rejected command back and says so in a toast', async () => {
    await connect();
    app.intents.moveCard('b', 'done', 0);
    expect(titlesIn('done')).toEqual(['Beta']);
    const [command] = await peer.waitForCommands(1);
    peer.replyError(command!.id, 'conflict', 'The card is locked by a running workflow');
    await until(() => app.board.pendingCount() === 0);
    expect(titlesIn('done')).toEqual([]);
    expect(titlesIn('backlog')).toEqual(['Alpha', 'Beta']);
    expect(app.toasts.toasts().map((toast) => toast.message)).toEqual([
      'Could not move the card: The card is locked by a running workflow. The change was undone.',
    ]);
  });

  it('replaces an optimistic card with the host’s card, keeping the open panel on it', async () => {
    await connect();
    app.intents.createCard('doing', 'Write the docs');
    const temporary = app.board.cardsByColumn().get('doing')?.[0];
    expect(temporary?.title).toBe('Write the docs');
    app.view.openCard(temporary!.id);
    const [command] = await peer.waitForCommands(1);
    expect(command).toMatchObject({ name: 'card.create', args: { title: 'Write the docs', columnId: 'doing' } });
    const created = testCard('c-real', 'doing', 0, 'Write the docs');
    peer.replyOk(command!.id, change(2, 'card.create', [created], { createdId: 'c-real' }));
    await until(() => app.board.pendingCount() === 0);
    expect(app.board.cardsByColumn().get('doing')?.map((card) => card.id)).toEqual(['c-real']);
    expect(app.board.resolveId(temporary!.id)).toBe('c-real');
  });

  it('applies changes made by other clients and keeps pending ones on top', async () => {
    await connect();
    app.intents.moveCard('a', 'done', 0);
    await peer.waitForCommands(1);
    peer.emit('board.changed', change(2, 'card.create', [testCard('x', 'doing', 0, 'From elsewhere')], { createdId: 'x' }));
    await until(() => app.board.board()?.revision === 2 || titlesIn('doing').length === 1);
    expect(titlesIn('doing')).toEqual(['From elsewhere']);
    expect(titlesIn('done')).toEqual(['Alpha']);
    expect(app.board.pendingCount()).toBe(1);
  });
});
