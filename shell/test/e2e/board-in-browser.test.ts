import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BoardPage } from './board-page.js';
import { openChromium, saveScreenshot, type ChromiumSession } from './chromium-session.js';
import { HostFixture, titlesByColumn } from './host-fixture.js';

/**
 * The board in headless Chromium against the real host: one person's session, step by step.
 * Steps build on each other (the board carries over), so they run in order.
 */
describe('the board in a browser', () => {
  let host: HostFixture;
  let browser: ChromiumSession;
  let board: BoardPage;

  beforeAll(async () => {
    host = await HostFixture.start();
    browser = await openChromium();
    board = new BoardPage(browser.page);
    await board.open(host.url);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.dispose();
  });

  const hostTitles = async (): Promise<Record<string, string[]>> => titlesByColumn(await host.board());

  it('takes the token from the URL and hides it', async () => {
    expect(browser.page.url()).not.toContain('token=');
  });

  it('creates cards', async () => {
    await board.addCards('Backlog', ['Write the spec', 'Build the parser', 'Ship it']);
    await board.pendingSettled();
    const expected = { Backlog: ['Write the spec', 'Build the parser', 'Ship it'], 'In progress': [], Review: [], Done: [] };
    expect(await board.titles()).toEqual(expected);
    expect(await hostTitles()).toEqual(expected);
  });

  it('drags a card to another column with the mouse, and to a place within it', async () => {
    const emptyColumn = await board.column('In progress').boundingBox();
    await board.dragCard('Build the parser', { x: emptyColumn!.x + emptyColumn!.width / 2, y: emptyColumn!.y + 70 });
    await board.pendingSettled();
    expect(await board.titles()).toMatchObject({ Backlog: ['Write the spec', 'Ship it'], 'In progress': ['Build the parser'] });
    expect(await hostTitles()).toMatchObject({ Backlog: ['Write the spec', 'Ship it'], 'In progress': ['Build the parser'] });

    const target = await board.card('Build the parser').boundingBox();
    await board.dragCard('Ship it', { x: target!.x + target!.width / 2, y: target!.y + 4 });
    await board.pendingSettled();
    expect(await board.titles()).toMatchObject({ Backlog: ['Write the spec'], 'In progress': ['Ship it', 'Build the parser'] });
    expect(await hostTitles()).toMatchObject({ Backlog: ['Write the spec'], 'In progress': ['Ship it', 'Build the parser'] });
  });

  it('moves a card with the keyboard and keeps focus on it', async () => {
    await board.card('Write the spec').focus();
    await browser.page.keyboard.press('Alt+ArrowRight');
    await board.pendingSettled();
    await browser.page.keyboard.press('Alt+ArrowDown');
    await board.pendingSettled();
    const expected = { Backlog: [], 'In progress': ['Ship it', 'Write the spec', 'Build the parser'] };
    expect(await board.titles()).toMatchObject(expected);
    expect(await hostTitles()).toMatchObject(expected);
    expect(await browser.page.evaluate(() => document.activeElement?.querySelector('.card-title')?.textContent)).toBe('Write the spec');
  });

  it('keeps the board across a page reload', async () => {
    await browser.page.reload();
    await board.waitOnline();
    expect(await board.titles()).toMatchObject({ Backlog: [], 'In progress': ['Ship it', 'Write the spec', 'Build the parser'] });
  });

  it('keeps the board across a host restart on the same data dir, and reconnects by itself', async () => {
    await host.restart();
    await board.waitOnline();
    expect(await board.titles()).toMatchObject({ Backlog: [], 'In progress': ['Ship it', 'Write the spec', 'Build the parser'] });
    await board.addCards('Done', ['After the restart']);
    await board.pendingSettled();
    expect(await hostTitles()).toMatchObject({ Done: ['After the restart'] });
  });

  it('rolls back a change the host rejects and says why', async () => {
    await board.card('Ship it').click();
    const panel = browser.page.getByTestId('card-panel');
    await panel.getByLabel('Labels').fill('release, a-label-much-too-long-for-any-board-to-accept-it');
    await panel.getByRole('button', { name: 'Save' }).click();
    const toast = browser.page.getByRole('alert');
    await toast.waitFor();
    expect(await toast.textContent()).toMatch(/Could not save the card/);
    await board.pendingSettled();
    expect(await board.card('Ship it').locator('.label').count()).toBe(0);
    const stored = (await host.board()).cards.find((card) => card.title === 'Ship it');
    expect(stored?.labels).toEqual([]);
  });

  it('looks right in light and dark (screenshots saved as artifacts)', async () => {
    await browser.page.getByRole('button', { name: 'Dismiss' }).click();
    await panelWithLabels();
    await browser.page.emulateMedia({ colorScheme: 'light' });
    await saveScreenshot(browser.page, 'board-light');
    await browser.page.emulateMedia({ colorScheme: 'dark' });
    await saveScreenshot(browser.page, 'board-dark');
    const background = await browser.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(17, 19, 24)');
    await browser.page.emulateMedia({ colorScheme: 'light' });

    const card = (await board.card('Check keyboard navigation').boundingBox())!;
    const target = (await board.card('Write the spec').boundingBox())!;
    await browser.page.mouse.move(card.x + card.width / 2, card.y + card.height / 2);
    await browser.page.mouse.down();
    await browser.page.mouse.move(target.x + target.width / 2, target.y + target.height - 6, { steps: 12 });
    await browser.page.locator('.drop-after').waitFor();
    await saveScreenshot(browser.page, 'dragging-light');
    await browser.page.mouse.up();
    await board.pendingSettled();
    expect(await board.titles()).toMatchObject({ 'In progress': ['Ship it', 'Write the spec', 'Check keyboard navigation', 'Build the parser'] });
  });

  async function panelWithLabels(): Promise<void> {
    const panel = browser.page.getByTestId('card-panel');
    await panel.getByLabel('Labels').fill('release, docs');
    await panel.getByLabel('Description').fill('Tag the release, publish the packages and write the notes.');
    await panel.getByRole('button', { name: 'Save' }).click();
    await board.pendingSettled();
    await board.addCards('Review', ['Review the protocol docs', 'Check keyboard navigation']);
    await board.pendingSettled();
  }
});
