import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { toErrorData, type ErrorData } from '../errors.js';
import type { CreateWorktreeOptions, WorktreeManager } from '../git/worktree-manager.js';
import type { PoolWorktree, WorktreeInfo } from '../git/worktree-info.js';
import { prepareWorktreeContents } from './prepare-worktree-contents.js';
import { readWorktreeSettings } from './read-worktree-settings.js';
import { worktreeIncludeFile } from './worktree-include.js';
import type { WorktreeSettings } from './worktree-settings.js';

const execFileAsync = promisify(execFile);

/** What the pool did, for the log and the UI (plain words in `message`). */
export type PoolEvent =
  | { kind: 'ready'; repository: string; baseBranch: string; worktree: PoolWorktree }
  | { kind: 'discarded'; repository: string; baseBranch: string; worktree: PoolWorktree; reason: 'base-moved' | 'settings-changed' | 'pool-off' | 'not-clean' | 'crashed' | 'over-budget' }
  | { kind: 'claimed'; repository: string; baseBranch: string; worktree: WorktreeInfo }
  | { kind: 'over-budget'; repository: string; baseBranch: string; usedBytes: number; budgetBytes: number }
  | { kind: 'failed'; repository: string; baseBranch: string; error: ErrorData; message: string };

export interface WorktreePoolOptions {
  manager: WorktreeManager;
  /** How often the base branches' tips are looked at (a moved base refreshes the pool); default 30 s, 0: never. */
  checkIntervalMs?: number;
  /** Niceness of the pool's checkouts and setups; default 10 (background). */
  niceness?: number;
  onEvent?: (event: PoolEvent) => void;
  /** Called at named points of a refill (`pool.setup.output`: its setup is running); the kill -9 tests die there. */
  checkpoint?: (point: string) => void;
}

/** One (repository, base branch)'s pool as the UI shows it. */
export interface PoolStatus {
  repository: string;
  baseBranch: string;
  size: number;
  ready: number;
  filling: number;
  diskBytes: number;
  diskBudgetBytes: number;
}

/**
 * The part of the settings that decides what a pool worktree holds: a worktree made ready with
 * other settings (or another `.worktreeinclude`) is not the one a run would get, so it is not claimed.
 */
export async function poolSettingsDigest(repository: string, settings: WorktreeSettings): Promise<string> {
  const include = await readFile(join(repository, worktreeIncludeFile), 'utf8').catch(() => '');
  const relevant = { copy: settings.copy, links: settings.links, linkMode: settings.linkMode, setup: settings.scripts.setup ?? null, include };
  return createHash('sha256').update(JSON.stringify(relevant)).digest('hex').slice(0, 32);
}

function key(repository: string, baseBranch: string): string {
  return `${repository}\0${baseBranch}`;
}

/**
 * The warm pool: per (repository, base branch), the number of worktrees the project's settings ask
 * for (`[worktrees.pool] size`), each created on a detached HEAD at the base's tip, given its
 * copies and links, and set up — ahead of any run. A run claims one by creating its branch there
 * (`WorktreeManager.createWorktree` with `fromPool`), skipping all of that. The pool refills in the
 * background (one worktree at a time, at low priority), is refreshed when the base branch moves
 * or the settings change, and stops short of its disk budget. Its worktrees never hold anyone's
 * work: a crash midway through a refill leaves an entry that the next start deletes.
 */
export class WorktreePool {
  private readonly targets = new Map<string, { repository: string; baseBranch: string }>();
  private readonly statuses = new Map<string, PoolStatus>();
  /** Refills run one after another, never two at once (two cores, shared). */
  private chain: Promise<void> = Promise.resolve();
  private readonly scheduled = new Map<string, Promise<void>>();
  private readonly stop = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private checking = false;

  constructor(private readonly options: WorktreePoolOptions) {}

  /** Deletes what a crash left of the pool, then looks at every base branch every `checkIntervalMs`. */
  async start(): Promise<PoolWorktree[]> {
    const discarded = await this.options.manager.reconcilePool();
    for (const worktree of discarded) this.emit({ kind: 'discarded', repository: worktree.repository, baseBranch: worktree.baseBranch, worktree, reason: 'crashed' });
    for (const worktree of await this.options.manager.poolWorktrees()) this.watch(worktree.repository, worktree.baseBranch);
    const interval = this.options.checkIntervalMs ?? 30_000;
    if (interval > 0) {
      this.timer = setInterval(() => void this.checkAll(), interval);
      this.timer.unref();
    }
    return discarded;
  }

  /** Keeps this repository's pool for this base branch filled (from now on, and at once). */
  watch(repository: string, baseBranch: string): Promise<void> {
    this.targets.set(key(repository, baseBranch), { repository, baseBranch });
    return this.refill(repository, baseBranch);
  }

  /** Watches the repository's default base branch when its settings ask for a pool; never throws. */
  async watchRepository(path: string): Promise<void> {
    try {
      // Settings first (a file read): a repository without a pool costs no git call and is not registered.
      const loaded = await readWorktreeSettings(path).catch(() => undefined);
      const hasEntries = (await this.options.manager.poolWorktrees()).some((entry) => entry.repository === path);
      if ((loaded?.settings.pool.size ?? 0) === 0 && !hasEntries) return;
      const repository = await this.options.manager.registerRepository(path);
      await this.watch(repository.path, repository.defaultBase);
    } catch (error) {
      this.emit({ kind: 'failed', repository: path, baseBranch: '', error: toErrorData(error), message: `The warm pool of ${path} could not be started: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  /** What each watched pool holds. */
  status(): PoolStatus[] {
    return [...this.statuses.values()].map((status) => ({ ...status }));
  }

  /**
   * The run's worktree: a ready pool worktree when the project has a pool and one is ready at the
   * base's tip, otherwise a new one (`pooled` tells which). Either way the pool refills behind it.
   */
  async createWorktree(options: CreateWorktreeOptions): Promise<WorktreeInfo> {
    const manager = this.options.manager;
    // A run names its repository by its top level: the settings are read there (no git call on the way to a claim).
    const loaded = options.branch === undefined ? await readWorktreeSettings(options.repository).catch(() => undefined) : undefined;
    if (loaded === undefined || loaded.settings.pool.size === 0) return manager.createWorktree(options);
    const settingsDigest = await poolSettingsDigest(options.repository, loaded.settings);
    const worktree = await manager.createWorktree({ ...options, fromPool: { settingsDigest } });
    if (worktree.pooled === true) this.emit({ kind: 'claimed', repository: worktree.repository, baseBranch: worktree.baseBranch, worktree });
    void this.watch(worktree.repository, worktree.baseBranch);
    return worktree;
  }

  /** Ends the timer and the refill under way (its worktree is deleted); resolves when it has stopped. */
  async close(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.stop.abort();
    await this.chain;
  }

  /** Queues a refill of one pool (one per pool at a time: asking again while one waits joins it). */
  refill(repository: string, baseBranch: string): Promise<void> {
    const id = key(repository, baseBranch);
    const waiting = this.scheduled.get(id);
    if (waiting !== undefined) return waiting;
    const pass = this.chain.then(async () => {
      this.scheduled.delete(id);
      if (this.stop.signal.aborted) return;
      await this.fill(repository, baseBranch).catch((error: unknown) => {
        this.emit({ kind: 'failed', repository, baseBranch, error: toErrorData(error), message: `The warm pool of ${baseBranch} could not be filled: ${error instanceof Error ? error.message : String(error)}` });
      });
    });
    this.scheduled.set(id, pass);
    this.chain = pass;
    return pass;
  }

  private async checkAll(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      await Promise.all([...this.targets.values()].map((target) => this.refill(target.repository, target.baseBranch)));
    } finally {
      this.checking = false;
    }
  }

  private async fill(repository: string, baseBranch: string): Promise<void> {
    const manager = this.options.manager;
    const niceness = this.options.niceness ?? 10;
    const loaded = await readWorktreeSettings(repository);
    const { size, diskBudgetMB } = loaded.settings.pool;
    const budgetBytes = diskBudgetMB * 1024 * 1024;
    const settingsDigest = await poolSettingsDigest(repository, loaded.settings);
    const tip = await manager.git.line(repository, ['rev-parse', '--verify', '--quiet', `refs/heads/${baseBranch}^{commit}`]).catch(() => undefined);
    for (const entry of await manager.poolWorktrees(repository)) {
      if (entry.baseBranch !== baseBranch) continue;
      const reason = size === 0 ? 'pool-off' : entry.settingsDigest !== settingsDigest ? 'settings-changed' : entry.baseCommit !== tip ? 'base-moved' : undefined;
      if (reason === undefined) continue;
      await manager.discardPoolWorktree(entry.id);
      this.emit({ kind: 'discarded', repository, baseBranch, worktree: entry, reason });
    }
    const status = async (): Promise<PoolStatus> => {
      const entries = await manager.poolWorktrees(repository);
      const mine = entries.filter((entry) => entry.baseBranch === baseBranch);
      const value: PoolStatus = {
        repository,
        baseBranch,
        size,
        ready: mine.filter((entry) => entry.state === 'ready').length,
        filling: mine.filter((entry) => entry.state === 'filling').length,
        diskBytes: entries.reduce((total, entry) => total + (entry.diskBytes ?? 0), 0),
        diskBudgetBytes: budgetBytes,
      };
      this.statuses.set(key(repository, baseBranch), value);
      return value;
    };
    if (tip === undefined) return void (await status());
    while (!this.stop.signal.aborted) {
      const now = await status();
      if (now.ready >= size) return;
      // The next one will take about as much as the largest so far: stop before the budget, not after.
      const estimate = Math.max(0, ...(await manager.poolWorktrees(repository)).map((entry) => entry.diskBytes ?? 0));
      if (now.diskBytes + estimate > budgetBytes) {
        this.emit({ kind: 'over-budget', repository, baseBranch, usedBytes: now.diskBytes, budgetBytes });
        return;
      }
      const entry = await manager.addPoolWorktree({ repository, baseBranch, settingsDigest, niceness });
      try {
        let announced = false;
        await prepareWorktreeContents({
          git: manager.git,
          repository,
          worktree: entry.path,
          portBase: entry.portBase,
          loaded,
          signal: this.stop.signal,
          niceness,
          onOutput: () => {
            if (announced) return;
            announced = true;
            this.options.checkpoint?.('pool.setup.output');
          },
        });
        if (this.stop.signal.aborted) throw new Error('Kanbots is closing');
        const diskBytes = await diskUsage(entry.path);
        if (now.diskBytes + diskBytes > budgetBytes) {
          await manager.discardPoolWorktree(entry.id);
          this.emit({ kind: 'discarded', repository, baseBranch, worktree: entry, reason: 'over-budget' });
          this.emit({ kind: 'over-budget', repository, baseBranch, usedBytes: now.diskBytes, budgetBytes });
          return void (await status());
        }
        if (!(await manager.markPoolWorktreeReady(entry.id, diskBytes))) {
          this.emit({ kind: 'discarded', repository, baseBranch, worktree: entry, reason: 'not-clean' });
          this.emit({ kind: 'failed', repository, baseBranch, error: { name: 'PoolWorktreeNotClean', code: 'pool-worktree-not-clean', message: 'The setup left changed or new files', retryable: false }, message: `The warm pool of ${baseBranch} was not filled: the setup script left changed or new files in the worktree, so it is not what a run would get` });
          return void (await status());
        }
        this.emit({ kind: 'ready', repository, baseBranch, worktree: { ...entry, state: 'ready', diskBytes } });
      } catch (error) {
        await manager.discardPoolWorktree(entry.id);
        await status();
        if (this.stop.signal.aborted) return;
        throw error;
      }
    }
  }

  private emit(event: PoolEvent): void {
    try {
      this.options.onEvent?.(event);
    } catch {
      // A listener's failure is not the pool's.
    }
  }
}

/** Disk used by a directory (`du -sk`: a linked folder counts as the link); 0 when du cannot say. */
async function diskUsage(path: string): Promise<number> {
  try {
    const { stdout } = await execFileAsync('du', ['-sk', path]);
    const kilobytes = Number(stdout.split('\t')[0]);
    return Number.isFinite(kilobytes) ? kilobytes * 1024 : 0;
  } catch {
    return 0;
  }
}
