import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { WorktreeManager } from '../../src/git/worktree-manager.js';
import { openKanbotsStore } from '../../src/store/open-kanbots-store.js';
import type { KanbotsStore } from '../../src/store/kanbots-store.js';
import { createTemporaryDirectory, createTestRepository, type TemporaryDirectory, type TestRepository } from '../../src/testing/git-fixtures.js';
import { WorktreePool } from '../../src/worktree-setup/worktree-pool.js';

/**
 * A real child process filling the warm pool is killed -9 — at each named point of a refill and
 * of a claim, and at random instants — and the next start must find nothing inconsistent: every
 * pool worktree left is ready, whole and clean at its base's tip; git knows no checkout the
 * registry does not; no directory is left behind; no branch was made; and the pool fills and hands
 * out worktrees again.
 */

const child = fileURLToPath(new URL('./pool-refill-child.ts', import.meta.url));
let repository: TestRepository | undefined;
let data: TemporaryDirectory | undefined;
let store: KanbotsStore | undefined;
let pool: WorktreePool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
  store?.close();
  store = undefined;
  await repository?.cleanup();
  await data?.cleanup();
  repository = undefined;
  data = undefined;
});

async function project(): Promise<{ repository: TestRepository; data: TemporaryDirectory }> {
  repository = await createTestRepository({ branch: 'main' });
  await repository.writeFiles({
    '.gitignore': 'node_modules\n.env\n.setup-done\n',
    '.worktreeinclude': '.env\n',
    '.kanbots/config.json': JSON.stringify({ worktrees: { links: ['node_modules'], scripts: { setup: 'echo setting up; sleep 0.3; echo done > .setup-done' }, pool: { size: 2 } } }),
    ...Object.fromEntries(Array.from({ length: 200 }, (_, index) => [`files/file-${index}.txt`, `file ${index}\n`])),
  });
  await repository.commitAll('a project with a pool');
  await mkdir(join(repository.path, 'node_modules', 'dep'), { recursive: true });
  await writeFile(join(repository.path, 'node_modules', 'dep', 'index.js'), '1;\n');
  await writeFile(join(repository.path, '.env'), 'A=1\n');
  data = await createTemporaryDirectory();
  return { repository, data };
}

/** Runs the child until it prints `stopAt` (then kills it there), or kills it `afterMs` after it started. */
async function killChild(dataDir: string, repositoryPath: string, when: { stopAt: string } | { afterMs: number }): Promise<string[]> {
  const process_ = spawn(process.execPath, ['--conditions=kanbots-source', '--import', 'tsx', child, dataDir, repositoryPath, 'stopAt' in when ? when.stopAt : ''], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let errors = '';
  let scheduled = false;
  process_.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  process_.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    const lines = output.split('\n');
    if (scheduled) return;
    if ('stopAt' in when && lines.includes(when.stopAt)) {
      scheduled = true;
      process_.kill('SIGKILL');
    } else if ('afterMs' in when && lines.includes('started')) {
      scheduled = true;
      setTimeout(() => process_.kill('SIGKILL'), when.afterMs);
    } else if (lines.includes('finished')) {
      scheduled = true;
      process_.kill('SIGKILL');
    }
  });
  const signal = await new Promise<NodeJS.Signals | null>((resolve) => process_.on('exit', (_code, exitSignal) => resolve(exitSignal)));
  expect(errors, `the child's stderr (it printed: ${output.replaceAll('\n', ' ')})`).toBe('');
  expect(signal).toBe('SIGKILL');
  return output.split('\n').filter((line) => line !== '');
}

/** Restarts on the data directory and checks that what is there is consistent. */
async function restartAndCheck(repositoryPath: string, dataDir: string, repositoryFixture: TestRepository): Promise<{ manager: WorktreeManager; pool: WorktreePool; discarded: string[] }> {
  store = await openKanbotsStore(dataDir);
  const manager = new WorktreeManager({ dataDir, store, gitEnvironment: repositoryFixture.gitEnvironment });
  pool = new WorktreePool({ manager, checkIntervalMs: 0 });
  const discarded = (await pool.start()).map((entry) => entry.state);
  const tip = await repositoryFixture.head('refs/heads/main');
  const entries = await manager.poolWorktrees();
  for (const entry of entries) {
    expect(entry.state).toBe('ready');
    expect(entry.baseCommit).toBe(tip);
    expect((await repositoryFixture.git(['rev-parse', 'HEAD'], { cwd: entry.path })).trim()).toBe(tip);
    expect(await repositoryFixture.git(['status', '--porcelain'], { cwd: entry.path })).toBe('');
    expect(existsSync(join(entry.path, '.setup-done'))).toBe(true);
  }
  const worktrees = (await manager.list()).filter((worktree) => worktree.state !== 'removed');
  const known = new Set([...entries.map((entry) => entry.path), ...worktrees.map((worktree) => worktree.path)]);
  const listed = (await repositoryFixture.git(['worktree', 'list', '--porcelain']))
    .split('\n')
    .filter((line) => line.startsWith('worktree '))
    .map((line) => line.slice('worktree '.length))
    .filter((path) => path !== repositoryPath);
  for (const path of listed) expect(known.has(path), `git lists ${path}, which nothing records`).toBe(true);
  const roots = await readdir(join(dataDir, 'worktrees')).catch(() => []);
  for (const root of roots) {
    for (const name of await readdir(join(dataDir, 'worktrees', root))) {
      expect(known.has(join(dataDir, 'worktrees', root, name)) || known.has(join(await realDataDir(dataDir), 'worktrees', root, name)), `${name} is left on disk`).toBe(true);
    }
  }
  // Only a claimed worktree has a branch, and the registry knows it.
  const branches = (await repositoryFixture.git(['for-each-ref', '--format=%(refname:short)', 'refs/heads/kanbots/'])).split('\n').filter((line) => line !== '');
  for (const branch of branches) expect(worktrees.map((worktree) => worktree.branch)).toContain(branch);
  return { manager, pool, discarded };
}

async function realDataDir(dataDir: string): Promise<string> {
  const { realpath } = await import('node:fs/promises');
  return realpath(dataDir);
}

/** After the check: the pool fills again and hands out a worktree that is set up. */
async function stillWorks(manager: WorktreeManager, restarted: WorktreePool, repositoryPath: string): Promise<void> {
  await restarted.watch(repositoryPath, 'main');
  expect((await manager.poolWorktrees()).filter((entry) => entry.state === 'ready')).toHaveLength(2);
  const claimed = await restarted.createWorktree({ repository: repositoryPath, cardId: 'card_2', title: 'After the crash', owner: 'run_2/main' });
  expect(claimed.pooled).toBe(true);
  expect(existsSync(join(claimed.path, '.setup-done'))).toBe(true);
  expect(existsSync(join(claimed.path, '.env'))).toBe(true);
}

describe('a kill -9 during a pool refill', () => {
  for (const point of ['pool.registered', 'pool.created', 'pool.setup.output', 'pool.ready', 'pool.claimed']) {
    it(`leaves nothing inconsistent when the process dies at ${point}`, { timeout: 60_000 }, async () => {
      const { repository, data } = await project();
      const seen = await killChild(data.path, repository.path, { stopAt: point });
      expect(seen).toContain(point);
      const { manager, pool: restarted, discarded } = await restartAndCheck(repository.path, data.path, repository);
      // A refill cut short is deleted at start; a finished one is kept.
      expect(discarded).toEqual(['pool.registered', 'pool.created', 'pool.setup.output'].includes(point) ? ['filling'] : []);
      if (point === 'pool.claimed') {
        // The claim's registry write was made, its branch not: the run's retry checks it out afresh.
        const interrupted = (await manager.list()).find((worktree) => worktree.owner === 'run_1/main');
        expect(interrupted).toMatchObject({ state: 'creating', pooled: true });
        const adopted = await manager.createWorktree({ repository: repository.path, cardId: 'card_1', title: 'Claimed', owner: 'run_1/main' });
        expect(adopted.state).toBe('active');
        expect(adopted.pooled).toBeUndefined();
        expect((await repository.git(['rev-parse', '--abbrev-ref', 'HEAD'], { cwd: adopted.path })).trim()).toBe(adopted.branch);
      }
      await stillWorks(manager, restarted, repository.path);
    });
  }

  it('leaves nothing inconsistent when the process dies at random instants', { timeout: 120_000 }, async () => {
    for (const afterMs of [30, 180, 420, 700, 1100]) {
      const { repository, data } = await project();
      const seen = await killChild(data.path, repository.path, { afterMs });
      try {
        const { manager, pool: restarted } = await restartAndCheck(repository.path, data.path, repository);
        await stillWorks(manager, restarted, repository.path);
      } catch (error) {
        // Where the child was when it died, with what did not hold.
        throw new Error(`Killed ${afterMs} ms after start, after "${seen.at(-1) ?? 'nothing'}": ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      await pool?.close();
      pool = undefined;
      store?.close();
      store = undefined;
      await repository.cleanup();
      await data.cleanup();
    }
  });
});
