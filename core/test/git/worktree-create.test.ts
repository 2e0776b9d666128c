import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors.js';
import {
  BaseBranchNotFoundError,
  BranchCheckedOutElsewhereError,
  BranchNotFoundError,
  EmptyRepositoryError,
  NotAGitRepositoryError,
} from '../../src/git/git-errors.js';
import { WorktreeManager } from '../../src/git/worktree-manager.js';
import { captureCheckout, createTemporaryDirectory, isolatedGitEnvironment, runTestGit, unusualDirectoryName } from '../../src/testing/git-fixtures.js';
import { createWorktreeContext, type WorktreeContext } from './worktree-context.js';

let context: WorktreeContext | undefined;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await context?.cleanup();
  context = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('registerRepository', () => {
  it('returns the real top level, the current branch and the default base from a subdirectory', async () => {
    context = await createWorktreeContext();
    const info = await context.manager.registerRepository(join(context.repository.path, 'src'));
    expect(info).toEqual({ path: context.repository.path, currentBranch: 'main', defaultBase: 'main' });
  });

  it('rejects a plain directory and a path that does not exist', async () => {
    context = await createWorktreeContext();
    const plain = await createTemporaryDirectory();
    cleanups.push(plain.cleanup);
    await expect(context.manager.registerRepository(plain.path)).rejects.toBeInstanceOf(NotAGitRepositoryError);
    await expect(context.manager.registerRepository(join(plain.path, 'nope'))).rejects.toBeInstanceOf(NotAGitRepositoryError);
  });

  it('rejects a repository without commits', async () => {
    context = await createWorktreeContext();
    const empty = await createTemporaryDirectory();
    cleanups.push(empty.cleanup);
    await runTestGit(empty.path, ['init', '--quiet']);
    const error = await context.manager.registerRepository(empty.path).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EmptyRepositoryError);
    expect((error as EmptyRepositoryError).code).toBe('git_empty_repository');
  });

  it('falls back to main as default base when the user has a detached HEAD', async () => {
    context = await createWorktreeContext();
    await context.repository.detachHead();
    const info = await context.manager.registerRepository(context.repository.path);
    expect(info.currentBranch).toBeUndefined();
    expect(info.defaultBase).toBe('main');
  });
});

describe('createWorktree', () => {
  it('creates kanbots/<slug>-<id> from the current branch under the data directory, not in the repo', async () => {
    context = await createWorktreeContext();
    const before = await captureCheckout(context.repository.path);
    const worktree = await context.manager.createWorktree({ repository: context.repository.path, cardId: 'card_1', title: 'Fix the login page!' });
    expect(worktree).toMatchObject({
      id: 'wt_1',
      cardId: 'card_1',
      repository: context.repository.path,
      branch: 'kanbots/fix-the-login-page-1',
      baseBranch: 'main',
      baseCommit: await context.repository.head('main'),
      createdAt: context.clock.now(),
      state: 'active',
    });
    expect(worktree.path.startsWith(join(context.dataDir, 'worktrees') + sep)).toBe(true);
    expect(worktree.path.endsWith(`${sep}fix-the-login-page-1`)).toBe(true);
    expect(worktree.path.startsWith(context.repository.path)).toBe(false);
    expect(await readFile(join(worktree.path, 'README.md'), 'utf8')).toBe('# Test repository\n');
    expect((await runTestGit(worktree.path, ['symbolic-ref', '--short', 'HEAD'])).trim()).toBe(worktree.branch);
    expect(await captureCheckout(context.repository.path)).toEqual(before);
    const registry = JSON.parse(await readFile(join(context.dataDir, 'worktrees.json'), 'utf8'));
    expect(registry.data.worktrees).toEqual([worktree]);
    expect(await context.manager.get('wt_1')).toEqual(worktree);
  });

  it('starts from the branch the user is on, or the base asked for', async () => {
    context = await createWorktreeContext();
    const featureTip = await context.repository.branchAhead('feature');
    await context.repository.git(['checkout', '--quiet', 'feature']);
    const fromCurrent = await context.manager.createWorktree({ repository: context.repository.path, cardId: 'c1', title: 'a' });
    expect(fromCurrent).toMatchObject({ baseBranch: 'feature', baseCommit: featureTip });
    const fromMain = await context.manager.createWorktree({ repository: context.repository.path, cardId: 'c2', title: 'b', baseBranch: 'main' });
    expect(fromMain).toMatchObject({ baseBranch: 'main', baseCommit: await context.repository.head('main') });
  });

  it('picks a new suffix when the branch or the directory already exists', async () => {
    context = await createWorktreeContext();
    await context.repository.git(['branch', 'kanbots/task-1']);
    const first = await context.manager.createWorktree({ repository: context.repository.path, cardId: 'c', title: 'Task' });
    expect(first.branch).toBe('kanbots/task-1-2');
    const taken = join(first.path, '..', 'task-2');
    await mkdir(taken, { recursive: true });
    const second = await context.manager.createWorktree({ repository: context.repository.path, cardId: 'c', title: 'Task' });
    expect(second.branch).toBe('kanbots/task-2-2');
    expect(second.path).toBe(join(first.path, '..', 'task-2-2'));
  });

  it('rejects a missing base branch and lists nearby names', async () => {
    context = await createWorktreeContext();
    await context.repository.git(['branch', 'feature/login']);
    const error = await context.manager
      .createWorktree({ repository: context.repository.path, cardId: 'c', title: 't', baseBranch: 'mian' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BaseBranchNotFoundError);
    expect((error as BaseBranchNotFoundError).nearbyBranches).toEqual(['main']);
    expect(await context.manager.list()).toEqual([]);
  });

  it('works while the user has a detached HEAD', async () => {
    context = await createWorktreeContext();
    await context.repository.detachHead();
    const before = await captureCheckout(context.repository.path);
    const worktree = await context.manager.createWorktree({ repository: context.repository.path, cardId: 'c', title: 't' });
    expect(worktree.baseBranch).toBe('main');
    expect(await captureCheckout(context.repository.path)).toEqual(before);
  });

  it('works while the user is in the middle of a conflicted rebase, leaving it untouched', async () => {
    context = await createWorktreeContext();
    await context.repository.startRebaseConflict();
    const before = await captureCheckout(context.repository.path);
    expect(before.markers).toContain('rebase-merge');
    const worktree = await context.manager.createWorktree({ repository: context.repository.path, cardId: 'c', title: 't', baseBranch: 'main' });
    expect(existsSync(join(worktree.path, 'conflict.txt'))).toBe(true);
    expect(await captureCheckout(context.repository.path)).toEqual(before);
  });

  it('reuses an existing branch, but not one checked out elsewhere', async () => {
    context = await createWorktreeContext();
    const tip = await context.repository.branchAhead('feature');
    const reused = await context.manager.createWorktree({ repository: context.repository.path, cardId: 'c', title: 't', branch: 'feature' });
    expect(reused.branch).toBe('feature');
    expect((await runTestGit(reused.path, ['rev-parse', 'HEAD'])).trim()).toBe(tip);
    const elsewhere = await context.manager
      .createWorktree({ repository: context.repository.path, cardId: 'c', title: 't', branch: 'main' })
      .catch((caught: unknown) => caught);
    expect(elsewhere).toBeInstanceOf(BranchCheckedOutElsewhereError);
    expect((elsewhere as BranchCheckedOutElsewhereError).worktreePath).toBe(context.repository.path);
    const again = await context.manager
      .createWorktree({ repository: context.repository.path, cardId: 'c', title: 't', branch: 'feature' })
      .catch((caught: unknown) => caught);
    expect((again as BranchCheckedOutElsewhereError).worktreePath).toBe(reused.path);
    await expect(context.manager.createWorktree({ repository: context.repository.path, cardId: 'c', title: 't', branch: 'nope' })).rejects.toBeInstanceOf(BranchNotFoundError);
  });

  it('handles spaces and non-ASCII characters in both the repository and the data directory', async () => {
    context = await createWorktreeContext({ repository: { directoryName: unusualDirectoryName }, dataDirName: `data ${unusualDirectoryName}` });
    await context.repository.writeFiles({ 'naïve file.txt': 'x\n' });
    await context.repository.commitAll('unicode file');
    const worktree = await context.manager.createWorktree({ repository: context.repository.path, cardId: 'c', title: 'Über café' });
    expect(worktree.branch).toBe('kanbots/uber-cafe-1');
    expect(worktree.path.includes(unusualDirectoryName)).toBe(true);
    await context.repository.writeFiles({ 'naïve file.txt': 'changed\n', 'nouveau fichier é.txt': 'new\n' }, worktree.path);
    const status = await context.manager.status(worktree.id);
    expect(status.unstaged).toEqual(['naïve file.txt']);
    expect(status.untracked).toEqual(['nouveau fichier é.txt']);
    const commit = await context.manager.commit(worktree.id, 'unicode work');
    expect(commit.files.sort()).toEqual(['naïve file.txt', 'nouveau fichier é.txt']);
  });

  it('refuses a data directory inside the repository', async () => {
    context = await createWorktreeContext();
    const manager = new WorktreeManager({ dataDir: join(context.repository.path, '.kanbots'), gitEnvironment: { ...isolatedGitEnvironment } });
    await expect(manager.createWorktree({ repository: context.repository.path, cardId: 'c', title: 't' })).rejects.toBeInstanceOf(ConfigurationError);
  });

  it('creates several worktrees in parallel without losing registry entries', async () => {
    context = await createWorktreeContext();
    const repository = context.repository.path;
    const created = await Promise.all(['a', 'b', 'c', 'd'].map((title) => context!.manager.createWorktree({ repository, cardId: `card-${title}`, title: 'Same title' })));
    expect(new Set(created.map((worktree) => worktree.branch)).size).toBe(4);
    expect((await context.manager.list()).map((worktree) => worktree.cardId).sort()).toEqual(['card-a', 'card-b', 'card-c', 'card-d']);
  });
});
