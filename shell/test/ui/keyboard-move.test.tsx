import { afterEach, describe, expect, it } from 'vitest';
import { ProtocolPeer, change, testBoard, testCard, until } from './protocol-peer.js';
import { renderApp, titlesOnScreen } from './render-app.js';

describe('moving a card with the keyboard', () => {
  let peer: ProtocolPeer;
  let cleanup: () => void = () => {};

  afterEach(async () => {
    cleanup();
    await peer?.stop();
  });

  async function setUp(): Promise<HTMLElement> {
    peer = new ProtocolPeer(
      testBoard([
        testCard('a', 'backlog', 0, 'Alpha'),
        testCard('b', 'backlog', 1, 'Beta'),
        testCard('c', 'backlog', 2, 'Gamma'),
        testCard('x', 'doing', 0, 'Xray'),
      ]),
    );
    await peer.start();
    const rendered = await renderApp(peer);
    cleanup = rendered.unmount;
    return rendered.root;
  }

  const press = (element: Element, key: string, altKey = true): void => {
    element.dispatchEvent(new KeyboardEvent('keydown', { key, altKey, bubbles: true, cancelable: true }));
  };
  const card = (root: HTMLElement, id: string): HTMLElement => root.querySelector<HTMLElement>(`[data-card-id="${id}"]`)!;

  it('Alt+→ sends card.move to the next column at the same position and shows it there at once', async () => {
    const root = await setUp();
    press(card(root, 'b'), 'ArrowRight');
    const [command] = await peer.waitForCommands(1);
    expect(command).toMatchObject({ name: 'card.move', args: { cardId: 'b', columnId: 'doing', index: 1 } });
    expect(titlesOnScreen(root)).toEqual({ Backlog: ['Alpha', 'Gamma'], Doing: ['Xray', 'Beta'], Done: [] });
  });

  it('Alt+↑ and Alt+↓ move within the column; nothing is sent at the edges', async () => {
    const root = await setUp();
    press(card(root, 'c'), 'ArrowUp');
    const [up] = await peer.waitForCommands(1);
    expect(up).toMatchObject({ name: 'card.move', args: { cardId: 'c', columnId: 'backlog', index: 1 } });
    expect(titlesOnScreen(root).Backlog).toEqual(['Alpha', 'Gamma', 'Beta']);
    peer.replyOk(up!.id, change(2, 'card.move', [testCard('c', 'backlog', 1, 'Gamma'), testCard('b', 'backlog', 2, 'Beta')]));
    await until(() => peer.commands.length === 1);

    press(card(root, 'a'), 'ArrowUp');
    press(card(root, 'x'), 'ArrowLeft', false);
    press(card(root, 'a'), 'ArrowDown');
    const commands = await peer.waitForCommands(2);
    expect(commands[1]).toMatchObject({ name: 'card.move', args: { cardId: 'a', columnId: 'backlog', index: 1 } });
  });

  it('the "Move to…" menu moves a card to the end of the chosen column', async () => {
    const root = await setUp();
    card(root, 'a').querySelector<HTMLButtonElement>('.card-menu-button')!.click();
    const items = [...root.querySelectorAll<HTMLButtonElement>('[role="menuitem"]')];
    expect(items.map((item) => [item.textContent, item.disabled])).toEqual([
      ['Backlog (current)', true],
      ['Doing', false],
      ['Done', false],
    ]);
    items[1]!.click();
    const [command] = await peer.waitForCommands(1);
    expect(command).toMatchObject({ name: 'card.move', args: { cardId: 'a', columnId: 'doing', index: 1 } });
  });
});
