import { demoCard, demoModels, startScriptedModelServer, type ScriptedModelServer } from '@kanbots/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveScreenshot } from './chromium-session.js';
import { useDemoSession } from './host-fixture.js';

/**
 * A run that stops and will not go on by itself — here the model refuses the key (HTTP 401, not
 * retryable) — is something the person has to act on: it is listed in "Needs you" with what went
 * wrong, counted on the header's badge, and the inbox opens its card. In headless Chromium against
 * the real host and the scripted model server.
 */
describe('a failed run asks for you', () => {
  let server: ScriptedModelServer;

  beforeAll(async () => {
    server = await startScriptedModelServer();
    server.script(demoModels.developer, [{ fault: 'status', status: 401, message: 'invalid x-api-key' }]);
  });

  afterAll(async () => {
    await server?.close();
  });

  // Started after the server above (hooks run in order); stopped before it closes (after-hooks run in reverse).
  const session = useDemoSession(() => ({ server }));

  it('lists the failed run in the inbox with its reason, and opens its card from there', async () => {
    const page = session.page;
    await session.board.card(demoCard.title).click();
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
