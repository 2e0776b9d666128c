import { afterEach, describe, expect, it } from 'vitest';
import { ProtocolPeer, change, testBoard, testCard, until } from './protocol-peer.js';
import { renderApp, titlesOnScreen } from './render-app.js';

describe('what the board shows', () => {
  let peer: ProtocolPeer;
  let cleanup: () => void = () => {};

  afterEach(async () => {
    cleanup();
    await peer?.stop();
  });

  it('lists columns and cards by their order, not by their position in the data', async () => {
    const board = testBoard([
      testCard('c', 'doing', 1, 'Second doing'),
      testCard('a', 'backlog', 2, 'Third'),
      testCard('b', 'backlog', 0, 'First'),
      testCard('d', 'doing', 0, 'First doing'),
      testCard('e', 'backlog', 1, 'Second'),
      { ...testCard('f', 'backlog', 0, 'Archived'), archived: true },
    ]);
    board.columns = [
      { id: 'done', name: 'Done', order: 2 },
      { id: 'backlog', name: 'Backlog', order: 0 },
      { id: 'doing', name: 'Doing', order: 1 },
    ];
    peer = new ProtocolPeer(board);
    await peer.start();
    const { root, unmount } = await renderApp(peer);
    cleanup = unmount;
    expect(titlesOnScreen(root)).toEqual({ Backlog: ['First', 'Second', 'Third'], Doing: ['First doing', 'Second doing'], Done: [] });
    expect(root.querySelector('.board-count')?.textContent).toBe('5 cards');
  });

  it('re-renders only the cards a change touches', async () => {
    peer = new ProtocolPeer(testBoard([testCard('a', 'backlog', 0, 'Alpha'), testCard('b', 'backlog', 1, 'Beta'), testCard('c', 'doing', 0, 'Gamma')]));
    await peer.start();
    const { root, unmount } = await renderApp(peer);
    cleanup = unmount;
    const before = new Map([...root.querySelectorAll<HTMLElement>('.card')].map((element) => [element.dataset['cardId'], element]));
    peer.emit('board.changed', change(2, 'card.update', [{ ...testCard('b', 'backlog', 1, 'Beta, renamed'), updatedAt: 2 }]));
    await until(() => titlesOnScreen(root).Backlog?.[1] === 'Beta, renamed');
    for (const element of root.querySelectorAll<HTMLElement>('.card')) expect(before.get(element.dataset['cardId'])).toBe(element);
  });
});
