import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BoardPage } from './board-page.js';
import { openChromium, saveScreenshot, type ChromiumSession } from './chromium-session.js';
import { HostFixture, titlesByColumn } from './host-fixture.js';
import { ensureNpmChromium, npmChromiumSupported } from './npm-chromium.js';

/**
 * On a machine with no Chromium installed, the browser tests fetch one from the npm registry.
 * This runs that path even where a local Chromium exists, so it cannot rot unnoticed: the board
 * works in it and its text is really drawn (the build brings its own fonts and libraries).
 */
describe.skipIf(!npmChromiumSupported())('the Chromium fetched from npm', () => {
  let host: HostFixture;
  let browser: ChromiumSession;
  let board: BoardPage;

  beforeAll(async () => {
    const launch = await ensureNpmChromium();
    host = await HostFixture.start();
    browser = await openChromium({ launch, viewport: { width: 1440, height: 900 } });
    board = new BoardPage(browser.page);
    await board.open(host.url);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.dispose();
  });

  it('runs the board: a card typed in the page reaches the host', async () => {
    await board.addCards('Backlog', ['Card from the npm Chromium']);
    await board.pendingSettled();
    expect(titlesByColumn(await host.board()).Backlog).toEqual(['Card from the npm Chromium']);
    await saveScreenshot(browser.page, 'npm-chromium-board');
  });

  it('draws text with the page font (fonts are found)', async () => {
    const inkedPixels = await browser.page.evaluate(() => {
      const title = document.querySelector('h1, header, body') as HTMLElement;
      const canvas = document.createElement('canvas');
      canvas.width = 200;
      canvas.height = 40;
      const context = canvas.getContext('2d')!;
      context.font = getComputedStyle(title).font;
      context.fillText('Kanbots', 4, 28);
      const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
      let inked = 0;
      for (let index = 3; index < pixels.length; index += 4) if (pixels[index]! > 0) inked += 1;
      return inked;
    });
    expect(inkedPixels).toBeGreaterThan(50);
  });
});
