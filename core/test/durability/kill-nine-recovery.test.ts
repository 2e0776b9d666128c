import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBoardService } from '../../src/board/board-service.js';
import { readActivityLog } from '../../src/log/activity-log.js';
import { activityLogPath, readJsonFileSync, runFilePath } from '../../src/runs/run-files.js';
import type { RunRecord } from '../../src/runs/run-record.js';
import { createTemporaryDirectory, createTestRepository } from '../../src/testing/git-fixtures.js';
import { startScriptedModelServer, type ScriptedModelServer } from '../../src/testing/scripted-model-server/index.js';
import { developerStep, reviewerStep, versionTwo } from './durability-script.js';

/**
 * kill -9 at named points of a dev ⇄ review run, in a child process; the scripted model server
 * lives in this (parent) process and survives. Each scenario lists kill points: the child dies at
 * one, is restarted, dies at the next, … until a restart completes the run. Then: the right files
 * are merged, no tool call ran twice, the board is consistent, and every kill point was reached.
 */

const child = join(dirname(fileURLToPath(import.meta.url)), 'durability-child.ts');
const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

let server: ScriptedModelServer;
beforeAll(async () => {
  server = await startScriptedModelServer();
});
afterAll(async () => {
  await server.close();
});

function runChild(env: Record<string, string>): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const process_ = spawn(process.execPath, ['--conditions=kanbots-source', '--import', 'tsx', child], { cwd: repositoryRoot, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    process_.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    process_.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    process_.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

async function scenario(killPoints: readonly string[]): Promise<void> {
  server.reset();
  server.script('dev-model', Array.from({ length: 200 }, () => developerStep));
  server.script('review-model', Array.from({ length: 200 }, () => reviewerStep));
  const temporary = await createTemporaryDirectory();
  const repository = await createTestRepository();
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
      const result = await runChild(env);
      if (result.signal === 'SIGKILL') {
        kills.push(/KILL (\S+)/.exec(result.stdout)?.[1] ?? '?');
        continue;
      }
      expect(result.stderr, result.stderr).not.toMatch(/Error/);
      expect(result.stdout).toMatch(/DONE run_\S+ merged/);
      break;
    }
    // Every kill point was reached (and killed the child) exactly once.
    expect([...kills].sort()).toEqual([...killPoints].sort());

    expect(await repository.git(['show', 'main:src/app.txt'])).toBe(versionTwo);
    const effects = (await repository.git(['show', 'main:effects.log'])).split('\n').filter((line) => line !== '');
    expect(new Set(effects).size).toBe(effects.length); // no tool call executed twice
    expect(effects.some((line) => line.startsWith('toolu_dev_r2'))).toBe(true);

    const runId = /DONE (run_\S+)/.exec((await runChild(env)).stdout)?.[1];
    expect(runId).toBeDefined();
    const record = readJsonFileSync(runFilePath(dataDir, runId!)) as RunRecord;
    expect(record.finished).toBe('merged');
    const reviews = (record.workflowSnapshot as { context: { reviews: { verdict: string }[] } }).context.reviews;
    expect(reviews.map((review) => review.verdict)).toEqual(['request_changes', 'approve']);
    const { records } = await readActivityLog(activityLogPath(dataDir, runId!));
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
});
