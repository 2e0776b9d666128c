import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitRunner } from '../../src/git/git-runner.js';
import { classifyPushFailure, PushError, pushBranch, pushEnvironment, remoteUrl } from '../../src/git/push-branch.js';
import { createTemporaryDirectory, createTestRepository, runTestGit, type TemporaryDirectory, type TestRepository } from '../../src/testing/git-fixtures.js';

/**
 * Pushing a card's branch to a real remote: a bare repository in a temp dir, reached through
 * git's own transport, with the remote's own hooks (a protected branch) running on its side.
 */

let repository: TestRepository;
let remoteDirectory: TemporaryDirectory;
let remote: string;
let git: GitRunner;

beforeEach(async () => {
  repository = await createTestRepository();
  remoteDirectory = await createTemporaryDirectory();
  remote = join(remoteDirectory.path, 'remote.git');
  await runTestGit(remoteDirectory.path, ['init', '--quiet', '--bare', '--initial-branch=main', remote]);
  await repository.git(['remote', 'add', 'origin', remote]);
  await repository.git(['push', '--quiet', 'origin', 'main']);
  git = new GitRunner(repository.gitEnvironment);
});

afterEach(async () => {
  await repository.cleanup();
  await remoteDirectory.cleanup();
});

const remoteHead = async (branch: string): Promise<string> => (await runTestGit(remote, ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`], { allowFailure: true })).trim();

describe('pushing a card branch', () => {
  it("pushes the branch under the same name to the project's remote and leaves the checkout as it was", async () => {
    const head = await repository.branchAhead('kanbots/fix-login', { commits: 2 });
    const url = await remoteUrl(git, repository.path, 'origin');
    expect(url).toBe(remote);
    await pushBranch(git, { repository: repository.path, url, branch: 'kanbots/fix-login' });
    expect(await remoteHead('kanbots/fix-login')).toBe(head);
    expect((await repository.git(['symbolic-ref', '--short', 'HEAD'])).trim()).toBe('main');

    // New commits on the card's branch go to the same remote branch (a fast-forward).
    await repository.git(['checkout', '--quiet', 'kanbots/fix-login']);
    await repository.writeFiles({ 'src/more.txt': 'more\n' });
    const next = await repository.commitAll('more work');
    await pushBranch(git, { repository: repository.path, url, branch: 'kanbots/fix-login' });
    expect(await remoteHead('kanbots/fix-login')).toBe(next);
  });

  it('a repository without the remote: a typed error that says how to add one', async () => {
    const error = await remoteUrl(git, repository.path, 'upstream').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PushError);
    expect((error as PushError).code).toBe('git_push_no_remote');
    expect((error as PushError).message).toMatch(/git remote add/);
  });

  it('a remote branch that moved on is not overwritten: non-fast-forward, local commits kept', async () => {
    await repository.branchAhead('kanbots/card', { commits: 1 });
    await pushBranch(git, { repository: repository.path, url: remote, branch: 'kanbots/card' });
    // Someone else pushes to the same branch.
    const other = await createTemporaryDirectory();
    try {
      await runTestGit(other.path, ['clone', '--quiet', '--branch', 'kanbots/card', remote, 'clone']);
      await writeFile(join(other.path, 'clone', 'theirs.txt'), 'theirs\n');
      await runTestGit(join(other.path, 'clone'), ['add', '--all']);
      await runTestGit(join(other.path, 'clone'), ['commit', '--quiet', '-m', 'their commit']);
      await runTestGit(join(other.path, 'clone'), ['push', '--quiet', 'origin', 'kanbots/card']);
    } finally {
      await other.cleanup();
    }
    const theirs = await remoteHead('kanbots/card');
    await repository.git(['checkout', '--quiet', 'kanbots/card']);
    await repository.writeFiles({ 'ours.txt': 'ours\n' });
    const ours = await repository.commitAll('our commit');

    const error = await pushBranch(git, { repository: repository.path, url: remote, branch: 'kanbots/card' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PushError);
    expect((error as PushError).failure).toBe('non_fast_forward');
    expect((error as PushError).message).toMatch(/has moved on/);
    expect(await remoteHead('kanbots/card')).toBe(theirs);
    expect(await repository.head('kanbots/card')).toBe(ours);
  });

  it("a protected branch (the remote's pre-receive hook declines): a typed error with the remote's reason", async () => {
    const hook = join(remote, 'hooks', 'pre-receive');
    await writeFile(hook, '#!/bin/sh\nwhile read old new ref; do\n  case "$ref" in refs/heads/release*) echo "protected branch: $ref" >&2; exit 1;; esac\ndone\n');
    await chmod(hook, 0o755);
    await repository.branchAhead('release-2', { commits: 1 });
    const error = await pushBranch(git, { repository: repository.path, url: remote, branch: 'release-2' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PushError);
    expect((error as PushError).failure).toBe('declined');
    expect((error as PushError).gitMessage).toMatch(/protected branch: refs\/heads\/release-2/);
    expect(await remoteHead('release-2')).toBe('');
  });

  it('an address rewrite planted in the repository configuration stops the push before anything is sent', async () => {
    const elsewhere = join(remoteDirectory.path, 'elsewhere.git');
    await runTestGit(remoteDirectory.path, ['init', '--quiet', '--bare', elsewhere]);
    await repository.git(['config', `url.${elsewhere}.pushInsteadOf`, remote]);
    await repository.branchAhead('kanbots/card', { commits: 1 });
    const error = await pushBranch(git, { repository: repository.path, url: remote, branch: 'kanbots/card' }).catch((caught: unknown) => caught);
    expect((error as PushError).failure).toBe('untrusted_config');
    expect((error as PushError).message).toMatch(/pushinsteadof/i);
    expect(await runTestGit(elsewhere, ['for-each-ref'])).toBe('');
    expect(await remoteHead('kanbots/card')).toBe('');
  });

  it("transport settings planted in the repository configuration are not the ones the push uses; the user's own are", async () => {
    const userConfig = join(remoteDirectory.path, 'user.gitconfig');
    await writeFile(userConfig, '[credential]\n\thelper = store\n[core]\n\tsshCommand = ssh -o BatchMode=yes\n');
    const userGit = new GitRunner({ GIT_CONFIG_GLOBAL: userConfig, GIT_CONFIG_NOSYSTEM: '1' });
    await repository.git(['config', 'credential.helper', '!touch /tmp/planted; false']);
    await repository.git(['config', 'core.sshCommand', 'sh -c "touch /tmp/planted"']);
    await repository.git(['config', 'core.askPass', '/tmp/planted-askpass']);
    const environment = await pushEnvironment(userGit, { repository: repository.path, url: remote, branch: 'main', env: { SSH_AUTH_SOCK: '/run/user/agent.sock', ANTHROPIC_API_KEY: 'sk-ant-not-for-git-000000' } });
    // Ask git itself what a process with this environment resolves.
    const resolved = async (args: string[]): Promise<string> => {
      const { execFile } = await import('node:child_process');
      return new Promise((resolve) => execFile('git', args, { cwd: repository.path, env: environment }, (_error, stdout) => resolve(stdout.trim())));
    };
    expect((await resolved(['config', '--get-all', 'credential.helper'])).split('\n').filter((line) => line.length > 0).at(-1)).toBe('store');
    expect(await resolved(['config', '--get', 'core.sshCommand'])).toBe('ssh -o BatchMode=yes');
    expect(await resolved(['config', '--get', 'core.askPass'])).toBe('');
    expect(await resolved(['config', '--get', 'protocol.file.allow'])).toBe('always');
    expect(await resolved(['config', '--get', 'protocol.allow'])).toBe('never');
    expect(environment.SSH_AUTH_SOCK).toBe('/run/user/agent.sock');
    expect(Object.values(environment).join('\n')).not.toContain('sk-ant-not-for-git');
  });

  it("names each failure from what git prints", () => {
    expect(classifyPushFailure(' ! [rejected]        card -> card (fetch first)\nerror: failed to push some refs')).toBe('non_fast_forward');
    expect(classifyPushFailure(' ! [remote rejected] main -> main (protected branch hook declined)')).toBe('declined');
    expect(classifyPushFailure('git@github.com: Permission denied (publickey).\nfatal: Could not read from remote repository.')).toBe('auth');
    expect(classifyPushFailure("fatal: unable to access 'https://github.com/o/r.git/': Could not resolve host: github.com")).toBe('unreachable');
    expect(classifyPushFailure("fatal: could not read Username for 'https://github.com': terminal prompts disabled")).toBe('auth');
  });
});
