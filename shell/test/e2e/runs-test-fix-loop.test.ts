import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAnthropicModel, type ResolvedModel } from '@kanbots/core';
import { createTestRepository, startScriptedModelServer, type ScriptedModelServer, type ScriptedStep, type TestRepository } from '@kanbots/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkflowModules } from '../../src/host/workflow-modules.js';
import { saveScreenshotsWideAndNarrow } from './chromium-session.js';
import { useHostSession } from './host-fixture.js';

/**
 * A workflow an embedder defines outside core (examples/test-fix-loop-workflow.ts), loaded the way
 * `kanbots serve --workflows <module>` loads it, is offered by the run form under its label with
 * its own option and roles — no UI change — and its run reaches the gate: the repository's
 * `sh test.sh` really fails, the developer fixes the code, it passes. Headless Chromium against
 * the real host and the scripted model server.
 */
const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const lane = 'test-fix-lane';
const runTests: ScriptedStep = { toolCalls: [{ name: 'run_command', input: { command: 'sh test.sh' } }] };

let server: ScriptedModelServer;
let repository: TestRepository;
let workflows: Awaited<ReturnType<typeof loadWorkflowModules>>;

beforeAll(async () => {
  server = await startScriptedModelServer();
  repository = await createTestRepository();
  await repository.writeFiles({ 'sum.txt': '2 + 2 = 5\n', 'test.sh': 'grep -qx "2 + 2 = 4" sum.txt || { echo "sum.txt says: $(cat sum.txt)"; exit 1; }\n' });
  await repository.commitAll('A sum and its failing test');
  workflows = await loadWorkflowModules(['examples/test-fix-loop-workflow.ts'], repositoryRoot);
  // Tester and developer take turns, one request at a time, on the lane the form's model names.
  server.script(lane, [
    runTests,
    { toolCalls: [{ name: 'submit_test_report', input: { passed: false, summary: 'test.sh exits 1', failures: 'sum.txt says: 2 + 2 = 5' } }] },
    { toolCalls: [{ name: 'edit_file', input: { path: 'sum.txt', old_string: '= 5', new_string: '= 4' } }] },
    { toolCalls: [{ name: 'finish', input: { summary: 'Corrected the sum.' } }] },
    runTests,
    { toolCalls: [{ name: 'submit_test_report', input: { passed: true, summary: 'test.sh exits 0' } }] },
  ]);
});

afterAll(async () => {
  await server?.close();
  await repository?.cleanup();
});

describe('a workflow registered from outside core, started from the run form', () => {
  const session = useHostSession({
    defaultTimeout: 20_000,
    host: () => {
      const model = createAnthropicModel({ apiKey: 'scripted-test-key', baseURL: server.anthropicBaseUrl });
      const resolveModel = (choice: string | undefined): ResolvedModel => ({ model, provider: 'anthropic', modelName: choice?.split(':').at(-1) ?? lane });
      return { resolveModel, defaultRepository: repository.path, gitEnvironment: repository.gitEnvironment, kanbots: { workflows, gitEnvironment: repository.gitEnvironment } };
    },
  });

  it('offers "Test and fix" with its round limit and roles, and its run reaches the gate with the tests passing', async () => {
    const { page, board } = session;
    await board.addCards('Backlog', ['Make the tests pass']);
    await board.card('Make the tests pass').click();
    const panel = page.getByTestId('card-panel');
    const section = panel.getByTestId('run-section');
    const choice = section.locator('label.segmented-option', { hasText: /^Test and fix$/ });
    await choice.click();
    expect(await section.locator('label.segmented-option').allTextContents()).toEqual(['Solo', 'Dev ⇄ review', 'Best of N', 'Pipeline', 'Test and fix']);
    const rounds = section.locator('input[name="maxRounds"]');
    expect(await rounds.inputValue()).toBe('3');
    expect(await rounds.getAttribute('max')).toBe('10');
    expect(await section.locator('label.field', { has: page.locator('input[name="maxRounds"]') }).locator('.field-label').textContent()).toBe('Fix rounds (at most)');
    expect(await section.locator('input[name^="persona-"]').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).name))).toEqual(['persona-tester', 'persona-developer']);
    await section.locator('input[name="model"]').fill(lane);
    await saveScreenshotsWideAndNarrow(page, 'run-form-test-fix-loop', () => section.scrollIntoViewIfNeeded());
    await section.getByRole('button', { name: 'Run', exact: true }).click();

    // The tester's command asks first (the default tool policy); so does its second run.
    for (let index = 0; index < 2; index += 1) {
      const approval = panel.getByRole('group', { name: /wants to run sh test\.sh/ });
      await approval.waitFor();
      await approval.getByRole('button', { name: 'Approve' }).click();
      await approval.waitFor({ state: 'detached' });
    }
    const run = panel.locator('section.run[data-status="needs_you"]');
    await run.locator('.gate').waitFor();
    expect(await run.locator('.section-title').first().textContent()).toContain('Test and fix run');
    expect(await run.locator('.gate').textContent()).toContain('The tests pass after 1 fix.');
    expect(await run.locator('.agent .agent-role').allTextContents()).toEqual(['tester', 'developer']);
    const summary = session.host.running.kanbots.runs.list()[0]!;
    expect(summary.workflow).toBe('test-fix-loop');
    const worktree = summary.worktrees.find((candidate) => candidate.key === 'main')!;
    expect(await repository.readFile('sum.txt', worktree.path)).toBe('2 + 2 = 4\n');
    await saveScreenshotsWideAndNarrow(page, 'run-gate-test-fix-loop', () => run.locator('.gate').scrollIntoViewIfNeeded());
    expect(() => server.assertComplete()).not.toThrow();
  });
});
