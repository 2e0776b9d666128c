import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openBoardService, type BoardService } from '../../src/board/board-service.js';
import { ValidationError } from '../../src/errors.js';
import { GitRunner } from '../../src/git/git-runner.js';
import { withProjectChecks } from '../../src/projects/project-checks.js';
import { checkRepositoryFolder, expandHome } from '../../src/projects/repository-check.js';
import { createTemporaryDirectory, createTestRepository, isolatedGitEnvironment, runTestGit, type TemporaryDirectory, type TestRepository } from '../../src/testing/git-fixtures.js';

const git = new GitRunner({ ...isolatedGitEnvironment });
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function repository(): Promise<TestRepository> {
  const created = await createTestRepository();
  cleanups.push(() => created.cleanup());
  return created;
}

async function folder(): Promise<TemporaryDirectory> {
  const created = await createTemporaryDirectory();
  cleanups.push(() => created.cleanup());
  return created;
}

describe('checking a folder for a project', () => {
  it('a repository: its real top level, its folder name, branches, the current branch and its own personas', async () => {
    const repo = await repository();
    await repo.git(['branch', 'develop']);
    await repo.git(['branch', 'kanbots/fix-login-abc123']);
    await repo.writeFiles({ '.kanbots/personas/strict-reviewer.md': '---\nname: strict-reviewer\ndescription: Reviews strictly\nrole: reviewer\ntools: read-only\n---\nBe strict.\n' });
    await repo.commitAll('personas');
    await mkdir(join(repo.path, 'src', 'deep'), { recursive: true });
    const check = await checkRepositoryFolder(git, join(repo.path, 'src', 'deep'));
    expect(check).toEqual({
      ok: true,
      path: repo.path,
      name: 'repository',
      branches: ['develop', 'main'],
      currentBranch: 'main',
      defaultBranch: 'main',
      personas: [{ name: 'strict-reviewer', role: 'reviewer', description: 'Reviews strictly' }],
    });
  });

  it('says in plain words why a folder cannot be a project', async () => {
    const plain = await folder();
    await writeFile(join(plain.path, 'notes.txt'), 'hi');
    const empty = join(plain.path, 'empty-repo');
    await mkdir(empty);
    await runTestGit(empty, ['init', '--quiet', '--initial-branch=main']);
    const cases: Array<[string, string, RegExp]> = [
      ['relative/path', 'not_absolute', /full path/],
      [join(plain.path, 'missing'), 'not_found', /no folder/],
      [join(plain.path, 'notes.txt'), 'not_a_directory', /a file, not a folder/],
      [plain.path, 'not_a_repository', /not a git repository.*git init/],
      [empty, 'no_commit', /no commit yet/],
    ];
    for (const [path, problem, message] of cases) {
      const check = await checkRepositoryFolder(git, path);
      expect(check, path).toMatchObject({ ok: false, path, problem });
      if (!check.ok) expect(check.message).toMatch(message);
    }
  });

  it('~ is the home folder', async () => {
    const repo = await repository();
    const home = join(repo.path, '..');
    expect(expandHome('~/repository', home)).toBe(repo.path);
    expect(await checkRepositoryFolder(git, '~/repository', { home })).toMatchObject({ ok: true, path: repo.path });
  });
});

describe('project commands checked against the disk', () => {
  async function board(): Promise<BoardService> {
    const data = await folder();
    const service = await openBoardService({ dataDir: data.path });
    cleanups.push(() => service.close());
    return service;
  }

  it('project.add stores the real top level and the default branch when none is given', async () => {
    const repo = await repository();
    const service = await board();
    const checked = withProjectChecks(service, git);
    await checked.dispatch({ type: 'project.add', repository: `${repo.path}/src/`, baseBranch: '' });
    expect(service.getBoard().projects).toMatchObject([{ name: 'repository', repository: repo.path, baseBranch: 'main' }]);
  });

  it('refuses a folder that is not a repository, a branch it does not have, and leaves the board as it was', async () => {
    const repo = await repository();
    const plain = await folder();
    const service = await board();
    const checked = withProjectChecks(service, git);
    const before = service.getBoard();
    await expect(checked.dispatch({ type: 'project.add', repository: plain.path, baseBranch: 'main' })).rejects.toSatisfy(
      (error: unknown) => error instanceof ValidationError && /not a git repository/.test(error.message) && error.issues[0]?.path === 'repository',
    );
    await expect(checked.dispatch({ type: 'project.add', repository: repo.path, baseBranch: 'release' })).rejects.toThrow(/has no branch “release” \(it has main\)/);
    expect(service.getBoard()).toBe(before);
    const change = await checked.dispatch({ type: 'project.add', repository: repo.path, baseBranch: 'main' });
    await expect(checked.dispatch({ type: 'project.update', projectId: change.createdId!, patch: { baseBranch: 'nope' } })).rejects.toBeInstanceOf(ValidationError);
    await repo.git(['branch', 'nope']);
    await checked.dispatch({ type: 'project.update', projectId: change.createdId!, patch: { baseBranch: 'nope' } });
    expect(service.getBoard().projects[0]!.baseBranch).toBe('nope');
  });
});
