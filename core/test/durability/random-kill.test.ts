import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScriptedModelServer, type ScriptedModelServer } from '../../src/testing/scripted-model-server/index.js';
import { createTemplateRepository, runKillTrial, seededRandom, type TemplateRepository } from './random-kill-trial.js';

/**
 * kill -9 at uniformly random instants (not only the named points of kill-nine-recovery.test.ts):
 * each trial runs dev ⇄ review to its merge in a child process on a repository of a few thousand
 * files, kills the child's whole process group 1–3 times at random instants of its lifetime —
 * inside model calls, tool calls, worktree creation, the merge and worktree removal alike —
 * restarts it each time, lets the last one finish, and checks what a user relies on.
 *
 *   KANBOTS_KILL_TRIALS   number of trials (default 4; the CI bound is a few minutes)
 *   KANBOTS_KILL_SEED     seed of the kill instants (default 1); a violation names its trial's seed
 *   KANBOTS_KILL_FILES    files in the repository (default 3000)
 *   KANBOTS_KILL_REPLAY   replay trials: `<window ms>:<trial seed>,<trial seed>…` as printed by a violation
 */

const trials = Number(process.env.KANBOTS_KILL_TRIALS ?? '4');
const seed = Number(process.env.KANBOTS_KILL_SEED ?? '1');
const fileCount = Number(process.env.KANBOTS_KILL_FILES ?? '3000');
const replay = process.env.KANBOTS_KILL_REPLAY?.split(':');
const replaySeeds = replay?.[1]?.split(',').map(Number);

let server: ScriptedModelServer;
let template: TemplateRepository;
beforeAll(async () => {
  server = await startScriptedModelServer();
  template = await createTemplateRepository(fileCount);
});
afterAll(async () => {
  await server.close();
  await template.repository.cleanup();
});

describe('kill -9 at random instants of a dev ⇄ review run', () => {
  it(`keeps the base branch, the worktrees, git and the run sound over ${replaySeeds?.length ?? trials} trials`, { timeout: 120_000 + (replaySeeds?.length ?? trials) * 120_000 }, async () => {
    // An unkilled run measures the window kill instants are drawn from (its child's lifetime), and must itself be sound.
    let windowMs = Number(replay?.[0] ?? '0');
    if (replay === undefined) {
      const calibration = await runKillTrial({ server, template, random: () => 0, windowMs: 0, kills: 0, finishTimeoutMs: 90_000 });
      expect(calibration.violations).toEqual([]);
      windowMs = Math.ceil(calibration.incarnationsMs[0]!);
    }
    const trialSeeds = replaySeeds ?? Array.from({ length: trials }, (_, trial) => seed * 100_003 + trial);

    const violations: string[] = [];
    let kills = 0;
    let finishedEarly = 0;
    const started = performance.now();
    for (const [trial, trialSeed] of trialSeeds.entries()) {
      const random = seededRandom(trialSeed);
      const result = await runKillTrial({ server, template, random, windowMs, kills: 1 + Math.floor(random() * 3), finishTimeoutMs: 90_000 });
      kills += result.killedAt.length;
      finishedEarly += result.finishedEarly;
      for (const violation of result.violations) violations.push(`trial ${trial} (replay ${windowMs}:${trialSeed}, kills at ${result.killedAt.join('/')} ms): ${violation}`);
    }
    console.log(
      [
        `random kill -9: ${trialSeeds.length} trials, ${kills} kills (${finishedEarly} incarnations finished before their kill instant),`,
        `${fileCount} files, kill window ${windowMs} ms, ${Math.round((performance.now() - started) / 1000)} s, ${violations.length} violations`,
        ...violations,
      ].join('\n'),
    );
    expect(violations).toEqual([]);
  });
});
