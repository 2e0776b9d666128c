import { describe, expect, it } from 'vitest';
import { saveScreenshot } from './chromium-session.js';
import { titlesByColumn, useHostSession } from './host-fixture.js';

/**
 * Nothing a person types or removes on the board is lost by accident: one Enter adds one column,
 * edits save themselves when the panel closes, archive / delete / moves can be undone, archived
 * cards can be found again. In headless Chromium against the real host; steps build on each other.
 */
describe('a board that keeps your work', () => {
  const session = useHostSession();

  const page = () => session.page;
  const hostCard = async (title: string) => (await session.host.board()).cards.find((card) => card.title === title);
  const toast = (text: RegExp) => page().locator('.toast', { hasText: text });

  it('adds exactly one column for one Enter', async () => {
    const before = (await session.host.board()).columns.length;
    await page().getByRole('button', { name: 'Add column' }).click();
    const input = page().getByRole('textbox', { name: 'New column name' });
    await input.fill('Blocked');
    await input.press('Enter');
    await session.board.pendingSettled();
    const columns = (await session.host.board()).columns;
    expect(columns.length).toBe(before + 1);
    expect(columns.filter((column) => column.name === 'Blocked')).toHaveLength(1);
    expect(await page().locator('.column-name', { hasText: /^Blocked$/ }).count()).toBe(1);
  });

  it('says "1 card", not "1 cards"', async () => {
    await session.board.addCards('Backlog', ['Write the spec']);
    await session.board.pendingSettled();
    expect(await page().locator('.board-count').textContent()).toBe('1 card');
    await session.board.addCards('Backlog', ['Build the parser', 'Ship it']);
    await session.board.pendingSettled();
    expect(await page().locator('.board-count').textContent()).toBe('3 cards');
  });

  it('keeps an edited description when the panel is closed without pressing Save', async () => {
    await session.board.card('Write the spec').click();
    const panel = page().getByTestId('card-panel');
    await panel.getByLabel('Description').fill('Cover the wire format and the errors.');
    await panel.getByRole('button', { name: 'Close card details' }).click();
    await session.board.pendingSettled();
    expect((await hostCard('Write the spec'))?.description).toBe('Cover the wire format and the errors.');

    await session.board.card('Build the parser').click();
    await panel.getByLabel('Description').fill('Streaming, with positions.');
    await panel.getByLabel('Description').press('Escape');
    await session.board.pendingSettled();
    expect((await hostCard('Build the parser'))?.description).toBe('Streaming, with positions.');
  });

  it('keeps edits when another card is opened from the board', async () => {
    await session.board.card('Ship it').click();
    const panel = page().getByTestId('card-panel');
    await panel.getByLabel('Labels').fill('release');
    await session.board.card('Write the spec').click();
    await session.board.pendingSettled();
    expect((await hostCard('Ship it'))?.labels).toEqual(['release']);
    expect(await panel.getByLabel('Title').inputValue()).toBe('Write the spec');
    await panel.getByRole('button', { name: 'Close card details' }).click();
  });

  it('archives with Undo, and archived cards can be found and restored', async () => {
    await session.board.card('Ship it').click();
    await page().getByTestId('card-panel').getByRole('button', { name: 'Archive' }).click();
    await toast(/Archived “Ship it”/).waitFor();
    await saveScreenshot(page(), 'undo-toast-1440');
    await toast(/Archived “Ship it”/).getByRole('button', { name: 'Undo' }).click();
    await session.board.pendingSettled();
    await session.board.card('Ship it').waitFor();
    expect((await hostCard('Ship it'))?.archived).toBe(false);

    await session.board.card('Ship it').click();
    await page().getByTestId('card-panel').getByRole('button', { name: 'Archive' }).click();
    await session.board.pendingSettled();
    expect((await hostCard('Ship it'))?.archived).toBe(true);
    await page().getByRole('button', { name: /^Archived/ }).click();
    const archived = page().getByTestId('archived-cards');
    await archived.getByText('Ship it').waitFor();
    expect(await archived.textContent()).toMatch(/was in Backlog/);
    await saveScreenshot(page(), 'archived-cards-1440');
    await archived.getByRole('button', { name: 'Restore' }).click();
    await session.board.pendingSettled();
    expect((await hostCard('Ship it'))?.archived).toBe(false);
    expect(await archived.textContent()).toMatch(/No archived cards/);
    await archived.getByRole('button', { name: 'Close archived cards' }).click();
  });

  it('deletes only when the undo window has passed; Undo brings the card back', async () => {
    await session.board.card('Build the parser').click();
    const panel = page().getByTestId('card-panel');
    await panel.getByRole('button', { name: 'Delete' }).click();
    await panel.getByRole('button', { name: 'Delete for good' }).click();
    const deleted = toast(/Deleted “Build the parser”/);
    await deleted.waitFor();
    await session.board.pendingSettled();
    expect(await session.board.card('Build the parser').count()).toBe(0);
    // Until the window passes the host still has it (archived): closing the app now loses nothing.
    expect((await hostCard('Build the parser'))?.archived).toBe(true);
    await deleted.getByRole('button', { name: 'Undo' }).click();
    await session.board.pendingSettled();
    await session.board.card('Build the parser').waitFor();
    expect((await hostCard('Build the parser'))?.archived).toBe(false);
    expect((await hostCard('Build the parser'))?.description).toBe('Streaming, with positions.');

    await session.board.card('Build the parser').click();
    await panel.getByRole('button', { name: 'Delete' }).click();
    await panel.getByRole('button', { name: 'Delete for good' }).click();
    await deleted.waitFor();
    await deleted.getByRole('button', { name: 'Dismiss' }).click();
    await session.board.pendingSettled();
    expect(await hostCard('Build the parser')).toBeUndefined();
  });

  it('moves a card to another column with Undo', async () => {
    const target = await session.board.column('Done').boundingBox();
    await session.board.dragCard('Write the spec', { x: target!.x + target!.width / 2, y: target!.y + 70 });
    await session.board.pendingSettled();
    expect(titlesByColumn(await session.host.board())).toMatchObject({ Backlog: ['Ship it'], Done: ['Write the spec'] });
    await toast(/Moved “Write the spec” to Done/).getByRole('button', { name: 'Undo' }).click();
    await session.board.pendingSettled();
    expect(titlesByColumn(await session.host.board())).toMatchObject({ Backlog: ['Write the spec', 'Ship it'], Done: [] });
  });

  it('looks right at 900 px wide with a toast and the archived list', async () => {
    await page().setViewportSize({ width: 900, height: 900 });
    await session.board.card('Ship it').click();
    await page().getByTestId('card-panel').getByRole('button', { name: 'Archive' }).click();
    await page().getByRole('button', { name: /^Archived/ }).click();
    await page().getByTestId('archived-cards').getByText('Ship it').waitFor();
    await saveScreenshot(page(), 'archived-cards-900');
    expect(await page().evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
  });
});
