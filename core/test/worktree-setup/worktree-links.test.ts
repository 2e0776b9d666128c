import { lstat, readFile, readlink, realpath, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GitRunner } from '../../src/git/git-runner.js';
import { createTestRepository, isolatedGitEnvironment, type TestRepository } from '../../src/testing/git-fixtures.js';
import { linkFolders } from '../../src/worktree-setup/worktree-links.js';

const git = new GitRunner({ ...isolatedGitEnvironment });
let repository: TestRepository | undefined;
afterEach(async () => {
  await repository?.cleanup();
  repository = undefined;
});

async function projectWithWorktree(gitignore: string): Promise<{ repo: TestRepository; worktree: string }> {
  const repo = await createTestRepository();
  repository = repo;
  await repo.writeFiles({ '.gitignore': gitignore });
  await repo.commitAll('ignore rules');
  await repo.writeFiles({ 'node_modules/left-pad/index.js': 'module.exports = 1;\n', 'node_modules/.bin/tool': '#!/bin/sh\n', 'packages/app/node_modules/x/index.js': 'x\n' });
  const worktree = join(repo.path, '..', 'worktree');
  await repo.git(['worktree', 'add', '--quiet', '-b', 'card', worktree]);
  return { repo, worktree };
}

describe('linked folders', () => {
  it('symlinks an allowlisted folder and keeps the link out of git, even with a trailing-slash .gitignore line, and warns about that line', async () => {
    const { repo, worktree } = await projectWithWorktree('node_modules/\n');
    const result = await linkFolders(git, repo.path, worktree, ['node_modules', 'packages/app/node_modules'], 'symlink');
    expect(result.links).toEqual([
      { folder: 'node_modules', outcome: 'linked' },
      { folder: 'packages/app/node_modules', outcome: 'linked' },
    ]);
    expect((await lstat(join(worktree, 'node_modules'))).isSymbolicLink()).toBe(true);
    expect(await readlink(join(worktree, 'node_modules'))).toBe(join(await realpath(repo.path), 'node_modules'));
    expect(await readFile(join(worktree, 'node_modules/left-pad/index.js'), 'utf8')).toBe('module.exports = 1;\n');
    // Both links: `node_modules/` matches neither.
    expect(result.warnings).toHaveLength(2);
    expect(result.warnings[1]).toMatch(/link "packages\/app\/node_modules"/);
    expect(result.warnings[0]).toMatch(/\.gitignore has "node_modules\/" with a trailing slash, which does not match a link/);
    // What the agent's `git add --all` would commit: nothing.
    await repo.git(['add', '--all'], { cwd: worktree });
    expect(await repo.git(['status', '--porcelain'], { cwd: worktree })).toBe('');
    const exclude = await readFile(join(repo.path, '.git/info/exclude'), 'utf8');
    expect(exclude).toContain('/node_modules\n/packages/app/node_modules\n');
  });

  it('shows that without the exclude line a trailing-slash rule would let the link be committed', async () => {
    const { repo, worktree } = await projectWithWorktree('node_modules/\n');
    await linkFolders(git, repo.path, worktree, ['node_modules'], 'symlink');
    const exclude = join(repo.path, '.git/info/exclude');
    const kept = await readFile(exclude, 'utf8');
    await repo.git(['config', 'core.excludesFile', '/dev/null']);
    await writeFile(exclude, '');
    expect(await repo.git(['status', '--porcelain'], { cwd: worktree })).toBe('?? node_modules\n');
    await writeFile(exclude, kept);
    expect(await repo.git(['status', '--porcelain'], { cwd: worktree })).toBe('');
  });

  it('adds each exclude line once and warns of nothing when .gitignore matches links', async () => {
    const { repo, worktree } = await projectWithWorktree('node_modules\n');
    const first = await linkFolders(git, repo.path, worktree, ['node_modules'], 'symlink');
    expect(first.warnings).toEqual([]);
    const second = join(repo.path, '..', 'worktree-2');
    await repo.git(['worktree', 'add', '--quiet', '-b', 'card-2', second]);
    await linkFolders(git, repo.path, second, ['node_modules'], 'symlink');
    const exclude = await readFile(join(repo.path, '.git/info/exclude'), 'utf8');
    expect(exclude.split('\n').filter((line) => line === '/node_modules')).toHaveLength(1);
  });

  it('copies instead of linking in reflink and copy modes (a real folder, the same files)', async () => {
    for (const mode of ['reflink', 'copy'] as const) {
      const { repo, worktree } = await projectWithWorktree('node_modules\n');
      const result = await linkFolders(git, repo.path, worktree, ['node_modules'], mode);
      expect(result.links).toEqual([{ folder: 'node_modules', outcome: 'copied' }]);
      const stats = await lstat(join(worktree, 'node_modules'));
      expect(stats.isSymbolicLink()).toBe(false);
      expect(stats.isDirectory()).toBe(true);
      expect(await readFile(join(worktree, 'node_modules/left-pad/index.js'), 'utf8')).toBe('module.exports = 1;\n');
      expect(await repo.git(['status', '--porcelain'], { cwd: worktree })).toBe('');
      await repo.cleanup();
      repository = undefined;
    }
  });

  it('never replaces what the worktree has, and skips a folder the repository lacks', async () => {
    const { repo, worktree } = await projectWithWorktree('node_modules\n.venv\n');
    await repo.writeFiles({ 'node_modules/own.js': 'the worktree\'s own\n' }, worktree);
    const result = await linkFolders(git, repo.path, worktree, ['node_modules', '.venv'], 'symlink');
    expect(result.links).toEqual([
      { folder: 'node_modules', outcome: 'skipped', reason: 'it exists in the worktree' },
      { folder: '.venv', outcome: 'skipped', reason: 'the repository has no such folder (yet)' },
    ]);
    expect((await lstat(join(worktree, 'node_modules'))).isSymbolicLink()).toBe(false);
  });
});
