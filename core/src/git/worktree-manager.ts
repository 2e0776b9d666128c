import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, realpath, rm, stat } from 'node:fs/promises';
import { join, relative, isAbsolute, sep } from 'node:path';
import { ConfigurationError } from '../errors.js';
import { systemClock, type Clock } from '../ports/clock.js';
import { nanoIdGenerator, type IdGenerator } from '../ports/ids.js';
import { BaseBranchNotFoundError, BranchCheckedOutElsewhereError, BranchNotFoundError, UnsavedWorkError, WorktreeNotFoundError, WorktreeStateError } from './git-errors.js';
import { firstPortBase, lastPortBase, portRangeSize } from '../worktree-setup/port-ranges.js';
import { DriverTrust } from './git-driver-trust.js';
import { GitRunner } from './git-runner.js';
import { KeyedQueue } from './keyed-queue.js';
import { nearbyNames } from './nearby-names.js';
import { dirtyPaths } from './parse-status.js';
import { listWorktrees, localBranches, resolveCommit, resolveRepository, unmergedCommits, worktreeStatus } from './repository-inspection.js';
import { baseReference, commitAll, readCommitRangeDiff, readWorktreeDiff, readWorktreeStatus, type CommitResult, type DiffOptions, type WorktreeDiff, type WorktreeStatus, type CommitOptions } from './worktree-changes.js';
import type { PoolWorktree, RepositoryInfo, WorktreeInfo } from './worktree-info.js';
import { mergeWorktree, type MergeOptions, type MergeResult } from './worktree-merge.js';
import { cardBranchLeaf, cardBranchPrefix, repositoryDirectoryName, shortIdFrom, slugify } from './worktree-naming.js';
import { reconcileRegistry, type ReconcileOptions, type ReconcileReport } from './worktree-reconcile.js';
import { WorktreeRegistry } from './worktree-registry.js';
import type { KanbotsStore } from '../store/kanbots-store.js';

export interface WorktreeManagerOptions {
  /** The app's data directory; worktrees go to `<dataDir>/worktrees/…`. */
  dataDir: string;
  /** The data directory's store: the registry is its document `worktrees` (without one, or with the JSON store: `<dataDir>/worktrees.json`). */
  store?: KanbotsStore;
  clock?: Clock;
  ids?: IdGenerator;
  /**
   * Extra environment for every git call. Tests isolate git from the machine's configuration
   * with `{ GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' }`. Other ambient `GIT_*`
   * variables are not passed to git.
   */
  gitEnvironment?: Record<string, string>;
  /**
   * Called at the named points between the steps of creation and removal (`worktree.registered`,
   * `worktree.created`, `worktree.remove.started`): the kill -9 tests die there.
   */
  checkpoint?: (point: string) => void;
}

export interface CreateWorktreeOptions {
  /** Any path inside the user's repository. */
  repository: string;
  cardId: string;
  /** The card title; its slug names the branch and directory. */
  title: string;
  /** Branch to start from; defaults to the repository's current branch (see `RepositoryInfo.defaultBase`). */
  baseBranch?: string;
  /** Reuse this existing branch instead of creating `kanbots/<slug>-<id>`. */
  branch?: string;
  /**
   * Who asks (a run's `<runId>/<key>`). When the registry already has a worktree of this owner —
   * the caller crashed before it could record it — that one is adopted (and completed, when its
   * creation was interrupted) instead of making a second.
   */
  owner?: string;
  /**
   * Take a ready worktree of the warm pool when there is one for this base at its tip, made ready
   * with these settings (`settingsDigest`); the run then skips its own copies, links and setup.
   */
  fromPool?: { settingsDigest: string };
}

export interface AddPoolWorktreeOptions {
  repository: string;
  baseBranch: string;
  settingsDigest: string;
  /** Niceness of the checkout (the pool fills in the background). */
  niceness?: number;
}

export interface RemoveWorktreeOptions {
  /** Commit uncommitted work to the card's branch first ("kanbots: snapshot before removal"). */
  snapshot?: boolean;
  /** Remove even though work would be lost (the user asked to discard it). */
  force?: boolean;
}

export interface RemoveWorktreeResult {
  worktree: WorktreeInfo;
  /** The snapshot commit, when one was made. */
  snapshotCommit?: string;
}

export interface DeleteBranchResult {
  deleted: boolean;
  /** The branch's last commit (to recover it with `git branch <name> <commit>`). */
  commit?: string;
}

export const snapshotMessage = 'kanbots: snapshot before removal';
const processStartedAt = Date.now() - performance.now();
const maximumNameAttempts = 50;

/**
 * Creates and manages one git worktree per card, under the app's data directory, never inside
 * the user's repository, and never loses work: nothing with uncommitted or unmerged work is
 * removed unless the caller snapshots it or explicitly forces.
 */
export class WorktreeManager {
  /** The hardened git runner (also used for the run's git-configuration snapshot). */
  readonly git: GitRunner;
  private readonly clock: Clock;
  private readonly ids: IdGenerator;
  private readonly registry: WorktreeRegistry;
  private readonly queue = new KeyedQueue();
  /** Pool worktrees this process is filling right now (reconciliation leaves them alone). */
  private readonly filling = new Set<string>();

  constructor(private readonly options: WorktreeManagerOptions) {
    this.git = new GitRunner(options.gitEnvironment, new DriverTrust(join(options.dataDir, 'git-driver-trust.json')));
    this.clock = options.clock ?? systemClock;
    this.ids = options.ids ?? nanoIdGenerator;
    this.registry = new WorktreeRegistry(options.dataDir, options.store);
  }

  /** Validates a repository (a work tree with at least one commit) and remembers it for `reconcile`. */
  async registerRepository(path: string): Promise<RepositoryInfo> {
    const repository = await resolveRepository(this.git, path);
    await this.registry.addRepository(repository.path);
    return repository;
  }

  async list(): Promise<WorktreeInfo[]> {
    return (await this.registry.read()).worktrees;
  }

  async get(id: string): Promise<WorktreeInfo> {
    return this.registry.get(id);
  }

  /**
   * Creates the card's worktree: registered as `creating` before `git worktree add`, `active`
   * after, so a crash in between leaves an entry a retry completes rather than a stray checkout.
   */
  async createWorktree(options: CreateWorktreeOptions): Promise<WorktreeInfo> {
    const repository = await this.registerRepository(options.repository);
    return this.queue.run(repository.path, async () => {
      if (options.owner !== undefined) {
        const adopted = await this.adopt(repository.path, options.owner);
        if (adopted !== undefined) return adopted;
      }
      const baseBranch = options.baseBranch ?? repository.defaultBase;
      const baseCommit = await resolveCommit(this.git, repository.path, `refs/heads/${baseBranch}`);
      if (baseCommit === undefined) {
        throw new BaseBranchNotFoundError(baseBranch, nearbyNames(baseBranch, await localBranches(this.git, repository.path)));
      }
      if (options.branch !== undefined) await this.assertReusable(repository.path, options.branch);
      if (options.fromPool !== undefined && options.branch === undefined) {
        const claimed = await this.claimPoolWorktree(repository.path, baseBranch, baseCommit, options.fromPool.settingsDigest, options);
        if (claimed !== undefined) return claimed;
      }
      const id = this.ids.next('wt');
      const root = await this.worktreesRootFor(repository.path);
      const titleSlug = options.branch === undefined ? slugify(options.title) : slugify(options.branch.replace(/\//g, '-'));
      const { branch, path } = await this.freeName(repository.path, root, titleSlug, shortIdFrom(id), options.branch);
      const worktree: WorktreeInfo = {
        id,
        cardId: options.cardId,
        repository: repository.path,
        path,
        branch,
        baseBranch,
        baseCommit,
        createdAt: this.clock.now(),
        state: 'creating',
        ...(options.owner === undefined ? {} : { owner: options.owner }),
      };
      await this.registry.put(worktree);
      this.options.checkpoint?.('worktree.registered');
      const args = options.branch === undefined ? ['worktree', 'add', '-b', branch, path, baseCommit] : ['worktree', 'add', path, branch];
      await this.git.run(repository.path, args);
      const active: WorktreeInfo = { ...worktree, state: 'active' };
      await this.registry.put(active);
      this.options.checkpoint?.('worktree.created');
      return active;
    });
  }

  /**
   * The owner's registered worktree, made usable: an `active` one as it is; one whose creation
   * was interrupted (`creating`: no one has worked in it yet) checked out afresh; one whose
   * directory vanished (`missing`) checked out again from its branch, which holds its commits.
   */
  private async adopt(repository: string, owner: string): Promise<WorktreeInfo | undefined> {
    const entry = (await this.registry.read()).worktrees.find(
      (candidate) => candidate.owner === owner && candidate.repository === repository && ['creating', 'active', 'missing'].includes(candidate.state),
    );
    if (entry === undefined) return undefined;
    const listed = (await listWorktrees(this.git, repository)).find((candidate) => candidate.path === entry.path);
    const intact = existsSync(join(entry.path, '.git')) && listed !== undefined && !listed.prunable;
    if (entry.state === 'active' && intact) return entry;
    if (entry.state !== 'creating' && !intact && existsSync(entry.path)) {
      // A directory that is there but not a checkout git knows: nothing Kanbots may overwrite.
      throw new WorktreeStateError(entry.id, entry.state, `Worktree "${entry.path}" exists but is not a working checkout; move it away, then start again`);
    }
    await this.deleteCheckout(entry);
    const branchExists = (await resolveCommit(this.git, repository, `refs/heads/${entry.branch}`)) !== undefined;
    await this.git.run(repository, branchExists ? ['worktree', 'add', entry.path, entry.branch] : ['worktree', 'add', '-b', entry.branch, entry.path, entry.baseCommit]);
    // Checked out afresh: whatever the pool had made ready is gone, the run sets it up itself.
    const { pooled: _pooled, ...fresh } = entry;
    const active: WorktreeInfo = { ...fresh, state: 'active' };
    await this.registry.put(active);
    this.options.checkpoint?.('worktree.created');
    return active;
  }

  /** The warm pool's worktrees (of one repository, or all). */
  async poolWorktrees(repository?: string): Promise<PoolWorktree[]> {
    const { pool } = await this.registry.read();
    return repository === undefined ? pool : pool.filter((entry) => entry.repository === repository);
  }

  /**
   * Adds a worktree to the warm pool: registered `filling` first, then checked out on a detached
   * HEAD at the base branch's tip, outside the repository's queue (git locks a checkout that is
   * being made, so a concurrent prune leaves it alone) — a run's claim never waits for a refill's
   * checkout. The caller makes it ready, then calls `markPoolWorktreeReady`.
   */
  async addPoolWorktree(options: AddPoolWorktreeOptions): Promise<PoolWorktree> {
    const repository = await this.registerRepository(options.repository);
    const entry = await this.queue.run(repository.path, async () => {
      const baseCommit = await resolveCommit(this.git, repository.path, `refs/heads/${options.baseBranch}`);
      if (baseCommit === undefined) {
        throw new BaseBranchNotFoundError(options.baseBranch, nearbyNames(options.baseBranch, await localBranches(this.git, repository.path)));
      }
      const id = this.ids.next('wt');
      const root = await this.worktreesRootFor(repository.path);
      let path = join(root, `pool-${shortIdFrom(id)}`);
      for (let attempt = 2; existsSync(path); attempt += 1) path = join(root, `pool-${shortIdFrom(id)}-${attempt}`);
      const registered: PoolWorktree = {
        id,
        repository: repository.path,
        path,
        baseBranch: options.baseBranch,
        baseCommit,
        settingsDigest: options.settingsDigest,
        portBase: await this.freePoolPortBase(),
        createdAt: this.clock.now(),
        state: 'filling',
      };
      await this.registry.update((content) => {
        content.pool.push(registered);
      });
      this.filling.add(id);
      return registered;
    });
    this.options.checkpoint?.('pool.registered');
    await this.git.run(entry.repository, ['worktree', 'add', '--quiet', '--detach', entry.path, entry.baseCommit], options.niceness === undefined ? {} : { niceness: options.niceness });
    this.options.checkpoint?.('pool.created');
    return entry;
  }

  /**
   * Marks a set-up pool worktree ready — only when it is clean: a setup that left a change to a
   * tracked file or an untracked file git does not ignore is not what a run would get, and it is
   * deleted instead (returns false). This first full check also stores git's untracked cache in the
   * worktree's index, which makes the check at claim time cheap.
   */
  async markPoolWorktreeReady(id: string, diskBytes: number): Promise<boolean> {
    const found = (await this.registry.read()).pool.find((candidate) => candidate.id === id);
    if (found === undefined) throw new WorktreeNotFoundError(id);
    if (!(await this.poolWorktreeIsClean(found))) {
      await this.queue.run(found.repository, () => this.deletePoolWorktree(found));
      this.filling.delete(id);
      return false;
    }
    await this.registry.update((content) => {
      const entry = content.pool.find((candidate) => candidate.id === id);
      if (entry === undefined) throw new WorktreeNotFoundError(id);
      entry.state = 'ready';
      entry.diskBytes = Math.max(0, Math.round(diskBytes));
    });
    this.filling.delete(id);
    this.options.checkpoint?.('pool.ready');
    return true;
  }

  /** Deletes a pool worktree and its entry: it never held anyone's work. */
  async discardPoolWorktree(id: string): Promise<void> {
    const entry = (await this.registry.read()).pool.find((candidate) => candidate.id === id);
    if (entry === undefined) return;
    await this.queue.run(entry.repository, () => this.deletePoolWorktree(entry));
    this.filling.delete(id);
  }

  private async deletePoolWorktree(entry: PoolWorktree): Promise<void> {
    await this.deleteCheckout(entry);
    await this.registry.update((content) => {
      content.pool = content.pool.filter((candidate) => candidate.id !== entry.id);
    });
  }

  /**
   * What a crash left of the pool: a worktree still `filling` (its checkout or setup was cut
   * short) is deleted, and so is a `ready` one that is no longer whole, detached at its commit and
   * clean — or a checkout named like a pool worktree that nothing records. Returns what was deleted.
   */
  async reconcilePool(): Promise<PoolWorktree[]> {
    const content = await this.registry.read();
    const discarded: PoolWorktree[] = [];
    for (const entry of content.pool) {
      if (!existsSync(entry.repository) || this.filling.has(entry.id)) continue;
      const keep = await this.queue.run(entry.repository, async () => {
        if (entry.state === 'ready' && (await this.poolWorktreeIsClean(entry))) return true;
        await this.untilCheckoutFinished(entry);
        await this.deletePoolWorktree(entry);
        return false;
      });
      if (!keep) discarded.push(entry);
    }
    const root = join(await this.dataDirectory(), 'worktrees');
    const known = new Set([...content.pool.map((entry) => entry.path), ...content.worktrees.map((entry) => entry.path)]);
    // Only when a pool-named folder nothing records is on disk does git get asked about it.
    const folders = await readdir(root).catch(() => [] as string[]);
    const strays = (await Promise.all(folders.map(async (folder) => (await readdir(join(root, folder)).catch(() => [] as string[])).filter((name) => name.startsWith('pool-') && !known.has(join(root, folder, name)))))).flat();
    if (strays.length === 0) return discarded;
    for (const repository of content.repositories) {
      if (!existsSync(repository)) continue;
      for (const listed of await listWorktrees(this.git, repository)) {
        const inside = relative(root, listed.path).split(sep);
        if (inside.length !== 2 || inside[0]!.startsWith('..') || !inside[1]!.startsWith('pool-') || known.has(listed.path) || listed.branch !== undefined) continue;
        await this.queue.run(repository, () => this.deleteCheckout({ path: listed.path, repository }));
      }
    }
    return discarded;
  }

  /**
   * A `git worktree add` of a process that was killed goes on by itself (git is its own process)
   * and keeps its checkout locked `initializing` until it is done: deleting under it would leave
   * whatever it writes after. Waits for it (a few seconds at most; a lock left by a git that was
   * killed too never goes, and the deletion then takes the lock with it).
   */
  private async untilCheckoutFinished(entry: PoolWorktree, timeoutMs = 5_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const listed = (await listWorktrees(this.git, entry.repository)).find((candidate) => candidate.path === entry.path);
      if (listed === undefined || listed.lockedReason !== 'initializing' || Date.now() > until) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /**
   * Whole, on a detached HEAD at its commit, no change to a tracked file and no untracked file git
   * does not ignore. The full `git status` every time, made cheap by git's untracked cache (kept in
   * the worktree's index from the check that made it ready): git still looks at every tracked
   * file's stat and at every directory's mtime, and only reads again a directory that changed, so a
   * file written anywhere since is still seen — nothing is assumed from an earlier answer.
   */
  private async poolWorktreeIsClean(entry: PoolWorktree): Promise<boolean> {
    if (!existsSync(join(entry.path, '.git'))) return false;
    try {
      const output = await this.git.text(entry.path, ['-c', 'core.untrackedCache=true', 'status', '--porcelain=v2', '--branch', '-z', '--untracked-files=normal']);
      const records = output.split('\0').filter((record) => record !== '');
      const head = records.find((record) => record.startsWith('# branch.head '))?.slice('# branch.head '.length);
      const commit = records.find((record) => record.startsWith('# branch.oid '))?.slice('# branch.oid '.length);
      return head === '(detached)' && commit === entry.baseCommit && records.every((record) => record.startsWith('# '));
    } catch {
      return false;
    }
  }

  /**
   * Claims a ready pool worktree for a run: the entry leaves the pool and becomes the run's worktree
   * (`creating`, `pooled`) in one registry write, then gets its branch where it stands. A crash
   * between the two leaves a `creating` entry that adoption checks out afresh (and sets up again).
   */
  private async claimPoolWorktree(repository: string, baseBranch: string, baseCommit: string, settingsDigest: string, options: CreateWorktreeOptions): Promise<WorktreeInfo | undefined> {
    const candidates = (await this.registry.read()).pool
      .filter((entry) => entry.repository === repository && entry.baseBranch === baseBranch && entry.state === 'ready' && entry.baseCommit === baseCommit && entry.settingsDigest === settingsDigest)
      .sort((left, right) => left.createdAt - right.createdAt);
    for (const candidate of candidates) {
      const id = this.ids.next('wt');
      const [clean, branch] = await Promise.all([this.poolWorktreeIsClean(candidate), this.freeBranch(repository, slugify(options.title), shortIdFrom(id))]);
      if (!clean) {
        await this.deletePoolWorktree(candidate);
        continue;
      }
      const worktree: WorktreeInfo = {
        id,
        cardId: options.cardId,
        repository,
        path: candidate.path,
        branch,
        baseBranch,
        baseCommit,
        createdAt: this.clock.now(),
        state: 'creating',
        pooled: true,
        portBase: candidate.portBase,
        ...(options.owner === undefined ? {} : { owner: options.owner }),
      };
      await this.registry.update((content) => {
        content.pool = content.pool.filter((entry) => entry.id !== candidate.id);
        content.worktrees.push(worktree);
      });
      this.options.checkpoint?.('pool.claimed');
      await this.git.run(candidate.path, ['switch', '--quiet', '--create', branch]);
      const active: WorktreeInfo = { ...worktree, state: 'active' };
      await this.registry.put(active);
      this.options.checkpoint?.('worktree.created');
      return active;
    }
    return undefined;
  }

  private async freeBranch(repository: string, slug: string, shortId: string): Promise<string> {
    for (let attempt = 0; attempt < maximumNameAttempts; attempt += 1) {
      const branch = `${cardBranchPrefix}${cardBranchLeaf(slug, shortId, attempt)}`;
      if ((await resolveCommit(this.git, repository, `refs/heads/${branch}`)) === undefined) return branch;
    }
    throw new ConfigurationError(`Could not find a free branch name for "${slug}" after ${maximumNameAttempts} attempts`);
  }

  /**
   * Pool worktrees take port ranges from the top down (runs take theirs from the bottom up), never
   * one another pool worktree or a live worktree holds.
   */
  private async freePoolPortBase(): Promise<number> {
    const content = await this.registry.read();
    const taken = new Set([...content.pool.map((entry) => entry.portBase), ...content.worktrees.filter((entry) => entry.state !== 'removed').flatMap((entry) => (entry.portBase === undefined ? [] : [entry.portBase]))]);
    for (let base = lastPortBase; base >= firstPortBase; base -= portRangeSize) if (!taken.has(base)) return base;
    return lastPortBase;
  }

  async status(id: string): Promise<WorktreeStatus> {
    return readWorktreeStatus(this.git, await this.activeWorktree(id));
  }

  async diff(id: string, options: DiffOptions = {}): Promise<WorktreeDiff> {
    return readWorktreeDiff(this.git, await this.activeWorktree(id), options);
  }

  /** The diff between two commits of the worktree's repository (a merged worktree, gone, still shows what its merge brought). */
  async diffBetween(id: string, from: string, to: string, options: Pick<DiffOptions, 'contextLines'> = {}): Promise<WorktreeDiff> {
    const worktree = await this.registry.get(id);
    return readCommitRangeDiff(this.git, worktree.repository, from, to, options);
  }

  async commit(id: string, message: string, options: CommitOptions = {}): Promise<CommitResult> {
    const worktree = await this.activeWorktree(id);
    await this.removeStaleIndexLock(worktree);
    return commitAll(this.git, worktree, message, options);
  }

  /**
   * A card worktree's `index.lock` older than this process is what a crash left midway through a
   * `git add` or `git commit` there (nothing else of Kanbots runs while it commits); git would
   * refuse every commit until it is gone.
   */
  private async removeStaleIndexLock(worktree: WorktreeInfo): Promise<void> {
    const lock = await this.git.line(worktree.path, ['rev-parse', '--path-format=absolute', '--git-path', 'index.lock']);
    const stats = await stat(lock).catch(() => undefined);
    if (stats !== undefined && stats.mtimeMs < processStartedAt) await rm(lock, { force: true });
  }

  /**
   * Removes the worktree directory and keeps the branch. Refuses (`UnsavedWorkError`) when there
   * are uncommitted files or commits not merged into the base, unless `snapshot` (commit them to
   * the branch first) or `force` (the user chose to discard uncommitted files).
   *
   * Crash-safe: the registry says `removing` before the first file is deleted, so a half-deleted
   * directory is never taken for work (nothing commits a `removing` worktree) and calling this
   * again — or after a restart — completes the removal without checks or snapshot (both were done).
   */
  async removeWorktree(id: string, options: RemoveWorktreeOptions = {}): Promise<RemoveWorktreeResult> {
    const registered = await this.registry.get(id);
    return this.queue.run(registered.repository, async () => {
      const worktree = await this.registry.get(id);
      if (worktree.state === 'removed') return { worktree };
      let snapshotCommit: string | undefined;
      if (worktree.state === 'removing' || worktree.state === 'creating') {
        await this.deleteCheckout(worktree);
      } else if (existsSync(worktree.path)) {
        const dirty = dirtyPaths(await worktreeStatus(this.git, worktree.path));
        // HEAD of the worktree, not the branch ref: an agent may have detached or switched branches there.
        const unmerged = await unmergedCommits(this.git, worktree.path, await baseReference(this.git, worktree), 'HEAD');
        if ((dirty.length > 0 || unmerged.length > 0) && options.snapshot !== true && options.force !== true) {
          throw new UnsavedWorkError(id, dirty, unmerged, `remove worktree "${worktree.path}"`);
        }
        if (dirty.length > 0 && options.snapshot === true) {
          await this.removeStaleIndexLock(worktree);
          const result = await commitAll(this.git, worktree, snapshotMessage);
          snapshotCommit = result.commit;
        }
        await this.registry.put({ ...worktree, state: 'removing' });
        this.options.checkpoint?.('worktree.remove.started');
        try {
          await this.git.run(worktree.repository, ['worktree', 'remove', ...(options.force === true ? ['--force'] : []), worktree.path]);
        } catch (error) {
          // Refused before it deleted anything (the checkout is whole): it stays what it was.
          if (existsSync(join(worktree.path, '.git'))) await this.registry.put(worktree);
          throw error;
        }
      } else {
        const entry = (await listWorktrees(this.git, worktree.repository)).find((candidate) => candidate.path === worktree.path);
        if (entry?.prunable === true) await this.git.run(worktree.repository, ['worktree', 'prune']);
      }
      const removed: WorktreeInfo = { ...worktree, state: 'removed' };
      await this.registry.put(removed);
      return snapshotCommit === undefined ? { worktree: removed } : { worktree: removed, snapshotCommit };
    });
  }

  /**
   * Deletes a checkout whose work is saved (or that never had any) in whatever state a crash left
   * it — whole, half-deleted, without its `.git` file, still locked by an interrupted `git worktree
   * add` — and git's metadata of it. Only ever inside Kanbots' own worktrees directory.
   */
  private async deleteCheckout(worktree: Pick<WorktreeInfo, 'path' | 'repository'>): Promise<void> {
    const root = join(await this.dataDirectory(), 'worktrees');
    if (!worktree.path.startsWith(root + sep)) {
      throw new ConfigurationError(`Refusing to delete "${worktree.path}": it is not inside the worktrees directory "${root}"`);
    }
    await this.git.run(worktree.repository, ['worktree', 'remove', '--force', '--force', worktree.path], { allowExitCodes: [128] });
    await rm(worktree.path, { recursive: true, force: true });
    await this.git.run(worktree.repository, ['worktree', 'unlock', worktree.path], { allowExitCodes: [128] });
    await this.git.run(worktree.repository, ['worktree', 'prune']);
  }

  /** Deletes the card's branch after its worktree was removed; refuses unmerged commits unless `force`. */
  async deleteBranch(id: string, options: { force?: boolean } = {}): Promise<DeleteBranchResult> {
    const worktree = await this.registry.get(id);
    return this.queue.run(worktree.repository, async () => {
      if (worktree.state === 'active') {
        throw new WorktreeStateError(id, worktree.state, `Remove worktree "${worktree.path}" before deleting its branch "${worktree.branch}"`);
      }
      const commit = await resolveCommit(this.git, worktree.repository, `refs/heads/${worktree.branch}`);
      if (commit === undefined) {
        await this.registry.delete(id);
        return { deleted: false };
      }
      const unmerged = await unmergedCommits(this.git, worktree.repository, await baseReference(this.git, worktree), `refs/heads/${worktree.branch}`);
      if (unmerged.length > 0 && options.force !== true) throw new UnsavedWorkError(id, [], unmerged, `delete branch "${worktree.branch}"`);
      await this.git.run(worktree.repository, ['branch', '-D', '--', worktree.branch]);
      await this.registry.delete(id);
      return { deleted: true, commit };
    });
  }

  /**
   * Lists what no card knows, what vanished and — given `inUse` — the run-made worktrees no run
   * uses; prunes only what git reports prunable.
   */
  async reconcile(knownCardIds: readonly string[], options: ReconcileOptions = {}): Promise<ReconcileReport> {
    const root = join(await this.dataDirectory(), 'worktrees');
    return this.registry.update((content) => reconcileRegistry(this.git, content, root, knownCardIds, options));
  }

  /** Merges the card's branch into its base branch; see `mergeWorktree` for the safety rules. */
  async merge(id: string, options: MergeOptions = {}): Promise<MergeResult> {
    const worktree = await this.registry.get(id);
    return this.queue.run(worktree.repository, () => mergeWorktree(this.git, worktree, options));
  }

  private async activeWorktree(id: string): Promise<WorktreeInfo> {
    const worktree = await this.registry.get(id);
    if (worktree.state !== 'active' || !existsSync(worktree.path)) {
      throw new WorktreeStateError(id, existsSync(worktree.path) ? worktree.state : 'missing', `Worktree "${id}" is not available (its directory "${worktree.path}" is gone or was removed)`);
    }
    return worktree;
  }

  private async assertReusable(repository: string, branch: string): Promise<void> {
    if ((await resolveCommit(this.git, repository, `refs/heads/${branch}`)) === undefined) throw new BranchNotFoundError(branch);
    const holder = (await listWorktrees(this.git, repository)).find((entry) => entry.branch === `refs/heads/${branch}`);
    if (holder !== undefined) throw new BranchCheckedOutElsewhereError(branch, holder.path);
  }

  private async freeName(repository: string, root: string, slug: string, shortId: string, reusedBranch: string | undefined): Promise<{ branch: string; path: string }> {
    for (let attempt = 0; attempt < maximumNameAttempts; attempt += 1) {
      const leaf = cardBranchLeaf(slug, shortId, attempt);
      const branch = reusedBranch ?? `${cardBranchPrefix}${leaf}`;
      const path = join(root, leaf);
      if (existsSync(path)) continue;
      if (reusedBranch === undefined && (await resolveCommit(this.git, repository, `refs/heads/${branch}`)) !== undefined) continue;
      return { branch, path };
    }
    throw new ConfigurationError(`Could not find a free worktree name for "${slug}" after ${maximumNameAttempts} attempts`);
  }

  private async dataDirectory(): Promise<string> {
    await mkdir(this.options.dataDir, { recursive: true, mode: 0o700 });
    return realpath(this.options.dataDir);
  }

  /** `<dataDir>/worktrees/<repo-slug>-<hash>`, refusing a data directory inside the repository. */
  private async worktreesRootFor(repository: string): Promise<string> {
    const dataDirectory = await this.dataDirectory();
    const inside = relative(repository, dataDirectory);
    if (inside === '' || (!inside.startsWith('..') && !isAbsolute(inside))) {
      throw new ConfigurationError(`The data directory "${dataDirectory}" is inside the repository "${repository}"; worktrees must live outside it`);
    }
    const hash = createHash('sha256').update(repository).digest('hex');
    const root = join(dataDirectory, 'worktrees', repositoryDirectoryName(repository, hash));
    await mkdir(root, { recursive: true, mode: 0o700 });
    return root;
  }
}

