/**
 * A workflow of your own, registered from outside Kanbots and run headless: "Test and fix"
 * (examples/test-fix-loop-workflow.ts). The repository's `sh test.sh` really fails at first; the
 * tester runs it and reports, the developer fixes the code in its worktree, the tester runs it
 * again and it passes, the run stops at the gate and the fix is merged. The "models" are Kanbots'
 * scripted model server on 127.0.0.1, spoken to by the real Anthropic adapter, so this runs offline.
 *
 *   node --conditions=kanbots-source --import tsx examples/test-fix-loop.ts
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKanbots } from '@kanbots/core';
import { createTestRepository, startScriptedModelServer } from '@kanbots/core/testing';
import { testCommand, testFixLoopWorkflow } from './test-fix-loop-workflow.js';

const repository = await createTestRepository();
const server = await startScriptedModelServer();
const dataDir = await mkdtemp(join(tmpdir(), 'kanbots-example-'));
try {
  await repository.writeFiles({
    'sum.txt': '2 + 2 = 5\n',
    'test.sh': 'grep -qx "2 + 2 = 4" sum.txt || { echo "sum.txt says: $(cat sum.txt)"; exit 1; }\necho "sum.txt is right"\n',
  });
  await repository.commitAll('A sum and its test');

  server.script('tester-model', [
    { toolCalls: [{ name: 'run_command', input: { command: testCommand } }] },
    { toolCalls: [{ name: 'submit_test_report', input: { passed: false, summary: 'test.sh exits 1', failures: 'sum.txt says: 2 + 2 = 5' } }] },
    { toolCalls: [{ name: 'run_command', input: { command: testCommand } }] },
    { toolCalls: [{ name: 'submit_test_report', input: { passed: true, summary: 'test.sh exits 0' } }] },
  ]);
  server.script('developer-model', [
    { toolCalls: [{ name: 'edit_file', input: { path: 'sum.txt', old_string: '= 5', new_string: '= 4' } }] },
    { toolCalls: [{ name: 'finish', input: { summary: 'Corrected the sum.' } }] },
  ]);

  const kanbots = await createKanbots({
    dataDir,
    providers: { anthropic: { apiKey: 'not-a-real-key', baseURL: server.anthropicBaseUrl } },
    gitEnvironment: repository.gitEnvironment,
    workflows: [testFixLoopWorkflow],
  });
  kanbots.subscribe((event) => {
    if (event.type === 'run.agent.event' && event.event.type === 'agent.tool.finished' && event.event.name === 'run_command') {
      console.log(`${event.agent} ran \`${String(event.event.data?.['command'])}\`: exit code ${String(event.event.data?.['exitCode'])}`);
    }
    if (event.type === 'run.agent.event' && event.event.type === 'agent.tool.finished' && event.event.name === 'edit_file') console.log(`${event.agent} edited the code`);
    if (event.type === 'run.gate.opened') console.log(`gate: ${event.gate.reason}`);
    if (event.type === 'run.finished') console.log(`run ${event.outcome}`);
  });

  console.log(`workflows: ${kanbots.workflows.list().map((workflow) => workflow.label).join(', ')}`);
  const card = await kanbots.board.dispatch({ type: 'card.create', title: 'Make the tests pass', target: { repository: repository.path } });
  const run = await kanbots.run(card.createdId!, testFixLoopWorkflow.id, {
    models: { tester: 'anthropic:tester-model', developer: 'anthropic:developer-model' },
    maxRounds: 2,
    policy: { default: 'allow' },
  });
  await kanbots.runs.waitFor(run.id, (summary) => summary.status === 'needs_you');
  kanbots.merge(run.id);
  await kanbots.runs.waitFor(run.id, (summary) => summary.status === 'merged');
  console.log(`main:sum.txt is now ${JSON.stringify(await repository.git(['show', 'main:sum.txt']))}`);
  await kanbots.close();
  server.assertComplete();
} finally {
  await server.close();
  await repository.cleanup();
  await rm(dataDir, { recursive: true, force: true });
}

// Expected output:
// workflows: Solo, Dev ⇄ review, Best of N, Pipeline, Test and fix
// tester ran `sh test.sh`: exit code 1
// developer edited the code
// tester ran `sh test.sh`: exit code 0
// gate: The tests pass after 1 fix.
// run merged
// main:sum.txt is now "2 + 2 = 4\n"
