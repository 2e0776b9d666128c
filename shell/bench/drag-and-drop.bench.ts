import { openChromium } from '../test/e2e/chromium-session.js';
import { CARD_COUNT, ensureUiBuilt, hostOn, isMainModule, median, milliseconds, seededDataDir } from './bench-support.js';

/**
 * Drag and drop with 1,000 cards: a real pointer drag of one card to another column, timed in
 * the page from pointer down to the card rendered in its new column and acknowledged by the host
 * (no pending change left); also pointer up → rendered, and pointer up → acknowledged.
 */
export async function benchDragAndDrop(): Promise<void> {
  console.log(`drag and drop with ${CARD_COUNT} cards`);
  await ensureUiBuilt();
  const seeded = await seededDataDir();
  const host = await hostOn(seeded.dataDir);
  const browser = await openChromium({ viewport: { width: 1600, height: 900 } });
  try {
    const page = browser.page;
    await page.goto(host.url);
    await page.waitForFunction((count) => document.querySelectorAll('.card').length === count, CARD_COUNT, { timeout: 60_000 });
    await page.locator('.app[data-board-source="host"]').waitFor();
    const total: number[] = [];
    const rendered: number[] = [];
    const acknowledged: number[] = [];
    const runs = 7;
    for (let run = 0; run < runs; run += 1) {
      const from = run % 2 === 0 ? 0 : 1;
      const to = 1 - from;
      const columns = page.locator('section.column');
      const card = columns.nth(from).locator('.card').first();
      const cardId = await card.getAttribute('data-card-id');
      const cardBox = (await card.boundingBox())!;
      const targetBox = (await columns.nth(to).locator('.card').first().boundingBox())!;
      await page.evaluate(instrumentDrag(cardId!));
      await page.mouse.move(cardBox.x + cardBox.width / 2, cardBox.y + cardBox.height / 2);
      await page.mouse.down();
      await page.mouse.move(cardBox.x + cardBox.width / 2 + 5, cardBox.y + cardBox.height / 2 + 15, { steps: 3 });
      await page.mouse.move(targetBox.x + targetBox.width / 2, targetBox.y + 6, { steps: 10 });
      await page.mouse.up();
      const timing = (await (
        await page.waitForFunction(() => {
          const value = (window as unknown as { __dragTiming: { down: number; up: number; rendered: number; acknowledged: number } }).__dragTiming;
          return value.acknowledged > 0 ? value : false;
        }, undefined, { timeout: 30_000 })
      ).jsonValue()) as { down: number; up: number; rendered: number; acknowledged: number };
      total.push(timing.acknowledged - timing.down);
      rendered.push(timing.rendered - timing.up);
      acknowledged.push(timing.acknowledged - timing.up);
    }
    console.log(`  pointer down → moved card rendered and acknowledged (median of ${runs}) ${milliseconds(median(total))}   (includes the drag gesture itself)`);
    console.log(`  pointer up → moved card rendered                     (median of ${runs}) ${milliseconds(median(rendered))}`);
    console.log(`  pointer up → acknowledged by the host                (median of ${runs}) ${milliseconds(median(acknowledged))}`);
    const onDisk = await page.evaluate(() => document.querySelectorAll('.card').length);
    if (onDisk !== CARD_COUNT) console.log(`  WARNING: ${onDisk} cards on screen after the drags`);
  } finally {
    await browser.close();
    await host.stop();
    await seeded.dispose();
  }
}

/**
 * In-page timing for one drag, as source text (tsx would wrap named functions in helpers the page
 * does not have). Records pointer down/up, the first frame with the card in another column, and
 * the first frame after that with no change pending.
 */
function instrumentDrag(cardId: string): string {
  return `(() => {
    const timing = { down: 0, up: 0, rendered: 0, acknowledged: 0 };
    window.__dragTiming = timing;
    document.addEventListener('pointerdown', () => { timing.down = performance.now(); }, { capture: true, once: true });
    document.addEventListener('pointerup', () => { timing.up = performance.now(); }, { capture: true, once: true });
    const columnOfCard = () => document.querySelector('[data-card-id="${cardId}"]')?.closest('section.column');
    const startColumn = columnOfCard();
    const check = () => {
      const column = columnOfCard();
      if (timing.up > 0 && column && column !== startColumn && !timing.rendered) timing.rendered = performance.now();
      if (timing.rendered && !document.querySelector('.connection-pending')) { timing.acknowledged = performance.now(); return; }
      requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  })()`;
}

if (isMainModule(import.meta.url)) await benchDragAndDrop();
