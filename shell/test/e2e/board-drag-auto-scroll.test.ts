import { beforeAll, describe, expect, it } from 'vitest';
import { saveScreenshot } from './chromium-session.js';
import { titlesByColumn, useHostSession } from './host-fixture.js';

/**
 * Dragging a card to a place that is off screen: held near the bottom of a long column, the
 * column scrolls down under it; held near the board's right edge on a narrow window, the board
 * scrolls to the columns that were hidden. The drop lands where the pointer ends up. In headless
 * Chromium against the real host, with real pointer events.
 */
describe('auto-scroll while dragging a card', () => {
  const session = useHostSession();
  const page = () => session.page;
  const titles = Array.from({ length: 26 }, (_, index) => `Task ${String(index + 1).padStart(2, '0')}`);
  let board: typeof session.board;

  beforeAll(async () => {
    board = session.board;
    await board.addCards('Backlog', titles);
    await board.pendingSettled();
  });

  /** Presses on a card and moves it a little, so the drag has started. */
  async function pickUp(title: string): Promise<void> {
    const box = await board.card(title).boundingBox();
    if (!box) throw new Error(`card "${title}" is not visible`);
    await page().mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page().mouse.down();
    await page().mouse.move(box.x + box.width / 2 + 4, box.y + box.height / 2 + 14, { steps: 4 });
  }

  const scrollOf = (selector: string) =>
    page().evaluate((query) => {
      const element = document.querySelector<HTMLElement>(query)!;
      return { top: element.scrollTop, left: element.scrollLeft, maxTop: element.scrollHeight - element.clientHeight, maxLeft: element.scrollWidth - element.clientWidth };
    }, selector);

  it('scrolls a long column down while the card is held near its bottom, and drops it near the end', async () => {
    const list = board.column('Backlog').locator('.card-list');
    const before = await scrollOf('section.column .card-list');
    expect(before.top).toBe(0);
    expect(before.maxTop).toBeGreaterThan(0);
    const box = (await list.boundingBox())!;

    await pickUp('Task 01');
    await page().mouse.move(box.x + box.width / 2, box.y + box.height - 8, { steps: 12 });
    await expect.poll(async () => { const now = await scrollOf('section.column .card-list'); return now.top >= now.maxTop; }, { timeout: 20_000 }).toBe(true);
    await saveScreenshot(page(), 'drag-auto-scroll-column-1440');
    await page().mouse.move(box.x + box.width / 2, box.y + box.height - 10, { steps: 2 });
    await page().mouse.up();
    await board.pendingSettled();

    const backlog = titlesByColumn(await session.host.board())['Backlog']!;
    expect(backlog).toHaveLength(titles.length);
    expect(backlog.indexOf('Task 01')).toBeGreaterThanOrEqual(titles.length - 3);
  });

  it('on a 900 px window, scrolls the board sideways to a hidden column and drops the card there', async () => {
    await page().setViewportSize({ width: 900, height: 900 });
    const done = board.column('Done');
    const doneBox = (await done.boundingBox())!;
    expect(doneBox.x).toBeGreaterThan(900); // off screen to the right
    await page().evaluate(() => { document.querySelector('section.column .card-list')!.scrollTop = 0; });

    await pickUp('Task 02');
    await page().mouse.move(890, 300, { steps: 16 });
    await expect.poll(async () => { const now = await scrollOf('.board'); return now.left >= now.maxLeft; }, { timeout: 20_000 }).toBe(true);
    const visibleDone = (await done.boundingBox())!;
    expect(visibleDone.x + visibleDone.width).toBeLessThanOrEqual(900);
    await page().mouse.move(visibleDone.x + visibleDone.width / 2, visibleDone.y + 60, { steps: 6 });
    await saveScreenshot(page(), 'drag-auto-scroll-board-900');
    await page().mouse.up();
    await board.pendingSettled();

    expect(titlesByColumn(await session.host.board())['Done']).toEqual(['Task 02']);
  });
});
