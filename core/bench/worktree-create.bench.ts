/**
 * How much `WorktreeManager.createWorktree` adds on top of a raw `git worktree add`, on a
 * repository of 10,000 small files. Prints the medians and their ratio; not a timed test.
 *
 *   node --conditions=kanbots-source --import tsx core/bench/worktree-create.bench.ts
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { WorktreeManager } from '../src/git/worktree-manager.js';
import { createTemporaryDirectory, createTestRepository, runTestGit } from '../src/testing/git-fixtures.js';

const fileCount = 10_000;
const runs = 10;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 0 ? ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2 : (sorted[middle] ?? 0);
}

async function timed(action: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await action();
  return performance.now() - start;
}

const repository = await createTestRepository({ branch: 'main' });
const data = await createTemporaryDirectory();
const raw = await createTemporaryDirectory();
try {
  const generationStart = performance.now();
  for (let directory = 0; directory < 100; directory += 1) {
    const folder = join(repository.path, 'files', `dir-${directory}`);
    await mkdir(folder, { recursive: true });
    await Promise.all(
      Array.from({ length: fileCount / 100 }, (_, index) => writeFile(join(folder, `file-${index}.txt`), `directory ${directory} file ${index}\n`)),
    );
  }
  await repository.commitAll('10,000 small files');
  console.log(`worktree-create: generated and committed ${fileCount} files in ${(performance.now() - generationStart).toFixed(0)} ms`);

  const manager = new WorktreeManager({ dataDir: data.path, gitEnvironment: repository.gitEnvironment });
  await manager.registerRepository(repository.path);
  const managerTimes: number[] = [];
  const rawTimes: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    rawTimes.push(await timed(() => runTestGit(repository.path, ['worktree', 'add', '--quiet', '-b', `bench-raw-${run}`, join(raw.path, `raw-${run}`), 'main'])));
    managerTimes.push(await timed(() => manager.createWorktree({ repository: repository.path, cardId: `card-${run}`, title: `Benchmark card ${run}` })));
  }
  const managerMedian = median(managerTimes);
  const rawMedian = median(rawTimes);
  console.log(`worktree-create: ${runs} runs on ${fileCount} files`);
  console.log(`  raw git worktree add       median ${rawMedian.toFixed(1)} ms`);
  console.log(`  WorktreeManager.create     median ${managerMedian.toFixed(1)} ms`);
  console.log(`  ratio manager / raw        ${(managerMedian / rawMedian).toFixed(2)}x (overhead ${(managerMedian - rawMedian).toFixed(1)} ms)`);
} finally {
  await repository.cleanup();
  await data.cleanup();
  await raw.cleanup();
}
