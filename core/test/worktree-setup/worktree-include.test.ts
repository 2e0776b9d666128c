import { lstat, readFile, readlink, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GitRunner } from '../../src/git/git-runner.js';
import { createTestRepository, isolatedGitEnvironment, type TestRepository } from '../../src/testing/git-fixtures.js';
import { copyIntoWorktree, includedIgnoredFiles, includePatterns } from '../../src/worktree-setup/worktree-include.js';

const git = new GitRunner({ ...isolatedGitEnvironment });
let repository: TestRepository | undefined;
afterEach(async () => {
  await repository?.cleanup();
  repository = undefined;
});

async function repositoryWith(files: Record<string, string>, tracked: Record<string, string> = {}): Promise<TestRepository> {
  repository = await createTestRepository();
  await repository.writeFiles(tracked);
  await repository.commitAll('tracked files');
  await repository.writeFiles(files);
  return repository;
}

async function included(repo: TestRepository, extra: string[] = []): Promise<string[]> {
  return includedIgnoredFiles(git, repo.path, await includePatterns(repo.path, extra));
}

describe('.worktreeinclude', () => {
  it('copies a file only when it matches a pattern and git ignores it', async () => {
    const repo = await repositoryWith(
      { '.env': 'SECRET=1\n', '.env.example.local': 'x\n', 'notes.env': 'untracked, not ignored\n', 'build/out.js': 'ignored, not listed\n' },
      { '.gitignore': '.env\n.env.*\nbuild/\n', '.worktreeinclude': '.env\n.env.*\n*.env\n' },
    );
    // notes.env matches `*.env` but git does not ignore it; build/out.js is ignored but not listed.
    expect(await included(repo)).toEqual(['.env', '.env.example.local']);
  });

  it('never lists a tracked file, even one matching an ignore pattern', async () => {
    const repo = await repositoryWith({ '.env': 'local\n' }, { '.gitignore': '*.env\n.env\n', '.worktreeinclude': '*.env\n.env\n' });
    await repo.writeFiles({ 'config.env': 'tracked\n' });
    await repo.git(['add', '--force', 'config.env']);
    await repo.commitAll('a tracked file git would ignore');
    expect(await included(repo)).toEqual(['.env']);
  });

  it('honours negation in .worktreeinclude', async () => {
    const repo = await repositoryWith(
      { 'secrets/a.json': '{}', 'secrets/b.json': '{}', 'secrets/big.bin': 'bin' },
      { '.gitignore': 'secrets/\n', '.worktreeinclude': 'secrets/*\n!secrets/big.bin\n' },
    );
    expect(await included(repo)).toEqual(['secrets/a.json', 'secrets/b.json']);
  });

  it('matches nested paths and whole folders, anchored and not', async () => {
    const repo = await repositoryWith(
      {
        'packages/api/.env': 'api\n',
        'packages/web/.env': 'web\n',
        'config/local/settings.json': '{}',
        'config/local/deep/more.json': '{}',
        'config/other.json': '{}',
      },
      { '.gitignore': '.env\nconfig/local/\nconfig/other.json\n', '.worktreeinclude': '**/.env\n/config/local/\n' },
    );
    expect(await included(repo)).toEqual(['config/local/deep/more.json', 'config/local/settings.json', 'packages/api/.env', 'packages/web/.env']);
  });

  it('keeps the files of an included folder that git does not ignore out', async () => {
    const repo = await repositoryWith({ 'local/keep.txt': 'keep\n', 'local/cache.db': 'db\n' }, { '.gitignore': '*.db\n', '.worktreeinclude': 'local/\n' });
    expect(await included(repo)).toEqual(['local/cache.db']);
  });

  it('takes the project settings\' copy list as more lines after the file\'s', async () => {
    const repo = await repositoryWith({ '.env': 'a\n', '.secret.key': 'k\n' }, { '.gitignore': '.env\n*.key\n', '.worktreeinclude': '.env\n' });
    expect(await included(repo, ['*.key'])).toEqual(['.env', '.secret.key']);
    expect(await included(repo, ['!.env'])).toEqual([]);
  });

  it('does not look into the folders it is told to skip (the linked ones)', async () => {
    const repo = await repositoryWith({ '.env': 'a\n', 'node_modules/.env': 'inside\n', 'packages/app/node_modules/.env': 'nested\n' }, { '.gitignore': '.env\nnode_modules\n', '.worktreeinclude': '**/.env\n' });
    expect(await included(repo)).toEqual(['.env', 'node_modules/.env', 'packages/app/node_modules/.env']);
    expect(await includedIgnoredFiles(git, repo.path, await includePatterns(repo.path), ['node_modules', 'packages/app/node_modules'])).toEqual(['.env']);
  });

  it('copies nothing without a .worktreeinclude or copy list', async () => {
    const repo = await repositoryWith({ '.env': 'a\n' }, { '.gitignore': '.env\n' });
    expect(await includePatterns(repo.path)).toEqual([]);
    expect(await included(repo)).toEqual([]);
  });

  it('copies into a worktree without overwriting what is there, symlinks as symlinks', async () => {
    const repo = await repositoryWith({ '.env': 'from the repository\n', 'conf/.env': 'nested\n' }, { '.gitignore': '.env\nlink.env\n', '.worktreeinclude': '.env\n*.env\n' });
    await symlink('.env', join(repo.path, 'link.env'));
    const worktree = join(repo.path, '..', 'worktree');
    await repo.git(['worktree', 'add', '--quiet', '-b', 'card', worktree]);
    await repo.writeFiles({ '.env': 'already in the worktree\n' }, worktree);
    const report = await copyIntoWorktree(repo.path, worktree, await included(repo));
    expect(report.copied).toEqual(['conf/.env', 'link.env']);
    expect(report.skipped).toEqual([{ path: '.env', reason: 'it exists in the worktree' }]);
    expect(await readFile(join(worktree, '.env'), 'utf8')).toBe('already in the worktree\n');
    expect(await readFile(join(worktree, 'conf/.env'), 'utf8')).toBe('nested\n');
    expect((await lstat(join(worktree, 'link.env'))).isSymbolicLink()).toBe(true);
    expect(await readlink(join(worktree, 'link.env'))).toBe('.env');
    // The copies are ignored in the worktree too: nothing for the agent to commit.
    expect(await repo.git(['status', '--porcelain'], { cwd: worktree })).toBe('');
  });
});
