import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WorktreeManager } from '../../src/git/worktree-manager.js';
import { SequentialIdGenerator } from '../../src/ports/ids.js';
import { createTemporaryDirectory, createTestRepository, runTestGit, type TemporaryDirectory, type TestRepository } from '../../src/testing/git-fixtures.js';

/**
 * The user's own global configuration defines a filter driver (as git-lfs does); it is the one
 * kind of program Kanbots' git still starts. It dumps its environment: the probe that shows
 * what any program git starts can see.
 */

const secrets = {
  ANTHROPIC_API_KEY: 'sk-ant-api03-probe-value-never-to-be-seen',
  OPENAI_API_KEY: 'sk-probe-openai-value',
  DEPLOY_TOKEN: 'probe-deploy-token',
  GIT_SSH_COMMAND: 'probe-ssh-command',
};

let repository: TestRepository | undefined;
let scratch: TemporaryDirectory | undefined;
const saved: Record<string, string | undefined> = {};

afterEach(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await repository?.cleanup();
  await scratch?.cleanup();
  repository = undefined;
  scratch = undefined;
});

async function setUp() {
  for (const [name, value] of Object.entries(secrets)) {
    saved[name] = process.env[name];
    process.env[name] = value;
  }
  repository = await createTestRepository();
  scratch = await createTemporaryDirectory();
  const probeFile = join(scratch.path, 'environment.txt');
  const globalConfig = join(scratch.path, 'global.gitconfig');
  await writeFile(globalConfig, `[filter "probe"]\n\tclean = "env > '${probeFile}'; sed s/^/global-clean:/"\n\tsmudge = cat\n`);
  await repository.writeFiles({ '.gitattributes': '*.probe filter=probe\n' });
  await repository.commitAll('probe attributes');
  const manager = new WorktreeManager({
    dataDir: join(scratch.path, 'data'),
    ids: new SequentialIdGenerator(),
    gitEnvironment: { GIT_CONFIG_GLOBAL: globalConfig, GIT_CONFIG_NOSYSTEM: '1' },
  });
  const worktree = await manager.createWorktree({ repository: repository.path, cardId: 'card', title: 'Probe' });
  await repository.writeFiles({ 'data.probe': 'probe content\n' }, worktree.path);
  return { repository, manager, worktree, probeFile };
}

describe('the environment of git processes', () => {
  it('holds no API key, token or ambient GIT_* variable, only what git needs', async () => {
    const { manager, worktree, probeFile } = await setUp();
    const diff = await manager.diff(worktree.id);
    expect(diff.text).toContain('+global-clean:probe content');
    const environment = await readFile(probeFile, 'utf8');
    expect(environment).toMatch(/^PATH=/m);
    for (const [name, value] of Object.entries(secrets)) {
      expect(environment).not.toContain(name);
      expect(environment).not.toContain(value);
    }
  });

  it("runs the user's global driver, not the repository's redefinition of it", async () => {
    const { manager, worktree, probeFile } = await setUp();
    const planted = join(worktree.path, 'planted-ran');
    await runTestGit(worktree.path, ['config', 'filter.probe.clean', `touch '${planted}'; cat`]);
    const diff = await manager.diff(worktree.id);
    expect(diff.text).toContain('+global-clean:probe content');
    expect(existsSync(planted)).toBe(false);
    expect(existsSync(probeFile)).toBe(true);
  });

  it('keeps a filter the repository had before any agent worked in it, and puts back its command when an agent changes it', async () => {
    repository = await createTestRepository();
    scratch = await createTemporaryDirectory();
    await repository.git(['config', 'filter.crypt.clean', 'sed s/^/sealed:/']);
    await repository.git(['config', 'filter.crypt.smudge', 'cat']);
    await repository.writeFiles({ '.gitattributes': '*.secret filter=crypt\n' });
    await repository.commitAll('sealed files');
    const manager = new WorktreeManager({ dataDir: join(scratch.path, 'data'), ids: new SequentialIdGenerator(), gitEnvironment: repository.gitEnvironment });
    const worktree = await manager.createWorktree({ repository: repository.path, cardId: 'card', title: 'Sealed' });
    const planted = join(scratch.path, 'planted-ran');
    await runTestGit(worktree.path, ['config', 'filter.crypt.clean', `touch '${planted}'; cat`]);
    await repository.writeFiles({ 'key.secret': 'plain text\n' }, worktree.path);
    const commit = await manager.commit(worktree.id, 'sealed work');
    expect(await repository.git(['show', `${commit.commit}:key.secret`])).toBe('sealed:plain text\n');
    expect(existsSync(planted)).toBe(false);
  });
});
