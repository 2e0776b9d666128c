import { existsSync } from 'node:fs';
import { readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WorktreeStateError } from '../../src/git/git-errors.js';
import type { WorktreeInfo } from '../../src/git/worktree-info.js';
import { WorktreeRegistry } from '../../src/git/worktree-registry.js';
import { createWorktreeContext, type WorktreeContext } from './worktree-context.js';

/**
 * What a crash (kill -9, power cut) leaves in the middle of a worktree operation, and what the
 * next call makes of it. The crashed states are built the way git leaves them: a `git worktree
 * remove` that deleted part of the files (its `.git` file among them), a `git worktree add` that
 * stopped while checking out (still locked `initializing`).
 */

let context: WorktreeContext | undefined;
afterEach(async () => {
  await context?.cleanup();
  context = undefined;
});

const files = Object.fromEntries(Array.from({ length: 40 }, (_, index) => [`files/file-${index}.txt`, `file ${index}\n`]));

async function setUp() {
  context = await createWorktreeContext();
  await context.repository.writeFiles(files);
  await context.repository.commitAll('forty files');
  return context;
}

/** The registry entry rewritten as a crash left it (the registry is the manager's own file). */
async function crashedAs(context: WorktreeContext, worktree: WorktreeInfo, state: WorktreeInfo['state']): Promise<void> {
  await new WorktreeRegistry(context.dataDir).put({ ...worktree, state });
}

/** Deletes the `.git` file and every other file of the checkout, as far as a killed `git worktree remove` got. */
async function deleteHalf(path: string): Promise<void> {
  await rm(join(path, '.git'));
  const names = await readdir(join(path, 'files'));
  for (const name of names.slice(0, names.length / 2)) await rm(join(path, 'files', name));
  await rm(join(path, 'README.md'));
}

describe('a worktree removal stopped halfway by a crash', () => {
  it('is never committed, the branch keeps every file, and removing again completes it', async () => {
    const context = await setUp();
    const worktree = await context.manager.createWorktree({ repository: context.repository.path, cardId: 'card', title: 'Work', owner: 'run_1/main' });
    await context.repository.writeFiles({ 'src/app.txt': 'changed\n' }, worktree.path);
    const work = await context.manager.commit(worktree.id, 'the work');
    await crashedAs(context, worktree, 'removing');
    await deleteHalf(worktree.path);

    await expect(context.manager.commit(worktree.id, 'would commit the deletions')).rejects.toBeInstanceOf(WorktreeStateError);
    const merged = await context.manager.merge(worktree.id);
    expect(merged.kind).toBe('fast-forward');
    expect(merged.commit).toBe(work.commit);
    const listing = await context.repository.git(['ls-tree', '-r', '--name-only', 'main']);
    expect(listing.split('\n').filter((line) => line.startsWith('files/'))).toHaveLength(40);
    expect(listing).toContain('README.md');

    const removed = await context.manager.removeWorktree(worktree.id, { snapshot: true });
    expect(removed.snapshotCommit).toBeUndefined();
    expect(removed.worktree.state).toBe('removed');
    expect(existsSync(worktree.path)).toBe(false);
    expect(await context.repository.git(['worktree', 'list', '--porcelain'])).not.toContain(worktree.path);
    expect(await context.repository.head(`refs/heads/${worktree.branch}`)).toBe(work.commit);
  });

  it('is completed by removing again even when the directory is already gone', async () => {
    const context = await setUp();
    const worktree = await context.manager.createWorktree({ repository: context.repository.path, cardId: 'card', title: 'Work' });
    await crashedAs(context, worktree, 'removing');
    await rm(worktree.path, { recursive: true, force: true });
    expect((await context.manager.removeWorktree(worktree.id)).worktree.state).toBe('removed');
    expect(await context.repository.git(['worktree', 'list', '--porcelain'])).not.toContain(worktree.path);
  });
});

describe('a commit in a worktree stopped by a crash', () => {
  it("git's index.lock it left behind does not block the next commit", async () => {
    const context = await setUp();
    const worktree = await context.manager.createWorktree({ repository: context.repository.path, cardId: 'card', title: 'Work' });
    const lock = (await context.repository.git(['rev-parse', '--path-format=absolute', '--git-path', 'index.lock'], { cwd: worktree.path })).trim();
    await writeFile(lock, '');
    const longAgo = new Date(Date.now() - 24 * 3600 * 1000);
    await utimes(lock, longAgo, longAgo);
    await context.repository.writeFiles({ 'src/app.txt': 'after the crash\n' }, worktree.path);
    const result = await context.manager.commit(worktree.id, 'the work');
    expect(result.committed).toBe(true);
    expect(existsSync(lock)).toBe(false);
  });
});

describe('a worktree creation stopped by a crash', () => {
  it('creating again for the same owner adopts the registered worktree instead of making a second', async () => {
    const context = await setUp();
    const first = await context.manager.createWorktree({ repository: context.repository.path, cardId: 'card', title: 'Work', owner: 'run_1/main' });
    await context.repository.writeFiles({ 'src/app.txt': 'work in progress\n' }, first.path);
    const again = await context.manager.createWorktree({ repository: context.repository.path, cardId: 'card', title: 'Work', owner: 'run_1/main' });
    expect(again).toEqual(first);
    expect(await context.repository.readFile('src/app.txt', first.path)).toBe('work in progress\n');
    const other = await context.manager.createWorktree({ repository: context.repository.path, cardId: 'card', title: 'Work', owner: 'run_1/candidate-2' });
    expect(other.id).not.toBe(first.id);
    expect((await context.manager.list()).filter((entry) => entry.state === 'active')).toHaveLength(2);
  });

  it('a checkout git left locked and half-written is checked out afresh, once', async () => {
    const context = await setUp();
    const worktree = await context.manager.createWorktree({ repository: context.repository.path, cardId: 'card', title: 'Work', owner: 'run_1/main' });
    await crashedAs(context, worktree, 'creating');
    await context.repository.git(['worktree', 'lock', '--reason', 'initializing', worktree.path]);
    await deleteHalf(worktree.path);

    const adopted = await context.manager.createWorktree({ repository: context.repository.path, cardId: 'card', title: 'Work', owner: 'run_1/main' });
    expect(adopted).toEqual({ ...worktree, state: 'active' });
    expect(await readdir(join(worktree.path, 'files'))).toHaveLength(40);
    expect(await context.repository.git(['status', '--porcelain'], { cwd: worktree.path })).toBe('');
    const listed = await context.repository.git(['worktree', 'list', '--porcelain']);
    expect(listed.split('\n').filter((line) => line.startsWith('worktree '))).toHaveLength(2);
    expect(listed).not.toContain('locked');
    expect(await context.manager.list()).toHaveLength(1);
  });

  it('a run worktree whose directory vanished is checked out again from its branch, commits included', async () => {
    const context = await setUp();
    const worktree = await context.manager.createWorktree({ repository: context.repository.path, cardId: 'card', title: 'Work', owner: 'run_1/main' });
    await context.repository.writeFiles({ 'src/app.txt': 'committed work\n' }, worktree.path);
    await context.manager.commit(worktree.id, 'the work');
    await rm(worktree.path, { recursive: true, force: true });
    const adopted = await context.manager.createWorktree({ repository: context.repository.path, cardId: 'card', title: 'Work', owner: 'run_1/main' });
    expect(adopted.id).toBe(worktree.id);
    expect(await context.repository.readFile('src/app.txt', worktree.path)).toBe('committed work\n');
  });
});

describe('reconcile with the runs that use worktrees', () => {
  it('lists registered run worktrees no run uses, and only those; removes nothing', async () => {
    const context = await setUp();
    const used = await context.manager.createWorktree({ repository: context.repository.path, cardId: 'card', title: 'Used', owner: 'run_1/main' });
    const leaked = await context.manager.createWorktree({ repository: context.repository.path, cardId: 'card', title: 'Leaked', owner: 'run_2/main' });
    await context.manager.createWorktree({ repository: context.repository.path, cardId: 'card', title: 'By hand' });
    const report = await context.manager.reconcile(['card'], { inUse: (worktree) => worktree.id === used.id });
    expect(report.unused.map((entry) => entry.id)).toEqual([leaked.id]);
    expect(report.orphanedWorktrees).toEqual([]);
    expect(existsSync(leaked.path)).toBe(true);
  });
});
