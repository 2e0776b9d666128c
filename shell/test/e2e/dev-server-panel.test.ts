import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { demoCard, demoModels, startScriptedModelServer, type ScriptedModelServer } from '@kanbots/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type RunningDemo } from '../../src/host/demo.js';
import { BoardPage } from './board-page.js';
import { openChromium, saveScreenshotsWideAndNarrow, type ChromiumSession } from './chromium-session.js';

/**
 * A card's dev server from its panel, in headless Chromium against the real host: the project's
 * run script (a real HTTP server on the card's port) started from the card once its run is at
 * the gate, its output shown as it comes, the address it printed a link that serves the page,
 * then stopped from the card — the port closed after — and started again.
 */
const serverScript = [
  'const http = require("node:http");',
  'const port = Number(process.env.KANBOTS_PORT);',
  'http.createServer((request, response) => response.end("hello from the card")).listen(port, "127.0.0.1", () => console.log(`dev server ready at http://localhost:${port}/`));',
].join(' ');

describe('a card’s dev server', () => {
  let server: ScriptedModelServer;
  let demo: RunningDemo;
  let browser: ChromiumSession;
  let board: BoardPage;

  beforeAll(async () => {
    server = await startScriptedModelServer();
    server.script(demoModels.developer, [{ toolCalls: [{ name: 'finish', input: { summary: 'Ready to try.' } }] }]);
    demo = await startDemo({ server });
    await mkdir(join(demo.repository, '.kanbots'), { recursive: true });
    await writeFile(join(demo.repository, 'serve.cjs'), `${serverScript}\n`);
    await writeFile(join(demo.repository, '.kanbots', 'config.json'), JSON.stringify({ worktrees: { scripts: { run: `node "$KANBOTS_ROOT_PATH/serve.cjs"` } } }));
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

  it('starts from the card, shows the address as a link that serves, and stops', async () => {
    const page = browser.page;
    await board.card(demoCard.title).click();
    const panel = page.getByTestId('card-panel');
    const section = panel.getByTestId('run-section');
    await section.locator('label.segmented-option', { hasText: /^Solo$/ }).click();
    await section.getByRole('button', { name: 'Run', exact: true }).click();
    await panel.locator('section.run[data-status="needs_you"]').waitFor();
    const devServer = panel.getByTestId('dev-server');
    await devServer.getByRole('button', { name: 'Start dev server' }).click();
    const link = devServer.locator('a.dev-server-link');
    await link.waitFor();
    const url = (await link.getAttribute('href'))!;
    expect(url).toMatch(/^http:\/\/localhost:\d+\/$/);
    expect(await link.textContent()).toBe(url);
    expect(await devServer.getByTestId('dev-server-output').textContent()).toContain(`dev server ready at ${url}`);
    expect(await devServer.getByRole('status').textContent()).toMatch(/^Running on port \d+$/);
    expect(await (await fetch(url.replace('localhost', '127.0.0.1'))).text()).toBe('hello from the card');
    await saveScreenshotsWideAndNarrow(page, 'dev-server-running', () => devServer.scrollIntoViewIfNeeded());

    await devServer.getByRole('button', { name: 'Stop dev server' }).click();
    await devServer.getByRole('status').filter({ hasText: 'Stopped.' }).waitFor();
    expect(await link.count()).toBe(0);
    await expect(fetch(url.replace('localhost', '127.0.0.1'))).rejects.toThrow();
    await saveScreenshotsWideAndNarrow(page, 'dev-server-stopped', () => devServer.scrollIntoViewIfNeeded());
    await devServer.getByRole('button', { name: 'Start dev server' }).click();
    await link.waitFor();
    await devServer.getByRole('button', { name: 'Stop dev server' }).click();
    await devServer.getByRole('status').filter({ hasText: 'Stopped.' }).waitFor();
  });

  it('is stopped when its run ends (discarded at the gate)', async () => {
    const page = browser.page;
    const devServer = page.getByTestId('card-panel').getByTestId('dev-server');
    await devServer.getByRole('button', { name: 'Start dev server' }).click();
    const link = devServer.locator('a.dev-server-link');
    await link.waitFor();
    const url = (await link.getAttribute('href'))!.replace('localhost', '127.0.0.1');
    expect(await (await fetch(url)).text()).toBe('hello from the card');
    const run = demo.host.kanbots.runs.list().find((summary) => summary.cardId === demo.cardId)!;
    demo.host.kanbots.discard(run.id);
    await expect.poll(async () => fetch(url).then(() => 'serving', () => 'closed'), { timeout: 15_000 }).toBe('closed');
    // The run is over: the card shows no dev server any more.
    await page.getByTestId('card-panel').locator('section.run[data-status="discarded"]').waitFor();
    expect(await page.getByTestId('card-panel').getByTestId('dev-server').count()).toBe(0);
  });

  it('says in words when the project has no run script', async () => {
    await writeFile(join(demo.repository, '.kanbots', 'config.json'), JSON.stringify({ worktrees: {} }));
    server.script(demoModels.developer, [{ toolCalls: [{ name: 'finish', input: { summary: 'Again.' } }] }]);
    const panel = browser.page.getByTestId('card-panel');
    await panel.getByRole('button', { name: 'Run again…' }).click();
    const section = panel.getByTestId('run-section');
    await section.locator('label.segmented-option', { hasText: /^Solo$/ }).click();
    await section.getByRole('button', { name: 'Run', exact: true }).click();
    await panel.locator('section.run[data-status="needs_you"]').waitFor();
    const devServer = panel.getByTestId('dev-server');
    await devServer.getByRole('button', { name: 'Start dev server' }).click();
    await devServer.getByRole('alert').filter({ hasText: 'The project has no run script: add one in Settings → Projects → Worktree settings' }).waitFor();
  });
});
