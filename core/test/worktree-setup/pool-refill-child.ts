/**
 * A child process for the warm pool's kill -9 test: opens the data directory's store and fills the
 * pool of the repository's `main` (then claims one for `run_1/main` when asked), printing each
 * named point it reaches. At `stopAt` it stops there until it is killed; given no point, it prints
 * `started` and goes on until the parent kills it at a random instant.
 */
import { writeSync } from 'node:fs';
import { WorktreeManager } from '../../src/git/worktree-manager.js';
import { openKanbotsStore } from '../../src/store/open-kanbots-store.js';
import { isolatedGitEnvironment } from '../../src/testing/git-fixtures.js';
import { WorktreePool } from '../../src/worktree-setup/worktree-pool.js';

const [dataDir = '', repository = '', stopAt = ''] = process.argv.slice(2);
const pause = new Int32Array(new SharedArrayBuffer(4));
const checkpoint = (point: string): void => {
  writeSync(1, `${point}\n`);
  // Stays at this point (no event loop turn, no further write) until the parent's SIGKILL.
  if (point === stopAt) Atomics.wait(pause, 0, 0, 60_000);
};
const store = await openKanbotsStore(dataDir);
const manager = new WorktreeManager({ dataDir, store, gitEnvironment: { ...isolatedGitEnvironment }, checkpoint });
const pool = new WorktreePool({ manager, checkIntervalMs: 0, checkpoint });
await pool.start();
writeSync(1, 'started\n');
await pool.watch(repository, 'main');
await pool.createWorktree({ repository, cardId: 'card_1', title: 'Claimed', owner: 'run_1/main' });
await pool.refill(repository, 'main');
writeSync(1, 'finished\n');
await new Promise((resolve) => setTimeout(resolve, 60_000));
