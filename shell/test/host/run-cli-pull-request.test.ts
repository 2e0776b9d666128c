import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MemorySecretStore, openSettingsService } from '@kanbots/core';
import { createTestRepository, runTestGit, startScriptedGitHubServer, startScriptedModelServer, type ScriptedGitHubServer, type ScriptedModelServer, type ScriptedReply, type TestRepository } from '@kanbots/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCliArguments, type RunCommand } from '../../src/host/cli-arguments.js';
import { RUN_EXIT_CODES, runCli } from '../../src/host/run-cli.js';
import { useHostContext } from './host-test-context.js';

/**
 * `kanbots run … --pr`: when the reviewer approves, the branch is pushed by real git to a bare
 * repository (the remote `origin`) and its pull request opened through the real Octokit client on
 * the scripted GitHub API; the address is printed. Run in this process (as the CLI entry runs it) so
 * the remote's GitHub name and the API's address can be given: the remote here is a path, which
 * names no GitHub repository by itself.
 */

const token = 'ghp_runCliPullRequestToken0000000000000';
const edit: ScriptedReply = { toolCalls: [{ name: 'edit_file', input: { path: 'src/app.txt', old_string: 'line 2', new_string: 'line two' } }] };
const finish: ScriptedReply = { toolCalls: [{ name: 'finish', input: { summary: 'Spelled out line two.' } }] };
const approve: ScriptedReply = { toolCalls: [{ name: 'submit_review', input: { verdict: 'approve', summary: 'Reads well.', findings: [] } }] };

describe('kanbots run --pr', () => {
  const context = useHostContext();
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function setup(options: { storedToken?: boolean } = {}) {
    const repository: TestRepository = await createTestRepository();
    const server: ScriptedModelServer = await startScriptedModelServer();
    const root = await context.temporaryDirectory();
    const remote = join(root, 'widgets.git');
    await runTestGit(root, ['init', '--quiet', '--bare', '--initial-branch=main', remote]);
    await repository.git(['remote', 'add', 'origin', remote]);
    await repository.git(['push', '--quiet', 'origin', 'main']);
    const github: ScriptedGitHubServer = await startScriptedGitHubServer({ repositories: [{ owner: 'acme', repo: 'widgets', bareRepository: remote }], tokens: { [token]: ['repo'] } });
    cleanups.push(() => github.close(), () => server.close(), () => repository.cleanup());
    const dataDir = join(root, 'data');
    const settings = await openSettingsService({ dataDir });
    await settings.update({ providers: { anthropic: { baseURL: server.anthropicBaseUrl } } });
    settings.close();
    const secretStore = new MemorySecretStore();
    if (options.storedToken !== false) await secretStore.set('github.token', token);
    server.script('developer-model', [edit, finish]);
    server.script('reviewer-model', [approve]);
    const output: string[] = [];
    const errors: string[] = [];
    const run = (args: string[]) => {
      const command = parseCliArguments(['run', ...args, '--repo', repository.path, '--developer', 'anthropic:developer-model', '--reviewer', 'anthropic:reviewer-model', '--data-dir', dataDir]) as RunCommand;
      return runCli(
        command,
        { stdout: (text) => output.push(text), logger: { debug: () => {}, info: () => {}, warn: (message) => errors.push(message), error: (message) => errors.push(message) }, interrupted: new Promise(() => {}) },
        {
          settings: { secretStore, env: { ANTHROPIC_API_KEY: 'not-a-real-key' }, configDir: join(root, 'config') },
          kanbots: {
            gitEnvironment: repository.gitEnvironment,
            // No GitHub CLI here; the remote is a path, so its GitHub name is given.
            github: { ghCommand: join(root, 'no-gh'), apiBaseUrl: () => github.baseUrl, gitHubRepositoryOf: () => ({ host: 'github.com', owner: 'acme', repo: 'widgets' }), pollIntervalMs: 60_000 },
          },
        },
      );
    };
    const lines = () => output.join('').trimEnd().split('\n');
    return { repository, server, github, remote, run, lines, errors, secretStore };
  }

  it('opens the pull request when the reviewer approves, prints its address in words, exit 0; the remote has the branch, main is untouched', { timeout: 90_000 }, async () => {
    const { repository, github, remote, run, lines, server } = await setup();
    const before = await repository.git(['rev-parse', 'main']);
    const code = await run(['Spell out line two', '--pr']);
    expect(code, lines().join('\n')).toBe(RUN_EXIT_CODES.approved);
    const opened = lines().find((line) => line.startsWith('opened pull request'));
    expect(opened).toMatch(/^opened pull request #1: \S+\/acme\/widgets\/pull\/1$/);
    expect(lines().at(-1)).toMatch(/^approved; branch (\S+) is in pull request #1 into main \(merge it on GitHub; the board follows its checks and comments\) \(exit code 0\)$/);
    const pullRequest = github.pullRequest('acme', 'widgets', 1)!;
    expect(pullRequest).toMatchObject({ title: 'Spell out line two', base: 'main', draft: false, state: 'open' });
    expect(pullRequest.body).toContain('## What was done\n\nSpelled out line two.');
    expect(pullRequest.body).toContain('Approved by the reviewer in round 1: Reads well.');
    // The branch on the remote is the card's, with the developer's change; nothing was merged here.
    expect(await runTestGit(remote, ['show', `${pullRequest.head}:src/app.txt`])).toBe('line 1\nline two\nline 3\n');
    expect(await repository.git(['rev-parse', 'main'])).toBe(before);
    expect(github.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/pulls'))).toHaveLength(1);
    server.assertComplete();
  });

  it('--json ends with the pull request in the outcome', { timeout: 90_000 }, async () => {
    const { run, lines } = await setup();
    expect(await run(['Spell out line two', '--pr', '--json'])).toBe(RUN_EXIT_CODES.approved);
    const events = lines().map((line) => JSON.parse(line) as { type: string; [key: string]: unknown });
    expect(events.find((event) => event.type === 'kanbots.pullRequest.opened')).toMatchObject({ number: 1, url: expect.stringMatching(/\/acme\/widgets\/pull\/1$/), baseBranch: 'main', draft: false });
    expect(events.at(-1)).toMatchObject({ type: 'kanbots.run.ended', outcome: 'approved', exitCode: 0, pullRequest: { number: 1, state: 'open' } });
  });

  it('exit 6 without a GitHub token, saying how to get one; the branch was pushed and is kept, no pull request made', { timeout: 90_000 }, async () => {
    const { repository, github, run, lines } = await setup({ storedToken: false });
    expect(await run(['Spell out line two', '--pr'])).toBe(RUN_EXIT_CODES.pullRequestFailed);
    const last = lines().at(-1)!;
    expect(last).toMatch(/^approved, but the pull request could not be opened: Kanbots has no GitHub token for github\.com: run `gh auth login`, or enter a token in Settings → GitHub\. The work is kept on branch (\S+); fix that and open it from the board \(exit code 6\)$/);
    const branch = /kept on branch (\S+);/.exec(last)![1]!;
    expect(await repository.git(['show', `${branch}:src/app.txt`])).toBe('line 1\nline two\nline 3\n');
    expect(github.pullRequest('acme', 'widgets', 1)).toBeUndefined();
  });

  it('exit 6 when the remote declines the push (a protected-branch hook), with its reason; nothing is lost locally', { timeout: 90_000 }, async () => {
    const { repository, github, remote, run, lines } = await setup();
    const hook = join(remote, 'hooks', 'pre-receive');
    await writeFile(hook, '#!/bin/sh\necho "protected: pushes need review" >&2\nexit 1\n');
    await chmod(hook, 0o755);
    expect(await run(['Spell out line two', '--pr'])).toBe(RUN_EXIT_CODES.pullRequestFailed);
    const last = lines().at(-1)!;
    expect(last).toMatch(/^approved, but the pull request could not be opened: Could not push \S+: the remote declined it/);
    expect(last).toMatch(/push to another branch or ask the repository owner/);
    const branch = /kept on branch (\S+);/.exec(last)![1]!;
    expect(await repository.git(['show', `${branch}:src/app.txt`])).toBe('line 1\nline two\nline 3\n');
    expect(await runTestGit(remote, ['branch', '--list'])).toBe('* main\n');
    expect(github.requests.filter((request) => request.method === 'POST')).toHaveLength(0);
  });

  it('refuses --merge with --pr as bad usage', () => {
    expect(() => parseCliArguments(['run', 'a task', '--merge', '--pr'])).toThrow(/--merge and --pr are two ways out of the gate: choose one/);
    expect(() => parseCliArguments(['serve', '--pr'])).toThrow(/--pr does not apply to "kanbots serve"/);
    expect(parseCliArguments(['run', 'a task', '--pr'])).toMatchObject({ kind: 'run', pullRequest: true, merge: false });
  });
});
