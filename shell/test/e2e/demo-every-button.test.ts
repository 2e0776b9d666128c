import { demoCard, demoModels, scriptDemo, startScriptedModelServer, type ScriptedModelServer } from '@kanbots/core/testing';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoOwnCardTitle, startDemo, type RunningDemo } from '../../src/host/demo.js';
import { BoardPage } from './board-page.js';
import { openChromium, saveScreenshot, type ChromiumSession } from './chromium-session.js';

/**
 * A newcomer in the demo presses every button there is — start, pause and resume, deny a command,
 * follow up at the gate, merge, best-of-N on their own card with a pick of another candidate than
 * the judge's, discard — in headless Chromium against the real host and the scripted model. No run
 * ever ends failed and the scripted model is never asked something it has no answer for. Then a
 * follow-up that does fail (the model refuses it) still leaves Merge. Steps build on each other.
 */

/** Remembers, in the page, every status a run section showed. */
async function recordRunStatuses(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen = new Set<string>();
    (window as unknown as { kanbotsStatuses: Set<string> }).kanbotsStatuses = seen;
    new MutationObserver(() => {
      for (const run of document.querySelectorAll('section.run')) seen.add(run.getAttribute('data-status') ?? '');
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
}

function statusesSeen(page: Page): Promise<string[]> {
  return page.evaluate(() => [...(window as unknown as { kanbotsStatuses: Set<string> }).kanbotsStatuses]);
}

function runOf(panel: Locator, status?: string): Locator {
  return panel.locator(status === undefined ? 'section.run' : `section.run[data-status="${status}"]`);
}

async function startRun(board: BoardPage, title: string, workflow: string, again = false): Promise<Locator> {
  await board.card(title).click();
  const panel = board.page.getByTestId('card-panel');
  const section = panel.getByTestId('run-section');
  if (again) await section.getByRole('button', { name: 'Run again…' }).click();
  // The segmented control's label takes the click (the radio itself is hidden under it).
  await section.locator('label.segmented-option', { hasText: new RegExp(`^${workflow}$`) }).click();
  await section.getByRole('radio', { name: workflow, checked: true }).waitFor({ state: 'attached' });
  await section.getByRole('button', { name: 'Run', exact: true }).click();
  await runOf(panel).waitFor();
  return panel;
}

async function closePanel(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Close card details' }).click();
}

describe('every button of the demo has an answer', () => {
  let demo: RunningDemo;
  let browser: ChromiumSession;
  let board: BoardPage;
  let panel: Locator;

  beforeAll(async () => {
    demo = await startDemo({ latencyMs: 60, chunkDelayMs: 4 });
    browser = await openChromium({ viewport: { width: 1440, height: 900 } });
    browser.page.setDefaultTimeout(20_000);
    board = new BoardPage(browser.page);
    await board.open(demo.host.url);
    await recordRunStatuses(browser.page);
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('shows the agents locked to the scripted demo in the run form, not a provider and model', async () => {
    await board.card(demoCard.title).click();
    const section = browser.page.getByTestId('card-panel').getByTestId('run-section');
    const locked = section.getByTestId('demo-model');
    await locked.waitFor();
    expect(await locked.textContent()).toContain('Demo — scripted, no AI');
    expect(await section.getByRole('combobox', { name: 'Provider' }).count()).toBe(0);
    expect(await section.locator('input[name="model"]').count()).toBe(0);
    await saveScreenshot(browser.page, 'demo-run-form-1440');
    await closePanel(browser.page);
  });

  it('starts a dev ⇄ review run, pauses and resumes it', async () => {
    panel = await startRun(board, demoCard.title, 'Dev ⇄ review');
    await panel.locator('.tool-calls', { hasText: 'list_files' }).waitFor();
    await panel.getByRole('toolbar', { name: 'Run controls' }).getByRole('button', { name: 'Pause' }).click();
    await runOf(panel, 'paused').waitFor();
    await panel.getByRole('button', { name: 'Resume' }).click();
    await panel.locator('section.run:not([data-status="paused"])').waitFor();
  });

  it('asks before npm test in plain words; denied, the developer says so and the run goes on', async () => {
    const approval = panel.getByRole('group', { name: /^Developer wants to run npm test/ });
    await approval.waitFor();
    expect(await approval.locator('.approval-text').textContent()).toBe('Developer wants to run npm test');
    await saveScreenshot(browser.page, 'demo-approval-1440');
    await approval.getByRole('button', { name: 'Deny…' }).click();
    await approval.getByLabel('Reason (optional, told to the agent)').fill('Not now');
    await approval.getByRole('button', { name: 'Deny', exact: true }).click();
    await panel.locator('.agent-text', { hasText: 'You denied the command' }).first().waitFor();
    await panel.locator('.finding', { hasText: 'Accented letters are removed' }).waitFor();
    await runOf(panel, 'needs_you').locator('.gate').waitFor();
  });

  it('a follow-up at the gate is answered, reviewed again and brought back to the gate; then merged', async () => {
    const followUp = panel.getByLabel('Follow-up instruction');
    await followUp.fill('Also keep digits like 2nd');
    await panel.locator('form.follow-up').getByRole('button', { name: 'Send' }).click();
    await panel.locator('.agent-text', { hasText: 'no AI reads your words' }).first().waitFor();
    await runOf(panel, 'needs_you').locator('.gate').getByRole('button', { name: /FOLLOW-UP\.md/ }).waitFor();
    await saveScreenshot(browser.page, 'demo-follow-up-gate-1440');
    await panel.locator('.gate').getByRole('button', { name: 'Merge', exact: true }).click();
    await runOf(panel, 'merged').waitFor();
    await board.column('Done').locator('.card', { hasText: demoCard.title }).waitFor();
    await closePanel(browser.page);
  });

  it("best-of-N on one's own card: candidates A, B and C, the judge's pick, another one merged", async () => {
    panel = await startRun(board, demoOwnCardTitle, 'Best of N');
    const gate = runOf(panel, 'needs_you').locator('.gate');
    await gate.waitFor({ timeout: 30_000 });
    const labels = await gate.locator('.candidate-label').allTextContents();
    expect(labels).toEqual(['Candidate A', 'Candidate B', 'Candidate C']);
    expect(await gate.locator('.gate-reason').textContent()).toMatch(/^The judge recommends Candidate [ABC]\.$/);
    const picked = gate.locator('.candidate', { has: browser.page.locator('.badge', { hasText: "judge's pick" }) });
    expect(await picked.count()).toBe(1);
    await gate.getByRole('button', { name: /DEMO-NOTES\.md/ }).waitFor();
    await saveScreenshot(browser.page, 'demo-best-of-n-gate-1440');
    await browser.page.setViewportSize({ width: 900, height: 900 });
    await saveScreenshot(browser.page, 'demo-best-of-n-gate-900');
    await browser.page.setViewportSize({ width: 1440, height: 900 });
    const other = gate.locator('.candidate:not(:has(.badge-accent))').first();
    await other.locator('input[type="radio"]').check();
    await gate.getByRole('button', { name: 'Merge', exact: true }).click();
    await runOf(panel, 'merged').waitFor();
    await closePanel(browser.page);
  });

  it('a solo run is discarded at its gate; no run ever failed and no request went unanswered', async () => {
    panel = await startRun(board, demoCard.title, 'Solo', true);
    const approval = panel.getByRole('group', { name: /^Developer wants to run npm test/ });
    await approval.getByRole('button', { name: 'Approve' }).click();
    const gate = runOf(panel, 'needs_you').locator('.gate');
    await gate.waitFor();
    await gate.getByRole('button', { name: 'Discard…' }).click();
    await browser.page.getByTestId('confirm-dialog').getByRole('button', { name: 'Discard', exact: true }).click();
    await runOf(panel, 'discarded').waitFor();
    const statuses = await statusesSeen(browser.page);
    expect(statuses).not.toContain('failed');
    expect(statuses).toEqual(expect.arrayContaining(['running', 'paused', 'needs_you', 'merged', 'discarded']));
    const unanswered = demo.server.requests.filter((request) => request.outcome !== 'reply' && request.outcome !== 'auxiliary');
    expect(unanswered.map((request) => `${request.outcome} ${request.lane} ${request.path}`)).toEqual([]);
  });
});

describe('a follow-up that fails keeps Merge', () => {
  let server: ScriptedModelServer;
  let demo: RunningDemo;
  let browser: ChromiumSession;
  let board: BoardPage;

  beforeAll(async () => {
    server = await startScriptedModelServer();
    // The solo developer writes a change and finishes; the follow-up is refused (HTTP 400, not retried).
    server.script(demoModels.developer, [
      { toolCalls: [{ name: 'write_file', input: { path: 'NOTES.md', content: 'approved change\n' } }], latencyMs: 20 },
      { toolCalls: [{ name: 'finish', input: { summary: 'Wrote NOTES.md.' } }], latencyMs: 20 },
      { fault: 'status', status: 400, message: 'The model refused this request.' },
    ]);
    scriptDemo(server, { latencyMs: 20, chunkDelayMs: 2 });
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

  it('shows what failed in plain words, the work it can still merge, and merges it', async () => {
    const panel = await startRun(board, demoCard.title, 'Solo');
    await runOf(panel, 'needs_you').locator('.gate').getByRole('button', { name: /NOTES\.md/ }).waitFor();
    await panel.getByLabel('Follow-up instruction').fill('Now also update the README');
    await panel.locator('form.follow-up').getByRole('button', { name: 'Send' }).click();

    const failed = runOf(panel, 'failed');
    await failed.waitFor();
    const failure = failed.getByTestId('run-failure');
    expect(await failure.locator('.run-error-title').textContent()).toBe('The model provider refused the request (often a model name it does not know).');
    expect(await failure.locator('.run-error-cause').textContent()).toContain('The model refused this request.');
    expect(await failed.locator('.run-status-text').textContent()).not.toContain('The model refused this request.');
    await failure.getByRole('button', { name: 'Change model and retry' }).waitFor();
    const gate = failed.locator('.gate');
    expect(await gate.locator('.section-title').textContent()).toContain('What you can still merge');
    await gate.getByRole('button', { name: /NOTES\.md/ }).waitFor();
    await saveScreenshot(browser.page, 'failed-follow-up-keeps-merge-1440');
    await browser.page.setViewportSize({ width: 900, height: 900 });
    await saveScreenshot(browser.page, 'failed-follow-up-keeps-merge-900');
    await browser.page.setViewportSize({ width: 1440, height: 900 });

    await gate.getByRole('button', { name: 'Merge', exact: true }).click();
    await runOf(panel, 'merged').waitFor();
    await board.column('Done').locator('.card', { hasText: demoCard.title }).waitFor();
  });
});
