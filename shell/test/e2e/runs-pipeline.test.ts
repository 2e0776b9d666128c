import { demoCard, demoModels, startScriptedModelServer, type ScriptedModelServer, type ScriptedStep } from '@kanbots/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveScreenshot } from './chromium-session.js';
import { useDemoSession } from './host-fixture.js';

/**
 * A pipeline started from the run form, as a person fills it in, runs planner → developer →
 * tester → reviewer and reaches its human gate. In headless Chromium against the real host and
 * the scripted model server.
 */
const finish = (summary: string): ScriptedStep => ({ toolCalls: [{ name: 'finish', input: { summary } }] });

describe('a pipeline from the run form', () => {
  let server: ScriptedModelServer;

  beforeAll(async () => {
    server = await startScriptedModelServer();
    // The demo's personas answer from two lanes: the reviewer's, and everyone else's.
    server.script(demoModels.developer, [finish('PLAN: one step'), finish('DEV: done'), finish('TEST: green')]);
    server.script(demoModels.reviewer, [{ toolCalls: [{ name: 'submit_review', input: { verdict: 'approve', summary: 'REVIEW: fine', findings: [] } }] }]);
  });

  afterAll(async () => {
    await server?.close();
  });

  // Started after the server above (hooks run in order); stopped before it closes (after-hooks run in reverse).
  const session = useDemoSession(() => ({ server }));

  it('runs every step and reaches the gate', async () => {
    const page = session.page;
    await session.board.card(demoCard.title).click();
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
