import { demoCard, demoModels, startScriptedModelServer, type ScriptedModelServer } from '@kanbots/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type RunningDemo } from '../../src/host/demo.js';
import { BoardPage } from './board-page.js';
import { openChromium, saveScreenshot, type ChromiumSession } from './chromium-session.js';

/**
 * A run that stops and will not go on by itself — here the model refuses the key (HTTP 401, not
 * retryable) — is something the person has to act on: it is listed in "Needs you" with what went
 * wrong, counted on the header's badge, and the inbox opens its card. In headless Chromium against
 * the real host and the scripted model server.
 */
describe('a failed run asks for you', () => {
  let server: ScriptedModelServer;
  let demo: RunningDemo;
  let browser: ChromiumSession;
  let board: BoardPage;

  beforeAll(async () => {
    server = await startScriptedModelServer();
    server.script(demoModels.developer, [{ fault: 'status', status: 401, message: 'invalid x-api-key' }]);
    demo = await startDemo({ server });
    browser = await openChromium({ viewport: { width: 1440, height: 900 } });
    browser.page.setDefaultTimeout(20_000);
    board = new BoardPage(browser.page);
    await board.open(demo.host.url);
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
    await server?.close();
  });

  it('lists the failed run in the inbox with its reason, and opens its card from there', async () => {
    const page = browser.page;
    await board.card(demoCard.title).click();
    const section = page.getByTestId('card-panel').getByTestId('run-section');
    await section.locator('label.segmented-option', { hasText: /^Solo$/ }).click();
    await section.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByTestId('card-panel').locator('section.run[data-status="failed"]').waitFor();
    await page.getByRole('button', { name: 'Close card details' }).click();

    const inboxButton = page.getByRole('button', { name: /^Needs you/ });
    await expect.poll(() => inboxButton.getAttribute('aria-label')).toBe('Needs you: 1 waiting');
    await inboxButton.click();
    const item = page.getByTestId('inbox').locator('.inbox-item[data-kind="stopped"]');
    await item.waitFor();
    expect(await item.locator('.inbox-card').textContent()).toBe(demoCard.title);
    expect(await item.locator('.inbox-what').textContent()).toMatch(/^failed — /);
    await saveScreenshot(page, 'inbox-failed-run-1440');
    await item.getByRole('button', { name: 'Open' }).click();
    await page.getByTestId('card-panel').locator('section.run[data-status="failed"]').waitFor();
    expect(await page.getByTestId('card-panel').getByLabel('Title').inputValue()).toBe(demoCard.title);
  });
});
