import { createRoot } from 'solid-js';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppState, type AppState } from '../../src/ui/state/app-state.js';
import type { OfflineDraft, OfflineDrafts } from '../../src/ui/state/offline-drafts.js';
import { WebSocketTransport } from '../../src/ui/transport/websocket-transport.js';
import { ProtocolPeer, change, nodeSocketFactory, testBoard, testCard, until } from './protocol-peer.js';

/** The drafts' storage as IndexedDB would keep them between two sessions of the page (happy-dom has no IndexedDB). */
function memoryDrafts(): OfflineDrafts & { stored: OfflineDraft[] } {
  const drafts = {
    stored: [] as OfflineDraft[],
    load: async () => JSON.parse(JSON.stringify(drafts.stored)) as OfflineDraft[],
    save: async (list: readonly OfflineDraft[]) => {
      drafts.stored = JSON.parse(JSON.stringify(list)) as OfflineDraft[];
    },
  };
  return drafts;
}

/** The board commands the page sent (the heartbeat's pings left out). */
async function boardCommands(peer: ProtocolPeer, count: number) {
  const sent = () => peer.commands.filter((command) => command.name.startsWith('card.'));
  await until(() => sent().length >= count, () => peer.commands.map((command) => command.name));
  return sent();
}

describe('cards and edits made while the host cannot be reached', () => {
  let peer: ProtocolPeer;
  const apps: Array<{ app: AppState; dispose: () => void }> = [];

  afterEach(async () => {
    for (const { app, dispose } of apps.splice(0)) {
      app.stop();
      dispose();
    }
    await peer?.stop();
  });

  function open(drafts: OfflineDrafts): AppState {
    let app!: AppState;
    createRoot((dispose) => {
      app = createAppState(new WebSocketTransport(peer.url, nodeSocketFactory), {
        useBoardCache: false,
        offlineDrafts: drafts,
        connection: { backoff: { initialMs: 20, maximumMs: 80, attemptsBeforeOffline: 2 }, requestTimeoutMs: 2_000 },
      });
      apps.push({ app, dispose });
    });
    return app;
  }

  it('a card typed offline and then edited is kept through a reload and sent, then its edit, once the host answers', async () => {
    peer = new ProtocolPeer(testBoard([testCard('a', 'backlog', 0, 'Alpha')]));
    await peer.start();
    const port = Number(new URL(peer.url).port);
    const drafts = memoryDrafts();
    const first = open(drafts);
    await first.start();
    await until(() => first.connectionState() === 'online');
    await peer.stop();
    await until(() => first.connectionState() === 'offline');
    first.intents.createCard('backlog', 'Typed on the train');
    await until(() => drafts.stored.length === 1);
    const draftId = first.board.cardsByColumn().get('backlog')!.find((card) => card.title === 'Typed on the train')!.id;
    first.intents.updateCard(draftId, { description: 'Written before the tunnel ended' });
    await until(() => drafts.stored.length === 2);
    expect(first.board.card(draftId)?.description).toBe('Written before the tunnel ended');
    // The page is closed and opened again; the host is back.
    first.stop();
    await peer.start(port);
    const second = open(drafts);
    await second.start();
    expect(second.board.waitingCount()).toBe(2);
    await until(() => second.connectionState() === 'online');
    const [create] = await boardCommands(peer, 1);
    expect(create).toMatchObject({ name: 'card.create', args: { title: 'Typed on the train', columnId: 'backlog' } });
    peer.replyOk(create!.id, change(2, 'card.create', [testCard('n1', 'backlog', 1, 'Typed on the train')], { createdId: 'n1' }));
    const [, update] = await boardCommands(peer, 2);
    // The edit names the card by the id the host gave it.
    expect(update).toMatchObject({ name: 'card.update', args: { cardId: 'n1', patch: { description: 'Written before the tunnel ended' } } });
    peer.replyOk(update!.id, change(3, 'card.update', [{ ...testCard('n1', 'backlog', 1, 'Typed on the train'), description: 'Written before the tunnel ended' }]));
    await until(() => second.board.pendingCount() === 0);
    expect(drafts.stored).toEqual([]);
    expect(second.board.card('n1')?.description).toBe('Written before the tunnel ended');
    expect(second.toasts.toasts().filter((toast) => toast.tone === 'error')).toEqual([]);
  });

  it('a description saved while the connection is down is kept and saved on reconnect, and the panel shows it meanwhile', async () => {
    peer = new ProtocolPeer(testBoard([testCard('a', 'backlog', 0, 'Alpha')]));
    await peer.start();

    const port = Number(new URL(peer.url).port);
    const drafts = memoryDrafts();
    const app = open(drafts);
    await app.start();
    await until(() => app.connectionState() === 'online');
    await peer.stop();
    await until(() => app.connectionState() === 'offline');
    app.intents.updateCard('a', { description: 'Half a thought' });
    await until(() => drafts.stored.length === 1);
    expect(app.board.card('a')?.description).toBe('Half a thought');
    await peer.start(port);
    await until(() => app.connectionState() === 'online', () => ({ state: app.connectionState(), commands: peer.commands.map((c) => c.name), waiting: app.board.waitingCount() }), 3000);
    // The new hello's board does not undo the kept edit while it is on its way.
    expect(app.board.card('a')?.description).toBe('Half a thought');
    const [update] = await boardCommands(peer, 1);
    expect(update).toMatchObject({ name: 'card.update', args: { cardId: 'a', patch: { description: 'Half a thought' } } });
  });

  it('a move made offline is not kept: it is undone and said so (only new cards and edits wait)', async () => {
    peer = new ProtocolPeer(testBoard([testCard('a', 'backlog', 0, 'Alpha')]));
    await peer.start();
    const drafts = memoryDrafts();
    const app = open(drafts);
    await app.start();
    await until(() => app.connectionState() === 'online');
    await peer.stop();
    await until(() => app.connectionState() === 'offline');
    app.intents.moveCard('a', 'done', 0);
    await until(() => app.toasts.toasts().length === 1);
    expect(app.toasts.toasts()[0]?.message).toMatch(/^Could not move the card/);
    expect(app.board.card('a')?.columnId).toBe('backlog');
    expect(drafts.stored).toEqual([]);
  });
});
