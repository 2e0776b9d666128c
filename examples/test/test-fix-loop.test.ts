import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createKanbots, DuplicateWorkflowError, type Kanbots } from '@kanbots/core';
import { createTestRepository, startScriptedModelServer, type ScriptedModelServer, type TestRepository } from '@kanbots/core/testing';
import { testCommand, testFixLoopWorkflow } from '../test-fix-loop-workflow.js';
import { expectedOutput, runExample } from './run-example.js';

/** Runs the repository's test command in a directory, as the tester's `run_command` does: its exit code. */
function exitCodeOf(directory: string): Promise<number> {
  return new Promise((resolve) => execFile('/bin/sh', ['-c', testCommand], { cwd: directory }, (error) => resolve(error ? Number(error.code ?? 1) : 0)));
}

const failingTest = {
  'sum.txt': '2 + 2 = 5\n',
  'test.sh': 'grep -qx "2 + 2 = 4" sum.txt || { echo "sum.txt says: $(cat sum.txt)"; exit 1; }\n',
};

describe('examples/test-fix-loop.ts: a workflow registered from outside core', () => {
  let repository: TestRepository | undefined;
  let server: ScriptedModelServer | undefined;
  let kanbots: Kanbots | undefined;
  let dataDir: string | undefined;

  afterEach(async () => {
    await kanbots?.close();
    await server?.close();
    await repository?.cleanup();
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
    kanbots = undefined;
    server = undefined;
    repository = undefined;
    dataDir = undefined;
  });

  it('runs the example: the test fails, the developer fixes it, it passes, the gate, the merge — printing what the closing comment says', async () => {
    const { stdout, stderr, code } = await runExample('test-fix-loop.ts');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.split('\n').filter((line) => line.trim().length > 0);
    expect(lines).toEqual(await expectedOutput('test-fix-loop.ts'));
    expect(lines.filter((line) => line.startsWith('tester ran'))).toEqual(['tester ran `sh test.sh`: exit code 1', 'tester ran `sh test.sh`: exit code 0']);
  });

  const open = async (): Promise<{ cardId: string }> => {
    repository = await createTestRepository();
    await repository.writeFiles(failingTest);
    await repository.commitAll('A sum and its failing test');
    server = await startScriptedModelServer();
    dataDir = await mkdtemp(join(tmpdir(), 'kanbots-test-fix-'));
    kanbots = await createKanbots({
      dataDir,
      providers: { anthropic: { apiKey: 'not-a-real-key', baseURL: server.anthropicBaseUrl } },
      gitEnvironment: repository.gitEnvironment,
      workflows: [testFixLoopWorkflow],
    });
    const card = await kanbots.board.dispatch({ type: 'card.create', title: 'Make the tests pass', target: { repository: repository.path } });
    return { cardId: card.createdId! };
  };

  it('hands back to the human, escalated, when the tests still fail at the round limit; the worktree’s test really fails', async () => {
    const { cardId } = await open();
    server!.script('tester-model', [
      { toolCalls: [{ name: 'run_command', input: { command: testCommand } }] },
      { toolCalls: [{ name: 'submit_test_report', input: { passed: false, summary: 'exit 1', failures: 'sum.txt says: 2 + 2 = 5' } }] },
      { toolCalls: [{ name: 'run_command', input: { command: testCommand } }] },
      { toolCalls: [{ name: 'submit_test_report', input: { passed: false, summary: 'exit 1', failures: 'sum.txt says: 2 + 2 = 3' } }] },
    ]);
    // A wrong fix: the sum changes but is still not 4.
    server!.script('developer-model', [
      { toolCalls: [{ name: 'edit_file', input: { path: 'sum.txt', old_string: '= 5', new_string: '= 3' } }] },
      { toolCalls: [{ name: 'finish', input: { summary: 'Changed the sum.' } }] },
    ]);
    const run = await kanbots!.run(cardId, 'test-fix-loop', { models: { tester: 'anthropic:tester-model', developer: 'anthropic:developer-model' }, maxRounds: 1, policy: { default: 'allow' } });
    const atGate = await kanbots!.runs.waitFor(run.id, (summary) => summary.status === 'needs_you');
    expect(atGate.gate).toMatchObject({ reason: 'The tests still fail after 1 fix (the limit).', escalated: true, candidates: ['main'] });
    expect(atGate.agents.map((agent) => [agent.key, agent.role, agent.persona])).toEqual([
      ['tester', 'tester', 'tester'],
      ['developer', 'developer', 'developer'],
    ]);
    const worktree = atGate.worktrees.find((candidate) => candidate.key === 'main')!;
    expect(await exitCodeOf(worktree.path)).toBe(1);
    expect(await repository!.readFile('sum.txt', worktree.path)).toBe('2 + 2 = 3\n');

    // The tester was offered the workflow's own answering tool; the developer was not.
    const toolsOf = (lane: string): string[] => ((server!.requests.find((request) => request.lane === lane)?.body as { tools?: { name: string }[] }).tools ?? []).map((tool) => tool.name);
    expect(toolsOf('tester-model')).toContain('submit_test_report');
    expect(toolsOf('developer-model')).not.toContain('submit_test_report');
    // The failing output went to the developer in its first message.
    const developerRequest = server!.requests.find((request) => request.lane === 'developer-model')!;
    expect(JSON.stringify(developerRequest.body)).toContain('sum.txt says: 2 + 2 = 5');
    server!.assertComplete();
  });

  it('checks the run’s options with the workflow’s schema and refuses an agent CLI for the tester, who answers with a workflow tool', async () => {
    const { cardId } = await open();
    await expect(kanbots!.run(cardId, 'test-fix-loop', { maxRounds: 11, models: { tester: 'anthropic:tester-model', developer: 'anthropic:developer-model' } })).rejects.toThrow(
      /Invalid options of the Test and fix workflow: maxRounds/,
    );
    await expect(kanbots!.run(cardId, 'test-fix-loop', { models: { tester: 'claude-code', developer: 'anthropic:developer-model' } })).rejects.toThrow(/cannot be an agent CLI|tester/);
    expect(kanbots!.runs.list()).toEqual([]);
  });

  it('refuses a second registration of the same id before opening anything', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'kanbots-test-fix-'));
    dataDir = directory;
    await expect(createKanbots({ dataDir: directory, workflows: [testFixLoopWorkflow, testFixLoopWorkflow] })).rejects.toBeInstanceOf(DuplicateWorkflowError);
    // Nothing was opened: the data directory can be opened at once (no lock left behind).
    kanbots = await createKanbots({ dataDir: directory, workflows: [testFixLoopWorkflow] });
    expect(kanbots.workflows.get('test-fix-loop').label).toBe('Test and fix');
  });
});
