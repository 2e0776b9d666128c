import { cp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openBoardService } from '../../src/board/board-service.js';
import { readRegistry } from '../git/read-registry.js';
import { createTemporaryDirectory, createTestRepository, runTestGit, type TestRepository } from '../../src/testing/git-fixtures.js';
import type { ScriptedModelServer } from '../../src/testing/scripted-model-server/index.js';
import { readStoredRun } from '../support/stored-run.js';
import { runDurabilityChild } from './durability-process.js';
import { developerStep, reviewerStep, versionTwo } from './durability-script.js';

/**
 * One trial of the random-instant kill test: a fresh copy of a repository of a few thousand files,
 * a child process running dev ⇄ review to its merge, SIGKILLed (with the git processes it started)
 * at uniformly random instants, restarted each time, and finally left to finish. Then every
 * invariant a user relies on is checked; what does not hold is returned as a list of violations.
 */

/** A small deterministic generator (mulberry32): the same seed gives the same kill instants. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

export interface TemplateRepository {
  repository: TestRepository;
  /** `git ls-tree -r` of the base branch the merged run must produce (effects.log aside). */
  expectedTree: string;
}

/** A repository with `fileCount` files in nested folders, and the tree the run's merge must give. */
export async function createTemplateRepository(fileCount: number): Promise<TemplateRepository> {
  const repository = await createTestRepository();
  const files: Record<string, string> = {};
  for (let index = 0; index < fileCount; index += 1) files[`files/group-${index % 40}/file-${index}.txt`] = `file ${index}\n`;
  await repository.writeFiles(files);
  await repository.commitAll('a few thousand files');
  const appBlob = await hashText(repository, versionTwo);
  const listing = (await repository.git(['ls-tree', '-r', 'main'])).split('\n').filter((line) => line !== '');
  const expected = listing.map((line) => (line.endsWith('\tsrc/app.txt') ? `100644 blob ${appBlob}\tsrc/app.txt` : line));
  return { repository, expectedTree: expected.join('\n') };
}

async function hashText(repository: TestRepository, text: string): Promise<string> {
  const file = join(repository.path, '..', 'expected-app.txt');
  await writeFile(file, text);
  return (await repository.git(['hash-object', file])).trim();
}

export interface TrialOptions {
  server: ScriptedModelServer;
  template: TemplateRepository;
  random: () => number;
  /** Kill instants are drawn uniformly from [0, windowMs) of each incarnation. */
  windowMs: number;
  kills: number;
  /** How long the last, unkilled incarnation may take before the run counts as stuck. */
  finishTimeoutMs: number;
}

export interface TrialResult {
  violations: string[];
  /** Kill instants (ms after the incarnation started) of the kills that happened. */
  killedAt: number[];
  /** Incarnations that finished before their kill instant came. */
  finishedEarly: number;
  /** How long each child process lived. */
  incarnationsMs: number[];
  elapsedMs: number;
}

export async function runKillTrial(options: TrialOptions): Promise<TrialResult> {
  const { server } = options;
  server.reset();
  server.script('dev-model', Array.from({ length: 200 }, () => developerStep));
  server.script('review-model', Array.from({ length: 200 }, () => reviewerStep));
  const temporary = await createTemporaryDirectory();
  const repositoryPath = join(temporary.path, 'repository');
  await cp(options.template.repository.path, repositoryPath, { recursive: true, verbatimSymlinks: true });
  const dataDir = join(temporary.path, 'data');
  await mkdir(dataDir, { recursive: true });
  const env = {
    KANBOTS_TEST_DATA_DIR: dataDir,
    KANBOTS_TEST_REPOSITORY: repositoryPath,
    KANBOTS_TEST_SERVER: server.anthropicBaseUrl,
    KANBOTS_TEST_COUNTERS: join(temporary.path, 'counters.json'),
    KANBOTS_TEST_KILL_AT: '',
    ANTHROPIC_API_KEY: '',
  };
  const started = performance.now();
  const violations: string[] = [];
  const killedAt: number[] = [];
  let finishedEarly = 0;
  const incarnationsMs: number[] = [];
  let finished = false;
  try {
    for (let kill = 0; kill < options.kills && !finished; kill += 1) {
      const at = Math.floor(options.random() * options.windowMs);
      const result = await runDurabilityChild({ env, killAfterMs: at });
      incarnationsMs.push(result.elapsedMs);
      if (result.killedByParent) {
        killedAt.push(at);
        continue;
      }
      finishedEarly += 1;
      if (/DONE run_\S+ merged/.test(result.stdout)) finished = true;
      else violations.push(`an incarnation ended by itself without merging (code ${result.code}): ${lastLines(result.stdout + result.stderr)}`);
    }
    if (!finished) {
      const result = await runDurabilityChild({ env, timeoutMs: options.finishTimeoutMs });
      incarnationsMs.push(result.elapsedMs);
      if (result.killedByParent) violations.push(`the run is stuck: not merged ${options.finishTimeoutMs} ms after the last restart: ${lastLines(result.stdout + result.stderr)}`);
      else if (!/DONE run_\S+ merged/.test(result.stdout)) violations.push(`the run did not merge after the last restart (code ${result.code}): ${lastLines(result.stdout + result.stderr)}`);
      else finished = true;
    }
    if (finished) violations.push(...(await checkInvariants(repositoryPath, dataDir, options.template.expectedTree)));
  } catch (error) {
    violations.push(`the trial itself failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await rm(temporary.path, { recursive: true, force: true });
  }
  return { violations, killedAt, finishedEarly, incarnationsMs, elapsedMs: performance.now() - started };
}

async function checkInvariants(repository: string, dataDir: string, expectedTree: string): Promise<string[]> {
  const violations: string[] = [];
  const git = (args: string[]) => runTestGit(repository, args);

  // The base branch has exactly the expected content: every file of the repository, the card's change, the effects.
  const tree = (await git(['ls-tree', '-r', 'main'])).split('\n').filter((line) => line !== '' && !line.endsWith('\teffects.log'));
  const expected = expectedTree.split('\n');
  const missing = expected.filter((line) => !tree.includes(line));
  const extra = tree.filter((line) => !expected.includes(line));
  if (missing.length > 0 || extra.length > 0) {
    violations.push(`the base branch differs from the expected content: ${missing.length} files missing or changed (${missing.slice(0, 3).map(pathOf).join(', ')}), ${extra.length} unexpected (${extra.slice(0, 3).map(pathOf).join(', ')})`);
  }
  // No tool call ran twice: each run_command appends its own call id to effects.log.
  const effects = (await git(['show', 'main:effects.log']).catch(() => '')).split('\n').filter((line) => line !== '');
  if (new Set(effects).size !== effects.length) violations.push(`a command ran twice: effects.log has ${effects.join(', ')}`);
  if (!effects.some((line) => line.startsWith('toolu_dev_r2'))) violations.push(`the second command's effect is not on the base branch: ${effects.join(', ')}`);
  // The user's checkout of the base branch follows it and is clean.
  const status = await git(['status', '--porcelain']);
  if (status.trim() !== '') violations.push(`the repository's checkout is not clean after the merge: ${status.trim().split('\n').slice(0, 3).join('; ')}`);
  // git fsck is clean.
  const fsck = await new Promise<string>((resolve) => {
    runTestGit(repository, ['fsck', '--no-progress', '--no-dangling']).then(
      (output) => resolve(output.trim()),
      (error: Error) => resolve(`fsck failed: ${error.message}`),
    );
  });
  if (fsck !== '') violations.push(`git fsck: ${fsck.slice(0, 300)}`);
  // No leaked worktree: git lists only the main checkout, the registry nothing live, the disk nothing.
  const worktreeLines = (await git(['worktree', 'list', '--porcelain'])).split('\n').filter((line) => line.startsWith('worktree '));
  if (worktreeLines.length !== 1) violations.push(`git still lists worktrees: ${worktreeLines.slice(1).join(', ')}`);
  const live = readRegistry(dataDir)?.worktrees.filter((entry) => entry.state !== 'removed') ?? [];
  if (live.length > 0) violations.push(`registered worktrees left: ${live.map((entry) => `${entry.id} (${entry.state})`).join(', ')}`);
  const root = join(dataDir, 'worktrees');
  if (existsSync(root)) {
    for (const folder of await readdir(root)) {
      const left = await readdir(join(root, folder));
      if (left.length > 0) violations.push(`worktree directories left on disk: ${left.join(', ')}`);
    }
  }
  // The run is merged, the card is in Done, no tool call was started twice.
  const stored = await readStoredRun(dataDir);
  const record = stored.record!;
  if (record.finished !== 'merged') violations.push(`the run record says ${String(record.finished)}, not merged`);
  for (const agent of Object.values(record.agents)) {
    // Every call is started once at most: the snapshot that holds a call and its `started` are one
    // step boundary, durable before the tool runs, so a restart never re-asks the model turn that
    // asked for it (which would start the same id again) and never runs a started call again.
    const journal = stored.journals[agent.agentId] ?? [];
    const started = new Set<string>();
    for (const entry of journal) {
      if (entry.event !== 'started' || entry.callId === undefined) continue;
      if (started.has(entry.callId)) violations.push(`agent ${agent.key} started the tool call ${entry.callId} twice`);
      started.add(entry.callId);
    }
  }
  const records = stored.activity;
  if (JSON.stringify(records).includes('sk-ant-durability-key-0001')) violations.push('the API key reached the activity log');
  const board = await openBoardService({ dataDir });
  try {
    const cards = board.getBoard().cards;
    const column = board.getBoard().columns.find((candidate) => candidate.id === cards[0]?.columnId)?.name;
    if (cards.length !== 1 || column !== 'Done') violations.push(`the board has ${cards.length} cards, the card is in ${String(column)}`);
  } finally {
    await board.close();
  }
  return violations;
}

function pathOf(line: string): string {
  return line.split('\t')[1] ?? line;
}

/** The first error line and the last lines of a child's output. */
function lastLines(text: string): string {
  const lines = text.trim().split('\n');
  const error = lines.find((line) => /Error/.test(line));
  return [...(error === undefined ? [] : [error]), ...lines.slice(-3)].join(' | ').slice(0, 800);
}
