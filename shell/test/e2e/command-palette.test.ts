import { beforeAll, describe, expect, it } from 'vitest';
import { saveScreenshot } from './chromium-session.js';
import { useHostSession } from './host-fixture.js';

/**
 * Ctrl/⌘+K opens the command palette anywhere: a card is opened by typing part of its title, a new
 * card started, the theme switched, settings opened — each with the keyboard alone. In headless
 * Chromium against the real host.
 */
describe('the command palette', () => {
  const session = useHostSession({ defaultTimeout: 20_000 });

  beforeAll(async () => {
    await session.board.addCards('Backlog', ['Write the spec', 'Fix the parser']);
    await session.board.pendingSettled();
  });

  const page = () => session.page;
  const palette = () => page().getByRole('dialog', { name: 'Command palette' });

  async function openPalette(): Promise<void> {
    await page().keyboard.press('Control+k');
    await palette().waitFor();
  }

  it('opens a card by a few words of its title', async () => {
    await openPalette();
    await palette().getByRole('combobox').fill('parser');
    const options = palette().getByRole('option');
    expect(await options.allTextContents()).toEqual(['Open “Fix the parser”Backlog']);
    await saveScreenshot(page(), 'command-palette-1440');
    await page().keyboard.press('Enter');
    await palette().waitFor({ state: 'detached' });
    const panel = page().getByTestId('card-panel');
    await panel.waitFor();
    expect(await panel.getByLabel('Title').inputValue()).toBe('Fix the parser');
  });

  it('works from inside a text field, and switches the theme', async () => {
    await page().getByTestId('card-panel').getByLabel('Title').focus();
    const before = await page().locator('html').getAttribute('data-theme');
    await openPalette();
    await palette().getByRole('combobox').fill('theme');
    await page().keyboard.press('Enter');
    await palette().waitFor({ state: 'detached' });
    await page().waitForFunction((previous) => document.documentElement.getAttribute('data-theme') !== previous, before, { timeout: 5_000 });
    await page().getByRole('button', { name: 'Close card details' }).click();
  });

  it('starts a new card, and opens settings; Escape closes it without doing anything', async () => {
    await openPalette();
    await palette().getByRole('combobox').fill('new card');
    await page().keyboard.press('Enter');
    await page().getByRole('textbox', { name: 'New card title in Backlog' }).waitFor();
    await page().keyboard.press('Escape');

    await openPalette();
    await page().keyboard.press('Escape');
    await palette().waitFor({ state: 'detached' });

    await openPalette();
    await palette().getByRole('combobox').fill('settings');
    await page().keyboard.press('ArrowDown');
    await page().keyboard.press('ArrowUp');
    await page().keyboard.press('Enter');
    await page().getByRole('dialog', { name: /Settings/ }).or(page().locator('.settings-panel')).first().waitFor();
    expect((await session.host.board()).cards.map((card) => card.title).sort()).toEqual(['Fix the parser', 'Write the spec']);
  });
});
