import { existsSync } from 'node:fs';
import { lstat, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WorktreeManager } from '../../src/git/worktree-manager.js';
import { WorktreePool, type PoolEvent } from '../../src/worktree-setup/worktree-pool.js';
import { createWorktreeContext, type WorktreeContext } from '../git/worktree-context.js';

/**
 * The warm pool on real repositories: filled (created on a detached HEAD at the base's tip,
 * copied, linked, set up), claimed by creating the run's branch there, refilled, refreshed when the
 * base moves or the settings change, bounded by its disk budget, and never handing out a worktree
 * someone touched.
 */

let context: WorktreeContext | undefined;
let pool: WorktreePool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
  await context?.cleanup();
  context = undefined;
});

interface Setup {
  context: WorktreeContext;
  pool: WorktreePool;
  events: PoolEvent[];
}

async function setUp(worktrees: Record<string, unknown> | undefined, options: { setup?: string } = {}): Promise<Setup> {
  context = await createWorktreeContext();
  const { repository } = context;
  await repository.writeFiles({
    '.gitignore': 'node_modules\n.env\n.setup-done\n',
    '.worktreeinclude': '.env\n',
    ...(worktrees === undefined ? {} : { '.kanbots/config.json': JSON.stringify({ worktrees: { links: ['node_modules'], ...(options.setup === undefined ? {} : { scripts: { setup: options.setup } }), ...worktrees } }) }),
  });
  await repository.commitAll('settings');
  await mkdir(join(repository.path, 'node_modules', 'left-pad'), { recursive: true });
  await writeFile(join(repository.path, 'node_modules', 'left-pad', 'index.js'), 'module.exports = 1;\n');
  await writeFile(join(repository.path, '.env'), 'SECRET_FREE=1\n');
  const events: PoolEvent[] = [];
  pool = new WorktreePool({ manager: context.manager, checkIntervalMs: 0, niceness: 5, onEvent: (event) => events.push(event) });
  await pool.start();
  return { context, pool, events };
}

const setupScript = 'echo "set up at $KANBOTS_PORT" > .setup-done';

async function poolPaths(context: WorktreeContext): Promise<string[]> {
  return (await context.manager.poolWorktrees()).map((entry) => entry.path).sort();
}

describe('the warm pool', () => {
  it('is off for a repository without settings, and off when the settings leave it out', async () => {
    const { context, pool } = await setUp(undefined);
    await pool.watchRepository(context.repository.path);
    const worktree = await pool.createWorktree({ repository: context.repository.path, cardId: 'card', title: 'Plain' });
    expect(worktree.pooled).toBeUndefined();
    expect(existsSync(join(worktree.path, '.env'))).toBe(false);
    expect(await context.manager.poolWorktrees()).toEqual([]);
  });

  it('keeps N worktrees ready on a detached HEAD at the base tip, copied, linked and set up', async () => {
    const { context, pool, events } = await setUp({ pool: { size: 2 } }, { setup: setupScript });
    await pool.watch(context.repository.path, 'main');
    const entries = await context.manager.poolWorktrees();
    expect(entries.map((entry) => entry.state)).toEqual(['ready', 'ready']);
    const tip = await context.repository.head('refs/heads/main');
    for (const entry of entries) {
      expect(entry.baseCommit).toBe(tip);
      expect((await context.repository.git(['rev-parse', '--abbrev-ref', 'HEAD'], { cwd: entry.path })).trim()).toBe('HEAD');
      expect(await readFile(join(entry.path, '.env'), 'utf8')).toBe('SECRET_FREE=1\n');
      expect((await lstat(join(entry.path, 'node_modules'))).isSymbolicLink()).toBe(true);
      expect(await readFile(join(entry.path, '.setup-done'), 'utf8')).toBe(`set up at ${entry.portBase}\n`);
      expect(entry.diskBytes).toBeGreaterThan(0);
      expect(await context.repository.git(['status', '--porcelain'], { cwd: entry.path })).toBe('');
    }
    // Pool worktrees take port ranges from the top, each its own.
    expect(new Set(entries.map((entry) => entry.portBase)).size).toBe(2);
    expect(entries.every((entry) => entry.portBase > 50_000)).toBe(true);
    expect(events.filter((event) => event.kind === 'ready')).toHaveLength(2);
    expect(pool.status()).toEqual([expect.objectContaining({ repository: context.repository.path, baseBranch: 'main', size: 2, ready: 2, filling: 0 })]);
    // No branch was made for them.
    expect(await context.repository.git(['for-each-ref', '--format=%(refname)', 'refs/heads/kanbots/'])).toBe('');
  });

  it('hands a run a ready worktree by creating its branch there, then refills behind it', async () => {
    const { context, pool, events } = await setUp({ pool: { size: 1 } }, { setup: setupScript });
    await pool.watch(context.repository.path, 'main');
    const [ready] = await context.manager.poolWorktrees();
    const worktree = await pool.createWorktree({ repository: context.repository.path, cardId: 'card_1', title: 'Fix the login', owner: 'run_1/main' });
    expect(worktree).toMatchObject({ pooled: true, path: ready!.path, state: 'active', baseBranch: 'main', owner: 'run_1/main', portBase: ready!.portBase });
    expect(worktree.branch).toMatch(/^kanbots\/fix-the-login-/);
    expect((await context.repository.git(['rev-parse', '--abbrev-ref', 'HEAD'], { cwd: worktree.path })).trim()).toBe(worktree.branch);
    expect(await context.repository.head(`refs/heads/${worktree.branch}`)).toBe(ready!.baseCommit);
    expect(existsSync(join(worktree.path, '.setup-done'))).toBe(true);
    expect(events.some((event) => event.kind === 'claimed')).toBe(true);
    // The claimed worktree is the run's now; the pool fills a new one.
    await pool.refill(context.repository.path, 'main');
    const after = await context.manager.poolWorktrees();
    expect(after).toHaveLength(1);
    expect(after[0]!.path).not.toBe(worktree.path);
    expect(after[0]!.state).toBe('ready');
    expect((await context.manager.list()).map((entry) => entry.id)).toEqual([worktree.id]);
    // Adopting for the same owner (a crash before the run recorded it) gives the same worktree back.
    const adopted = await pool.createWorktree({ repository: context.repository.path, cardId: 'card_1', title: 'Fix the login', owner: 'run_1/main' });
    expect(adopted).toMatchObject({ id: worktree.id, pooled: true });
  });

  it('is refreshed when the base branch moves: stale worktrees go, new ones at the new tip come, a run never gets the old tip', async () => {
    const { context, pool, events } = await setUp({ pool: { size: 1 } });
    await pool.watch(context.repository.path, 'main');
    const [stale] = await context.manager.poolWorktrees();
    await context.repository.writeFiles({ 'src/new.txt': 'new\n' });
    const newTip = await context.repository.commitAll('the base moves');
    // A run before the refresh: the stale one is not taken.
    const fresh = await pool.createWorktree({ repository: context.repository.path, cardId: 'card', title: 'After the move' });
    expect(fresh.pooled).toBeUndefined();
    expect(fresh.baseCommit).toBe(newTip);
    await pool.refill(context.repository.path, 'main');
    const [replacement] = await context.manager.poolWorktrees();
    expect(replacement!.baseCommit).toBe(newTip);
    expect(existsSync(stale!.path)).toBe(false);
    expect(events).toContainEqual(expect.objectContaining({ kind: 'discarded', reason: 'base-moved' }));
    expect(existsSync(join(replacement!.path, 'src', 'new.txt'))).toBe(true);
  });

  it('is refreshed when the settings change, and emptied when the pool is turned off', async () => {
    const { context, pool, events } = await setUp({ pool: { size: 1 } });
    await pool.watch(context.repository.path, 'main');
    const [first] = await context.manager.poolWorktrees();
    await writeFile(join(context.repository.path, '.worktreeinclude'), '.env\n.env.*\n');
    await pool.refill(context.repository.path, 'main');
    const [second] = await context.manager.poolWorktrees();
    expect(second!.id).not.toBe(first!.id);
    expect(events).toContainEqual(expect.objectContaining({ kind: 'discarded', reason: 'settings-changed' }));
    await writeFile(join(context.repository.path, '.kanbots/config.json'), JSON.stringify({ worktrees: { links: ['node_modules'] } }));
    await pool.refill(context.repository.path, 'main');
    expect(await context.manager.poolWorktrees()).toEqual([]);
    expect(existsSync(second!.path)).toBe(false);
    expect(events).toContainEqual(expect.objectContaining({ kind: 'discarded', reason: 'pool-off' }));
  });

  it('stops at its disk budget', async () => {
    // Each pool worktree's setup writes 700 KB; a 1 MB budget holds one of them.
    const { context, pool, events } = await setUp({ pool: { size: 3, diskBudgetMB: 1 } }, { setup: 'head -c 716800 /dev/zero > .setup-done' });
    await pool.watch(context.repository.path, 'main');
    const entries = await context.manager.poolWorktrees();
    expect(entries).toHaveLength(1);
    expect(entries[0]!.diskBytes).toBeGreaterThan(700 * 1024);
    expect(entries[0]!.diskBytes).toBeLessThanOrEqual(1024 * 1024);
    expect(events).toContainEqual(expect.objectContaining({ kind: 'over-budget', budgetBytes: 1024 * 1024 }));
    // Nothing over the budget is left on disk.
    const root = join(entries[0]!.path, '..');
    expect((await readdir(root)).filter((name) => name.startsWith('pool-'))).toHaveLength(1);
  });

  it('never hands out a pool worktree someone wrote in: it is deleted and the run gets a fresh one', async () => {
    const { context, pool, events } = await setUp({ pool: { size: 1 } });
    await pool.watch(context.repository.path, 'main');
    const [touched] = await context.manager.poolWorktrees();
    await writeFile(join(touched!.path, 'stray.txt'), 'not anyone’s work, but not the pool’s either\n');
    const worktree = await pool.createWorktree({ repository: context.repository.path, cardId: 'card', title: 'Touched' });
    expect(worktree.pooled).toBeUndefined();
    expect(worktree.path).not.toBe(touched!.path);
    expect(existsSync(touched!.path)).toBe(false);
    await pool.refill(context.repository.path, 'main');
    expect(events.filter((event) => event.kind === 'ready')).toHaveLength(2);
  });

  it('never hands out a pool worktree with a new file in a subfolder or a changed tracked file, checked after it was ready', async () => {
    const { context, pool } = await setUp({ pool: { size: 2 } });
    await pool.watch(context.repository.path, 'main');
    const [first, second] = await context.manager.poolWorktrees();
    // Written after the check that made them ready (which stored git's untracked cache).
    await writeFile(join(first!.path, '.kanbots', 'notes.md'), 'a note\n');
    await writeFile(join(second!.path, '.worktreeinclude'), '.env\nmore\n');
    const worktree = await pool.createWorktree({ repository: context.repository.path, cardId: 'card', title: 'Both touched' });
    expect(worktree.pooled).toBeUndefined();
    expect([first!.path, second!.path]).not.toContain(worktree.path);
    expect(existsSync(first!.path)).toBe(false);
    expect(existsSync(second!.path)).toBe(false);
  });

  it('does not keep a worktree whose setup left a new file git does not ignore, and says so', async () => {
    const { context, pool, events } = await setUp({ pool: { size: 1 } }, { setup: 'echo left > left-behind.txt' });
    await pool.watch(context.repository.path, 'main');
    expect(await context.manager.poolWorktrees()).toEqual([]);
    expect(events.filter((event) => event.kind === 'discarded').map((event) => event.kind === 'discarded' && event.reason)).toEqual(['not-clean']);
    const failure = events.find((event) => event.kind === 'failed');
    expect(failure?.kind === 'failed' ? failure.message : '').toContain('the setup script left changed or new files');
    const worktree = await pool.createWorktree({ repository: context.repository.path, cardId: 'card', title: 'Still works' });
    expect(worktree.pooled).toBeUndefined();
  });

  it('deletes a worktree whose setup failed, says so, and the run still gets a worktree', async () => {
    const { context, pool, events } = await setUp({ pool: { size: 1 } }, { setup: 'echo broken >&2; exit 4' });
    await pool.watch(context.repository.path, 'main');
    expect(await context.manager.poolWorktrees()).toEqual([]);
    const failure = events.find((event) => event.kind === 'failed');
    expect(failure).toMatchObject({ kind: 'failed', error: { name: 'SetupFailedError' } });
    expect(failure?.kind === 'failed' ? failure.message : '').toContain('Setup failed: `echo broken >&2; exit 4` exited 4');
    expect((await readdir(join(context.dataDir, 'worktrees'))).length).toBeLessThanOrEqual(1);
    const worktree = await pool.createWorktree({ repository: context.repository.path, cardId: 'card', title: 'Still works' });
    expect(worktree.state).toBe('active');
    expect(worktree.pooled).toBeUndefined();
  });

  it('is kept per base branch', async () => {
    const { context, pool } = await setUp({ pool: { size: 1 } });
    await context.repository.git(['branch', 'release']);
    await context.repository.writeFiles({ 'main-only.txt': 'main\n' });
    await context.repository.commitAll('main moves on');
    await pool.watch(context.repository.path, 'main');
    await pool.watch(context.repository.path, 'release');
    const entries = await context.manager.poolWorktrees();
    expect(entries.map((entry) => entry.baseBranch).sort()).toEqual(['main', 'release']);
    const onRelease = await pool.createWorktree({ repository: context.repository.path, cardId: 'card', title: 'Hotfix', baseBranch: 'release' });
    expect(onRelease.pooled).toBe(true);
    expect(existsSync(join(onRelease.path, 'main-only.txt'))).toBe(false);
    expect(onRelease.path).toBe(entries.find((entry) => entry.baseBranch === 'release')!.path);
  });

  it('is not listed as unknown by reconciliation, and its leftovers of a crash are deleted at start', async () => {
    const { context, pool: first } = await setUp({ pool: { size: 1 } });
    await first.watch(context.repository.path, 'main');
    const report = await context.manager.reconcile([]);
    expect(report.orphanedWorktrees).toEqual([]);
    expect(report.orphanedBranches).toEqual([]);
    await first.close();
    // A refill that a crash cut short after its checkout: registered `filling`, checked out.
    const leftover = await context.manager.addPoolWorktree({ repository: context.repository.path, baseBranch: 'main', settingsDigest: 'whatever' });
    // And a pool-named checkout that nothing records (a registry restored from before it was made).
    const stray = join(leftover.path, '..', 'pool-stray');
    await context.repository.git(['worktree', 'add', '--quiet', '--detach', stray, 'main']);
    const restarted = new WorktreePool({ manager: new WorktreeManager({ dataDir: context.dataDir, gitEnvironment: context.repository.gitEnvironment }), checkIntervalMs: 0 });
    pool = restarted;
    const discarded = await restarted.start();
    expect(discarded.map((entry) => entry.id)).toEqual([leftover.id]);
    expect(existsSync(leftover.path)).toBe(false);
    expect(existsSync(stray)).toBe(false);
    expect(await context.repository.git(['worktree', 'list', '--porcelain'])).not.toContain('pool-stray');
    expect(await context.repository.git(['worktree', 'list', '--porcelain'])).not.toContain(leftover.path);
    expect((await context.manager.poolWorktrees()).map((entry) => entry.state)).toEqual(['ready']);
  });
});
