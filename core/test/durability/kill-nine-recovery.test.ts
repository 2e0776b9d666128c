import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBoardService } from '../../src/board/board-service.js';
import { readRegistry } from '../git/read-registry.js';
import { createTemporaryDirectory, createTestRepository, type TestRepository } from '../../src/testing/git-fixtures.js';
import { startScriptedModelServer, type ScriptedModelServer } from '../../src/testing/scripted-model-server/index.js';
import { readStoredRun } from '../support/stored-run.js';
import { runDurabilityChild } from './durability-process.js';
import { developerStep, reviewerStep, versionTwo } from './durability-script.js';

/**
 * kill -9 at named points of a dev ⇄ review run, in a child process; the scripted model server
 * lives in this (parent) process and survives. Each scenario lists kill points: the child dies at
 * one, is restarted, dies at the next, … until a restart completes the run. Then: the right files
 * are merged, no tool call ran twice, the board is consistent, and every kill point was reached.
 */

let server: ScriptedModelServer;
beforeAll(async () => {
  server = await startScriptedModelServer();
});
afterAll(async () => {
  await server.close();
});

/** What the disk looks like after a kill, changed the way the crash would have left it (`point` is where the child died). */
type AfterKill = (point: string, dataDir: string) => Promise<void>;

/** Makes the repository a project with worktree settings before the run starts. */
type PrepareRepository = (repository: TestRepository) => Promise<void>;

async function scenario(killPoints: readonly string[], afterKill?: AfterKill, prepare?: PrepareRepository): Promise<void> {
  server.reset();
  server.script('dev-model', Array.from({ length: 200 }, () => developerStep));
  server.script('review-model', Array.from({ length: 200 }, () => reviewerStep));
  const temporary = await createTemporaryDirectory();
  const repository = await createTestRepository();
  await prepare?.(repository);
  const dataDir = join(temporary.path, 'data');
  const env = {
    KANBOTS_TEST_DATA_DIR: dataDir,
    KANBOTS_TEST_REPOSITORY: repository.path,
    KANBOTS_TEST_SERVER: server.anthropicBaseUrl,
    KANBOTS_TEST_COUNTERS: join(temporary.path, 'counters.json'),
    KANBOTS_TEST_KILL_AT: killPoints.join(','),
    ANTHROPIC_API_KEY: '',
  };
  try {
    const kills: string[] = [];
    for (let attempt = 0; attempt <= killPoints.length; attempt += 1) {
      const result = await runDurabilityChild({ env });
      if (result.signal === 'SIGKILL') {
        const point = /KILL (\S+)/.exec(result.stdout)?.[1] ?? '?';
        kills.push(point);
        await afterKill?.(point, dataDir);
        continue;
      }
      expect(result.stderr, result.stderr).not.toMatch(/Error/);
      expect(result.stdout).toMatch(/DONE run_\S+ merged/);
      break;
    }
    // Every kill point was reached (and killed the child) exactly once.
    expect([...kills].sort()).toEqual([...killPoints].sort());

    expect(await repository.git(['show', 'main:src/app.txt'])).toBe(versionTwo);
    expect(await repository.git(['show', 'main:README.md'])).toBe('# Test repository\n');
    expect(await repository.git(['status', '--porcelain'])).toBe('');
    // No worktree left behind: git lists only the user's checkout, the registry nothing live.
    expect((await repository.git(['worktree', 'list', '--porcelain'])).split('\n').filter((line) => line.startsWith('worktree '))).toHaveLength(1);
    expect(readRegistry(dataDir)?.worktrees.map((entry) => entry.state)).toEqual(['removed']);
    const effects = (await repository.git(['show', 'main:effects.log'])).split('\n').filter((line) => line !== '');
    expect(new Set(effects).size).toBe(effects.length); // no tool call executed twice
    expect(effects.some((line) => line.startsWith('toolu_dev_r2'))).toBe(true);

    const runId = /DONE (run_\S+)/.exec((await runDurabilityChild({ env })).stdout)?.[1];
    expect(runId).toBeDefined();
    const stored = await readStoredRun(dataDir, runId!);
    const record = stored.record!;
    expect(record.finished).toBe('merged');
    const reviews = (record.workflowSnapshot as { context: { reviews: { verdict: string }[] } }).context.reviews;
    expect(reviews.map((review) => review.verdict)).toEqual(['request_changes', 'approve']);
    const records = stored.activity;
    const started = records.filter((entry) => entry.kind === 'tool.call').map((entry) => entry.data.callId as string);
    expect(new Set(started).size).toBe(started.length); // no call started twice
    expect(JSON.stringify(records)).not.toContain('sk-ant-durability-key-0001');

    const board = await openBoardService({ dataDir });
    const card = board.getBoard().cards[0]!;
    expect(board.getBoard().columns.find((column) => column.id === card.columnId)?.name).toBe('Done');
    expect(board.getBoard().cards).toHaveLength(1);
    await board.close();
    expect(readFileSync(env.KANBOTS_TEST_COUNTERS, 'utf8')).toContain('merge.after');
  } finally {
    await repository.cleanup();
    await rm(temporary.path, { recursive: true, force: true });
  }
}

describe('kill -9 durability of a dev ⇄ review run', () => {
  it('recovers from crashes while the run starts and the developer works (round 1)', { timeout: 240_000 }, async () => {
    await scenario([
      'run.created#1',
      'worktree.create.before#1',
      'worktree.create.after#1',
      'agent.deliver.before#1',
      'agent.deliver.after#1',
      'model.responded#1',
      'tool.before:write_file#1',
      'tool.after:write_file#1',
      'approval.requested#1',
      'tool.before:run_command#1',
      'tool.after:run_command#1',
      'tool.before:finish#1',
    ]);
  });

  it('recovers from crashes during review, between rounds, at the gate and during the merge', { timeout: 240_000 }, async () => {
    await scenario([
      'tool.after:finish#1',
      'workflow.persisted:reviewing#1',
      'tool.before:show_diff#1',
      'tool.before:submit_review#1',
      'tool.after:submit_review#1',
      'agent.deliver.after#3',
      'tool.before:run_command#2',
      'tool.before:submit_review#2',
      'gate.opened#1',
      'merge.before#1',
      'merge.after#1',
      'worktree.removed#1',
    ]);
  });

  it('recovers from crashes between the steps of creating and removing worktrees, and from a removal stopped halfway', { timeout: 240_000 }, async () => {
    // At `worktree.remove.started` git has begun deleting the checkout; a crash there leaves it
    // half-deleted, its `.git` file and README.md gone. The merge is recorded already: nothing of
    // the half-deleted checkout may reach the branch or the base.
    const halfDelete: AfterKill = async (point, dataDir) => {
      if (!point.startsWith('worktree.remove.started')) return;
      const worktree = readRegistry(dataDir)!.worktrees.find((entry) => entry.state === 'removing')!;
      for (const name of ['.git', 'README.md', 'src/app.txt']) await rm(join(worktree.path, name), { force: true });
    };
    await scenario(['worktree.registered#1', 'worktree.created#1', 'merge.committed#1', 'worktree.remove.started#1'], halfDelete);
  });

  it('recovers from crashes before, during and after a worktree\'s setup: the setup runs again, the killed one does not finish behind it', { timeout: 240_000 }, async () => {
    const logs = await createTemporaryDirectory();
    const log = join(logs.path, 'setup.log');
    const prepare: PrepareRepository = async (repository) => {
      // Slow enough that the kill at its first output lands while it runs.
      const setup = `echo started >> "${log}"; echo setting up; sleep 3; echo finished >> "${log}"; touch .set-up`;
      await repository.writeFiles({ '.gitignore': '.set-up\n', '.kanbots/config.json': JSON.stringify({ worktrees: { scripts: { setup } } }) });
      await repository.commitAll('a project with a setup');
    };
    await scenario(['setup.before#1', 'setup.output#1', 'setup.after#1'], undefined, prepare);
    // Started twice (killed at its first output, then once more), finished once: the script killed
    // mid-way never wrote its line, even long after; the kill after it (the worktree recorded ready)
    // does not set it up a third time.
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    try {
      expect(readFileSync(log, 'utf8')).toBe('started\nstarted\nfinished\n');
    } finally {
      await logs.cleanup();
    }
  });
});
