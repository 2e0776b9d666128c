import { demoCard, demoModels, startScriptedModelServer, type ScriptedModelServer, type ScriptedStep } from '@kanbots/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type RunningDemo } from '../../src/host/demo.js';
import { BoardPage } from './board-page.js';
import { openChromium, saveScreenshot, type ChromiumSession } from './chromium-session.js';

/**
 * A pipeline started from the run form, as a person fills it in, runs planner → developer →
 * tester → reviewer and reaches its human gate. In headless Chromium against the real host and
 * the scripted model server.
 */
const finish = (summary: string): ScriptedStep => ({ toolCalls: [{ name: 'finish', input: { summary } }] });

describe('a pipeline from the run form', () => {
  let server: ScriptedModelServer;
  let demo: RunningDemo;
  let browser: ChromiumSession;
  let board: BoardPage;

  beforeAll(async () => {
    server = await startScriptedModelServer();
    // The demo's personas answer from two lanes: the reviewer's, and everyone else's.
    server.script(demoModels.developer, [finish('PLAN: one step'), finish('DEV: done'), finish('TEST: green')]);
    server.script(demoModels.reviewer, [{ toolCalls: [{ name: 'submit_review', input: { verdict: 'approve', summary: 'REVIEW: fine', findings: [] } }] }]);
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

  it('runs every step and reaches the gate', async () => {
    const page = browser.page;
    await board.card(demoCard.title).click();
    const panel = page.getByTestId('card-panel');
    const section = panel.getByTestId('run-section');
    await section.locator('label.segmented-option', { hasText: /^Pipeline$/ }).click();
    expect(await section.locator('input[name="steps"]').inputValue()).toBe('planner, developer, tester, reviewer');
    await section.getByRole('button', { name: 'Run', exact: true }).click();
    const run = panel.locator('section.run[data-status="needs_you"]');
    await run.locator('.gate').waitFor();
    expect(await run.locator('.agent .agent-role').allTextContents()).toEqual(['planner', 'developer', 'tester', 'reviewer']);
    await saveScreenshot(page, 'pipeline-gate-1440');
    expect(() => server.assertComplete()).not.toThrow();
  });
});
