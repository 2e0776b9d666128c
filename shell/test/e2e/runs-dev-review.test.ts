import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoCard, demoModels, scriptDemo, startScriptedModelServer, type ScriptedModelServer } from '@kanbots/core/testing';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type RunningDemo } from '../../src/host/demo.js';
import { BoardPage } from './board-page.js';
import { openChromium, saveScreenshot, type ChromiumSession } from './chromium-session.js';

/**
 * "The board comes alive": the demo's scripted developer and reviewer run a dev ⇄ review loop on
 * a card while a person watches in headless Chromium — live states, pause and resume, an approval
 * from the inbox, a change request, the gate's diff, the merge and the card landing in Done. Then
 * the host is restarted in the middle of a model request and the run comes back, interrupted, and
 * resumes to the gate. Steps build on each other, so they run in order.
 */

/** Records, in the page, every state the statechart lit and every agent state shown. */
async function recordLiveStates(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen = { chart: [] as string[], agents: [] as string[], texts: [] as string[] };
    (window as unknown as { kanbotsSeen: typeof seen }).kanbotsSeen = seen;
    const remember = (list: string[], value: string): void => {
      if (list.at(-1) !== value) list.push(value);
    };
    new MutationObserver(() => {
      const lit = [...document.querySelectorAll('.chart-state[data-active="true"]')].map((element) => element.getAttribute('data-state-id')).join(' ');
      if (lit) remember(seen.chart, lit);
      for (const agent of document.querySelectorAll('.agent')) {
        remember(seen.agents, `${agent.getAttribute('data-agent-id')}: ${agent.querySelector('.agent-status')?.textContent ?? ''}`);
        const text = agent.querySelector('.agent-text')?.textContent;
        if (text) remember(seen.texts, text);
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
}

interface LiveStatesSeen {
  chart: string[];
  agents: string[];
  texts: string[];
}

function liveStatesSeen(page: Page): Promise<LiveStatesSeen> {
  return page.evaluate(() => (window as unknown as { kanbotsSeen: LiveStatesSeen }).kanbotsSeen);
}

function runOf(panel: Locator, status?: string): Locator {
  return panel.locator(status === undefined ? 'section.run' : `section.run[data-status="${status}"]`);
}

async function startDevReviewRun(board: BoardPage): Promise<Locator> {
  await board.card(demoCard.title).click();
  const panel = board.page.getByTestId('card-panel');
  const section = panel.getByTestId('run-section');
  await section.getByRole('radio', { name: 'Dev ⇄ review' }).check();
  await section.getByRole('button', { name: 'Run', exact: true }).click();
  await runOf(panel).waitFor();
  return panel;
}

describe('a dev ⇄ review run in the browser, on the demo', () => {
  let demo: RunningDemo;
  let browser: ChromiumSession;
  let board: BoardPage;
  let panel: Locator;

  beforeAll(async () => {
    demo = await startDemo({ latencyMs: 150, chunkDelayMs: 10 });
    browser = await openChromium({ viewport: { width: 1440, height: 900 } });
    browser.page.setDefaultTimeout(20_000);
    board = new BoardPage(browser.page);
    await board.open(demo.host.url);
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('starts the run from the card and shows the statechart and the agents change live', async () => {
    await recordLiveStates(browser.page);
    panel = await startDevReviewRun(board);
    await panel.locator('.agent[data-state="requesting"]').first().waitFor();
    await panel.locator('.tool-calls', { hasText: 'read_file' }).waitFor();
    // The statechart is behind Details: a newcomer sees words first.
    expect(await panel.locator('.chart-state[data-active="true"]').first().isVisible()).toBe(false);
    await panel.locator('.run-chart-details > summary').click();
    await panel.locator('.chart-state[data-active="true"]').first().waitFor();
    // The first turn's text arrived word by word.
    const first = '[scripted model] Let me look at the project first.';
    const { texts } = await liveStatesSeen(browser.page);
    expect(texts.some((text) => text.trim() === first)).toBe(true);
    expect(texts.some((text) => text.length > 0 && first.startsWith(text) && text.trim() !== first)).toBe(true);
    expect(await board.titles()).toMatchObject({ 'In progress': [demoCard.title] });
  });

  it('pauses and resumes the run', async () => {
    await panel.getByRole('toolbar', { name: 'Run controls' }).getByRole('button', { name: 'Pause' }).click();
    await runOf(panel, 'paused').waitFor();
    await panel.getByRole('img', { name: 'Run: Paused' }).waitFor();
    await panel.getByRole('button', { name: 'Resume' }).click();
    await panel.locator('section.run:not([data-status="paused"])').waitFor();
  });

  it('asks before running a command, and the inbox approves it', async () => {
    const approval = panel.getByRole('group', { name: /^Developer wants to run npm test/ });
    await approval.waitFor();
    expect(await approval.locator('.approval-text').textContent()).toBe('Developer wants to run npm test');
    await panel.locator('.agent[data-state="awaitingApproval"]').waitFor();
    expect(await panel.locator('.run-status-text').textContent()).toContain('round 1 of 3');
    await browser.page.emulateMedia({ colorScheme: 'light' });
    await saveScreenshot(browser.page, 'run-live-light');
    await browser.page.emulateMedia({ colorScheme: 'dark' });
    await saveScreenshot(browser.page, 'run-live-dark');
    await browser.page.emulateMedia({ colorScheme: 'light' });

    await browser.page.getByRole('button', { name: 'Needs you: 1 waiting' }).click();
    const inbox = browser.page.getByTestId('inbox');
    const item = inbox.getByRole('option', { name: /Developer wants to run npm test/ });
    await item.waitFor();
    expect(await item.textContent()).toContain('npm test');
    await item.getByRole('button', { name: 'Approve' }).click();
    await inbox.getByText('Nothing is waiting for you.').waitFor();
    await inbox.getByRole('button', { name: 'Close the inbox' }).click();
    await approval.waitFor({ state: 'detached' });
    await panel.locator('.tool-call', { hasText: 'run_command' }).first().waitFor();
  });

  it('shows the reviewer asking for changes with its finding, then approving', async () => {
    const reviews = panel.getByRole('region', { name: 'Reviews' }).or(panel.locator('section.reviews'));
    await reviews.getByText('changes requested').waitFor();
    await reviews.locator('.finding', { hasText: 'Accented letters are removed, not folded' }).waitFor();
    expect(await reviews.locator('.finding').first().textContent()).toContain('src/slugify.js:2');
    await reviews.getByText('approved').waitFor();
    await runOf(panel, 'needs_you').locator('.gate').waitFor();

    const seen = await liveStatesSeen(browser.page);
    // The diagram lit several states in turn, and the agents' status lines changed as they worked.
    expect(new Set(seen.chart).size).toBeGreaterThanOrEqual(4);
    expect(seen.chart.some((lit) => /review/i.test(lit))).toBe(true);
    expect(new Set(seen.agents.filter((line) => line.startsWith('developer'))).size).toBeGreaterThanOrEqual(3);
    expect(seen.agents.some((line) => /Needs your approval/.test(line))).toBe(true);
  });

  it('opens the diff at the gate with highlighted lines, and looks right in light and dark', async () => {
    const gate = panel.locator('.gate');
    expect(await gate.locator('.gate-reason').textContent()).toMatch(/approved/i);
    const file = gate.getByRole('button', { name: /src\/slugify\.js/ });
    await file.waitFor();
    expect(await file.getAttribute('aria-pressed')).toBe('true');
    const diff = gate.getByRole('region', { name: 'Changes to src/slugify.js' });
    await diff.waitFor();
    expect(await diff.locator('.diff-added').count()).toBeGreaterThan(3);
    expect(await diff.locator('.diff-added', { hasText: ".normalize('NFD')" }).count()).toBe(1);
    expect(await diff.locator('.token-string').count()).toBeGreaterThan(0);
    expect(await diff.locator('.token-keyword').count()).toBeGreaterThan(0);
    await gate.getByRole('button', { name: /test\/slugify\.test\.js/ }).waitFor();
    await diff.scrollIntoViewIfNeeded();
    await saveScreenshot(browser.page, 'run-gate-light');
    await browser.page.emulateMedia({ colorScheme: 'dark' });
    await saveScreenshot(browser.page, 'run-gate-dark');
    const added = await diff.locator('tr.diff-added').first().evaluate((row) => getComputedStyle(row).backgroundColor);
    expect(added).not.toBe('rgba(0, 0, 0, 0)');
    await browser.page.emulateMedia({ colorScheme: 'light' });
  });

  it('merges, and the card moves to Done', async () => {
    await panel.locator('.gate').getByRole('button', { name: 'Merge', exact: true }).click();
    await runOf(panel, 'merged').waitFor();
    await board.column('Done').locator('.card', { hasText: demoCard.title }).waitFor();
    expect(await board.titles()).toMatchObject({ Done: [demoCard.title], 'In progress': [], Review: [] });
    await panel.getByRole('button', { name: 'Run again…' }).waitFor();
  });
});

describe('a run survives a host restart, in the browser', () => {
  let directory: string;
  let server: ScriptedModelServer;
  let demo: RunningDemo | undefined;
  let browser: ChromiumSession;
  let board: BoardPage;
  let panel: Locator;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'kanbots-e2e-restart-'));
    server = await startScriptedModelServer();
    // The developer's second request hangs: the host is stopped while it waits on the model.
    server.script(demoModels.developer, [{ text: '[scripted model] A first look around. ', toolCalls: [{ name: 'list_files', input: {} }], latencyMs: 20 }, { fault: 'hang' }]);
    scriptDemo(server, { latencyMs: 20, chunkDelayMs: 2 });
    demo = await startDemo({ directory, server });
    browser = await openChromium();
    browser.page.setDefaultTimeout(20_000);
    board = new BoardPage(browser.page);
    await board.open(demo.host.url);
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
    await server?.close();
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('shows the run interrupted after the host comes back, and Resume takes it to the gate', async () => {
    panel = await startDevReviewRun(board);
    await panel.locator('.tool-call', { hasText: 'list_files' }).waitFor();
    await expect.poll(() => server.requests.filter((request) => request.lane === demoModels.developer).length, { timeout: 20_000 }).toBe(2);
    await panel.locator('.agent[data-state="requesting"]').waitFor();

    const { port, token } = demo!.host;
    await demo!.stop();
    demo = undefined;
    await browser.page.locator('[data-testid="connection-state"]:not([data-state="online"])').waitFor();
    demo = await startDemo({ directory, server, port, token });
    await board.waitOnline();

    const interrupted = runOf(panel, 'interrupted');
    await interrupted.waitFor();
    expect(await interrupted.locator('.run-status-text').textContent()).toMatch(/^Interrupted by a restart/);
    await panel.locator('.tool-call', { hasText: 'list_files' }).first().waitFor();
    await saveScreenshot(browser.page, 'run-interrupted-light');
    await interrupted.getByRole('button', { name: 'Resume' }).click();

    const approval = panel.getByRole('group', { name: /^Developer wants to run npm test/ });
    await approval.getByRole('button', { name: 'Approve' }).click();
    await runOf(panel, 'needs_you').locator('.gate').waitFor();
    await panel.locator('.gate').getByRole('button', { name: /src\/slugify\.js/ }).waitFor();
    expect(await board.titles()).toMatchObject({ Review: [demoCard.title] });
    expect(() => server.assertComplete()).not.toThrow();
  });
});
