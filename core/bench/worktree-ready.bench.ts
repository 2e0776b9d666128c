/**
 * A worktree ready to work, on a repository of 10,000 files with a 200 MB ignored dependency folder
 * (`node_modules`, 2,000 files of 100 KB) and an ignored `.env` listed in `.worktreeinclude`:
 *
 * - time from `kanbots.run()` to the first model request (the scripted model server on 127.0.0.1
 *   notes when it arrives) with `node_modules` linked, beside a raw `git worktree add` in the same run;
 * - the same with a warm pool of one worktree (refilled, and waited for, between runs): the run
 *   claims a worktree that is already created, copied, linked and set up;
 * - the steps of getting ready alone (`.worktreeinclude` matching and copies, links);
 * - disk used by one worktree with `node_modules` as a symlink, a reflink copy (`cp --reflink=auto`:
 *   a clone where the file system has them, a plain copy elsewhere — it says which) and a plain copy.
 *
 * Prints medians; not a timed test.
 *
 *   node --conditions=kanbots-source --import tsx core/bench/worktree-ready.bench.ts
 */
import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { createKanbots } from '../src/kanbots.js';
import { GitRunner } from '../src/git/git-runner.js';
import { createTemporaryDirectory, createTestRepository, isolatedGitEnvironment, runTestGit } from '../src/testing/git-fixtures.js';
import { startScriptedModelServer } from '../src/testing/scripted-model-server/index.js';
import { copyIntoWorktree, includedIgnoredFiles, includePatterns } from '../src/worktree-setup/worktree-include.js';
import { linkFolders } from '../src/worktree-setup/worktree-links.js';
import type { LinkMode } from '../src/worktree-setup/worktree-settings.js';

const run = promisify(execFile);
const fileCount = 10_000;
const dependencyFiles = 2_000;
const dependencyFileBytes = 100 * 1024;
const runs = 5;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 0 ? ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2 : (sorted[middle] ?? 0);
}

async function diskKilobytes(path: string): Promise<number> {
  const { stdout } = await run('du', ['-sk', path]);
  return Number(stdout.split('\t')[0]);
}

async function reflinksSupported(folder: string): Promise<boolean> {
  await writeFile(join(folder, 'probe'), 'x');
  return run('cp', ['--reflink=always', join(folder, 'probe'), join(folder, 'probe-clone')]).then(
    () => true,
    () => false,
  );
}

const repository = await createTestRepository({ branch: 'main' });
const scratch = await createTemporaryDirectory();
const server = await startScriptedModelServer();
try {
  const generationStart = performance.now();
  for (let directory = 0; directory < 100; directory += 1) {
    const folder = join(repository.path, 'files', `dir-${directory}`);
    await mkdir(folder, { recursive: true });
    await Promise.all(Array.from({ length: fileCount / 100 }, (_, index) => writeFile(join(folder, `file-${index}.txt`), `directory ${directory} file ${index}\n`)));
  }
  await repository.writeFiles({
    '.gitignore': 'node_modules\n.env\n',
    '.worktreeinclude': '.env\n.env.*\n',
    '.kanbots/config.json': JSON.stringify({ worktrees: { links: ['node_modules'] } }),
  });
  await repository.commitAll('10,000 small files');
  const block = Buffer.alloc(dependencyFileBytes, 7);
  for (let folder = 0; folder < dependencyFiles / 100; folder += 1) {
    const path = join(repository.path, 'node_modules', `package-${folder}`);
    await mkdir(path, { recursive: true });
    await Promise.all(Array.from({ length: 100 }, (_, index) => writeFile(join(path, `chunk-${index}.js`), block)));
  }
  await repository.writeFiles({ '.env': 'GREETING=hello\n', '.env.local': 'LOCAL=1\n' });
  const dependencyKb = await diskKilobytes(join(repository.path, 'node_modules'));
  console.log(`worktree-ready: generated ${fileCount} tracked files and a ${(dependencyKb / 1024).toFixed(0)} MB node_modules (${dependencyFiles} files) in ${(performance.now() - generationStart).toFixed(0)} ms`);

  // Run → first model request, with raw `git worktree add` measured in the same run.
  const kanbots = await createKanbots({
    dataDir: join(scratch.path, 'data'),
    providers: { anthropic: { apiKey: 'sk-ant-bench-key-000000', baseURL: server.anthropicBaseUrl } },
    defaults: { model: 'dev-model' },
    gitEnvironment: repository.gitEnvironment,
  });
  const toFirstRequest: number[] = [];
  const rawAdd: number[] = [];
  for (let index = 0; index < runs; index += 1) {
    const rawStart = performance.now();
    await runTestGit(repository.path, ['worktree', 'add', '--quiet', '-b', `bench-raw-${index}`, join(scratch.path, `raw-${index}`), 'main']);
    rawAdd.push(performance.now() - rawStart);
    const card = await kanbots.board.dispatch({ type: 'card.create', title: `Benchmark card ${index}`, target: { repository: repository.path } });
    let firstRequestAt = 0;
    server.script('dev-model', [
      () => {
        firstRequestAt = performance.now();
        return { toolCalls: [{ name: 'finish', input: { summary: 'Done.' } }] };
      },
    ]);
    const start = performance.now();
    const started = await kanbots.run(card.createdId!, 'solo', { policy: { default: 'allow' } });
    await kanbots.runs.waitFor(started.id, (summary) => summary.status === 'needs_you' || summary.status === 'failed');
    toFirstRequest.push(firstRequestAt - start);
  }
  // The same with a warm pool: the settings ask for one, and each run finds it refilled.
  await writeFile(join(repository.path, '.kanbots/config.json'), JSON.stringify({ worktrees: { links: ['node_modules'], pool: { size: 1 } } }));
  const pooledToFirstRequest: number[] = [];
  const refills: number[] = [];
  let claimed = 0;
  for (let index = 0; index < runs; index += 1) {
    const refillStart = performance.now();
    await kanbots.pool.refill(repository.path, 'main');
    refills.push(performance.now() - refillStart);
    const card = await kanbots.board.dispatch({ type: 'card.create', title: `Pooled card ${index}`, target: { repository: repository.path } });
    let firstRequestAt = 0;
    server.script('dev-model', [
      () => {
        firstRequestAt = performance.now();
        return { toolCalls: [{ name: 'finish', input: { summary: 'Done.' } }] };
      },
    ]);
    const start = performance.now();
    const started = await kanbots.run(card.createdId!, 'solo', { policy: { default: 'allow' } });
    const atGate = await kanbots.runs.waitFor(started.id, (summary) => summary.status === 'needs_you' || summary.status === 'failed');
    pooledToFirstRequest.push(firstRequestAt - start);
    const worktreeId = atGate.worktrees[0]?.worktreeId;
    if (worktreeId !== undefined && (await kanbots.worktrees.get(worktreeId)).pooled === true) claimed += 1;
  }
  await kanbots.close();
  console.log(`worktree-ready: ${runs} runs, node_modules linked, .env copied`);
  console.log(`  raw git worktree add              median ${median(rawAdd).toFixed(1)} ms`);
  console.log(`  Run → first model request         median ${median(toFirstRequest).toFixed(1)} ms (no pool)`);
  console.log(`  Run → first model request         median ${median(pooledToFirstRequest).toFixed(1)} ms (warm pool; ${claimed} of ${runs} runs took a pool worktree; goal ≤ 100 ms)`);
  console.log(`  pool refill in the background     median ${median(refills).toFixed(1)} ms (one worktree, niceness 10)`);

  // The steps of getting ready alone, on fresh worktrees.
  const git = new GitRunner({ ...isolatedGitEnvironment });
  const includeTimes: number[] = [];
  const linkTimes: number[] = [];
  for (let index = 0; index < runs; index += 1) {
    const worktree = join(scratch.path, `steps-${index}`);
    await runTestGit(repository.path, ['worktree', 'add', '--quiet', '-b', `bench-steps-${index}`, worktree, 'main']);
    const includeStart = performance.now();
    await copyIntoWorktree(repository.path, worktree, await includedIgnoredFiles(git, repository.path, await includePatterns(repository.path), ['node_modules']));
    includeTimes.push(performance.now() - includeStart);
    const linkStart = performance.now();
    await linkFolders(git, repository.path, worktree, ['node_modules'], 'symlink');
    linkTimes.push(performance.now() - linkStart);
  }
  console.log(`  .worktreeinclude match + copy     median ${median(includeTimes).toFixed(1)} ms`);
  console.log(`  link node_modules (+ exclude)     median ${median(linkTimes).toFixed(1)} ms`);

  // Disk per worktree by how node_modules gets there.
  const clones = await reflinksSupported(scratch.path);
  for (const mode of ['symlink', 'reflink', 'copy'] as LinkMode[]) {
    const worktree = join(scratch.path, `disk-${mode}`);
    await runTestGit(repository.path, ['worktree', 'add', '--quiet', '-b', `bench-disk-${mode}`, worktree, 'main']);
    const before = await diskKilobytes(worktree);
    const start = performance.now();
    await linkFolders(git, repository.path, worktree, ['node_modules'], mode);
    const took = performance.now() - start;
    const after = await diskKilobytes(worktree);
    const note = mode === 'reflink' ? (clones ? ' (clones: the file system shares the blocks; du counts them anyway)' : ' (this file system has no reflinks: a plain copy)') : '';
    console.log(`  disk, node_modules by ${mode.padEnd(7)}   checkout ${(before / 1024).toFixed(1)} MB + ${((after - before) / 1024).toFixed(1)} MB = ${(after / 1024).toFixed(1)} MB, ${took.toFixed(0)} ms${note}`);
    await rm(worktree, { recursive: true, force: true });
  }
} finally {
  await server.close();
  await repository.cleanup();
  await scratch.cleanup();
}
