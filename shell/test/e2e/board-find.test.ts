import { describe, expect, it } from 'vitest';
import { saveScreenshot } from './chromium-session.js';
import { useHostSession } from './host-fixture.js';

/**
 * Finding things on a board people keep: `/` filters the cards, `n` starts a new card, `?` lists
 * the shortcuts. In headless Chromium against the real host.
 */
describe('finding your way around the board', () => {
  const session = useHostSession();

  const page = () => session.page;

  it('n starts a new card in the first column', async () => {
    await page().locator('body').press('n');
    const composer = page().getByRole('textbox', { name: 'New card title in Backlog' });
    await composer.waitFor();
    await composer.fill('Write the spec');
    await composer.press('Enter');
    await composer.fill('Fix the parser');
    await composer.press('Enter');
    await composer.press('Escape');
    await session.board.addCards('Review', ['Review the protocol docs']);
    await session.board.pendingSettled();
    expect((await session.host.board()).cards.map((card) => card.title).sort()).toEqual(['Fix the parser', 'Review the protocol docs', 'Write the spec']);
  });

  it('/ focuses the filter; typing hides the cards that do not match, in every column', async () => {
    await session.board.card('Fix the parser').click();
    const panel = page().getByTestId('card-panel');
    await panel.getByLabel('Labels').fill('bug');
    await panel.getByRole('button', { name: 'Close card details' }).click();
    await session.board.pendingSettled();

    await page().locator('body').press('/');
    const filter = page().getByRole('searchbox', { name: 'Filter cards' });
    expect(await filter.evaluate((element) => element === document.activeElement)).toBe(true);
    await filter.fill('spec');
    expect(await session.board.titles()).toMatchObject({ Backlog: ['Write the spec'], Review: [] });
    expect(await page().locator('.board-count').textContent()).toBe('1 of 3 cards');
    await filter.fill('label:bug');
    expect(await session.board.titles()).toMatchObject({ Backlog: ['Fix the parser'], Review: [] });
    await saveScreenshot(page(), 'board-filter-1440');
    await filter.fill('nothing like this');
    const empty = page().locator('.filter-empty');
    await saveScreenshot(page(), 'board-filter-nothing-1440');
    await empty.waitFor();
    expect(await empty.textContent()).toContain('No cards match “nothing like this”.');
    await page().getByRole('button', { name: 'Clear the filter' }).click();
    expect(await session.board.titles()).toMatchObject({ Backlog: ['Write the spec', 'Fix the parser'], Review: ['Review the protocol docs'] });
    await filter.fill('docs');
    await filter.press('Escape');
    expect(await filter.inputValue()).toBe('');
    expect(await session.board.titles()).toMatchObject({ Review: ['Review the protocol docs'], Backlog: ['Write the spec', 'Fix the parser'] });
  });

  it('? lists the keyboard shortcuts; Escape closes the list', async () => {
    await page().locator('body').press('?');
    const sheet = page().getByRole('dialog', { name: 'Keyboard shortcuts' });
    await sheet.waitFor();
    expect(await sheet.textContent()).toContain('Filter cards');
    await page().setViewportSize({ width: 900, height: 900 });
    await saveScreenshot(page(), 'shortcut-sheet-900');
    await page().keyboard.press('Escape');
    await sheet.waitFor({ state: 'detached' });
  });

  it('at 900 px the header keeps the filter and every control visible', async () => {
    await page().getByRole('searchbox', { name: 'Filter cards' }).fill('parser');
    await saveScreenshot(page(), 'board-filter-900');
    const overflow = await page().evaluate(() => {
      const header = document.querySelector('.topbar')!;
      return [...header.querySelectorAll('button, input')].filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1).length;
    });
    expect(overflow).toBe(0);
  });
});
