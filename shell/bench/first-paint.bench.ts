import { openChromium } from '../test/e2e/chromium-session.js';
import { CARD_COUNT, ensureUiBuilt, hostOn, isMainModule, median, milliseconds, seededDataDir } from './bench-support.js';

/**
 * First paint and "board rendered" with 1,000 cards in headless Chromium: from navigation start
 * to the first contentful paint, and to all cards in the DOM with the host's board shown. The
 * first load has an empty profile; reloads paint from the IndexedDB cache first.
 */
export async function benchFirstPaint(): Promise<void> {
  console.log(`first paint with ${CARD_COUNT} cards`);
  await ensureUiBuilt();
  const seeded = await seededDataDir();
  const host = await hostOn(seeded.dataDir);
  const browser = await openChromium();
  try {
    const page = browser.page;
    const measure = async (): Promise<{ firstPaint: number; cachedBoard: number | undefined; boardRendered: number }> => {
      const boardRendered = (await (
        await page.waitForFunction(
          (count) =>
            document.querySelectorAll('.card').length === count && document.querySelector('.app[data-board-source="host"]') ? performance.now() : false,
          CARD_COUNT,
          { polling: 'raf', timeout: 60_000 },
        )
      ).jsonValue()) as number;
      const paints = await page.evaluate(() => performance.getEntriesByType('paint').map((entry) => [entry.name, entry.startTime] as const));
      const firstPaint = paints.find(([name]) => name === 'first-contentful-paint')?.[1] ?? Number.NaN;
      const cachedBoard = await page.evaluate(() => (window as unknown as { __kanbotsCachedPaint?: number }).__kanbotsCachedPaint);
      return { firstPaint, cachedBoard, boardRendered };
    };
    await page.addInitScript(() => {
      const observer = new MutationObserver(() => {
        if (document.querySelector('.app[data-board-source="cache"] .card')) {
          (window as unknown as { __kanbotsCachedPaint?: number }).__kanbotsCachedPaint = performance.now();
          observer.disconnect();
        }
      });
      observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-board-source'] });
    });
    await page.goto(host.url);
    const cold = await measure();
    console.log(`  cold (empty profile)   first contentful paint ${milliseconds(cold.firstPaint)}   board rendered ${milliseconds(cold.boardRendered)}`);
    const warm: Array<Awaited<ReturnType<typeof measure>>> = [];
    for (let run = 0; run < 5; run += 1) {
      await page.reload();
      warm.push(await measure());
    }
    const cachedRuns = warm.map((result) => result.cachedBoard).filter((value): value is number => value !== undefined);
    console.log(
      `  reload (median of 5)   first contentful paint ${milliseconds(median(warm.map((result) => result.firstPaint)))}   board rendered ${milliseconds(median(warm.map((result) => result.boardRendered)))}` +
        (cachedRuns.length > 0 ? `   cached board painted ${milliseconds(median(cachedRuns))}` : '   (host answered before the cache)'),
    );
  } finally {
    await browser.close();
    await host.stop();
    await seeded.dispose();
  }
}

if (isMainModule(import.meta.url)) await benchFirstPaint();
