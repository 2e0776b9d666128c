import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../src/secrets/secret-store.js';
import { createTemporaryDirectory, runTestGit, type TemporaryDirectory } from '../../src/testing/git-fixtures.js';
import { startScriptedGitHubServer, type ScriptedGitHubServer } from '../../src/testing/scripted-github-server.js';
import { approve, createRunFixture, finish, models, write, type RunFixture } from '../runs/run-fixture.js';

/**
 * From the gate to a merged pull request, offline: a dev ⇄ review run against the scripted model
 * server, its branch pushed by real git to a bare repository (the remote), the pull request
 * opened and followed through the real Octokit client against the scripted GitHub API.
 */

const token = 'ghp_pullRequestLoopToken00000000000000';

let fixture: RunFixture | undefined;
let github: ScriptedGitHubServer | undefined;
let remoteDirectory: TemporaryDirectory | undefined;

afterEach(async () => {
  await fixture?.cleanup();
  await github?.close();
  await remoteDirectory?.cleanup();
  fixture = undefined;
  github = undefined;
  remoteDirectory = undefined;
});

async function setUp(options: { tokens?: Record<string, string[]>; storedToken?: string } = {}) {
  remoteDirectory = await createTemporaryDirectory();
  const remote = join(remoteDirectory.path, 'widgets.git');
  await runTestGit(remoteDirectory.path, ['init', '--quiet', '--bare', '--initial-branch=main', remote]);
  github = await startScriptedGitHubServer({ repositories: [{ owner: 'acme', repo: 'widgets', bareRepository: remote }], tokens: options.tokens ?? { [token]: ['repo'] } });
  const secrets = new MemorySecretStore();
  if (options.storedToken !== null) await secrets.set('github.token', options.storedToken ?? token);
  const server = github;
  fixture = await createRunFixture({
    github: {
      secrets,
      // No GitHub CLI here: the token comes from the secret store.
      ghCommand: join(remoteDirectory.path, 'no-gh'),
      env: {},
      apiBaseUrl: () => server.baseUrl,
      gitHubRepositoryOf: () => ({ host: 'github.com', owner: 'acme', repo: 'widgets' }),
      pollIntervalMs: 50,
    },
  });
  await fixture.repository.git(['remote', 'add', 'origin', remote]);
  await fixture.repository.git(['push', '--quiet', 'origin', 'main']);
  return { remote, github, fixture, secrets };
}

describe('from the gate to a pull request', () => {
  it('opens the pull request, follows its checks, sends a failed check to the developer, pushes the fix to the same pull request, and finishes when GitHub merges it', async () => {
    const { remote, github, fixture } = await setUp();
    fixture.server.script('dev-model', [write('src/app.txt', 'line 1\nline two\nline 3\n'), finish('Spelled out line two.'), write('src/app.txt', 'line 1\nline two\nline 3\nline 4\n'), finish('Added line 4 for the test.')]);
    fixture.server.script('review-model', [approve('Reads well.'), approve('Still good.')]);
    const run = await fixture.kanbots.run(fixture.cardId, 'dev-review', { models, policy: { default: 'allow' } });
    const atGate = await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'needs_you' && summary.gate !== undefined);
    const branch = atGate.worktrees[0]!.branch;
    // Work the agent left uncommitted goes to the pull request too (nothing is left behind).
    await fixture.repository.writeFiles({ 'NOTES.md': 'left uncommitted\n' }, atGate.worktrees[0]!.path);

    fixture.kanbots.openPullRequest(run.id, { draft: false });
    const open = await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.pullRequest !== undefined && summary.activeStates.some((id) => id.endsWith('.pullRequestOpen')));
    expect(open.pullRequest).toMatchObject({ number: 1, state: 'open', headBranch: branch, baseBranch: 'main', title: 'Spell out line two' });
    expect(open.statusText).toMatch(/^Pull request #1 is open on GitHub/);
    const created = github.requests.find((request) => request.method === 'POST')!;
    expect((created.body as { body: string }).body).toContain('Spelled out line two.');
    expect((created.body as { body: string }).body).toContain('Approved by the reviewer in round 1: Reads well.');
    const pushed = (await runTestGit(remote, ['rev-parse', `refs/heads/${branch}`])).trim();
    expect(await runTestGit(remote, ['show', `${pushed}:NOTES.md`])).toBe('left uncommitted\n');
    const board = fixture.kanbots.board.getBoard();
    expect(board.columns.find((column) => column.id === board.cards.find((card) => card.id === fixture.cardId)!.columnId)?.name).toBe('Review');

    // While nothing changes on GitHub, the follower's reads are conditional: answered 304, free of the rate limit.
    for (const deadline = Date.now() + 30_000; !github.requests.some((request) => request.status === 304); ) {
      if (Date.now() > deadline) throw new Error(`no conditional read answered 304: ${JSON.stringify(github.requests.map((request) => [request.method, request.path, request.status]))}`);
      await new Promise((resolvePromise) => setTimeout(resolvePromise, 20));
    }

    // CI fails on GitHub: the card asks for you with the check's name.
    github.setCheck('acme', 'widgets', pushed, { name: 'tests', conclusion: 'failure', title: '1 test failed', summary: 'expected 4 lines, got 3' });
    const failing = await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'needs_you' && (summary.pullRequest?.checks.length ?? 0) > 0);
    expect(failing.statusText).toBe('On pull request #1: check "tests" failed — send to the developer or merge on GitHub');

    await fixture.kanbots.sendPullRequestFeedback(run.id);
    const fixed = await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.reviews.length === 2 && summary.activeStates.some((id) => id.endsWith('.pullRequestOpen')) && summary.pullRequest?.headSha !== pushed);
    const followUp = JSON.stringify(fixture.server.requests.filter((request) => request.model === 'dev-model')[2]!.body);
    expect(followUp).toContain('Check \\"tests\\" failed');
    expect(followUp).toContain('expected 4 lines, got 3');
    const next = (await runTestGit(remote, ['rev-parse', `refs/heads/${branch}`])).trim();
    expect(fixed.pullRequest?.headSha).toBe(next);
    expect(github.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
    expect(fixed.pullRequest?.checks).toEqual([]);

    // Merged on GitHub: the run is done, the card goes to Done, the worktree is removed, the branch kept.
    await github.mergePullRequest('acme', 'widgets', 1);
    const merged = await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'merged');
    expect(merged.pullRequest?.state).toBe('merged');
    expect(existsSync(atGate.worktrees[0]!.path)).toBe(false);
    expect((await runTestGit(remote, ['show', 'main:src/app.txt']))).toBe('line 1\nline two\nline 3\nline 4\n');
    const after = fixture.kanbots.board.getBoard();
    expect(after.columns.find((column) => column.id === after.cards.find((card) => card.id === fixture.cardId)!.columnId)?.name).toBe('Done');
  });

  it('no token: the run says how to log in and keeps its gate; RETRY once a token is entered opens it; Merge still works from there', async () => {
    const { fixture, secrets } = await setUp({ storedToken: '' });
    fixture.server.script('dev-model', [write('src/app.txt', 'v1\n'), finish('v1')]);
    fixture.server.script('review-model', [approve()]);
    const run = await fixture.kanbots.run(fixture.cardId, 'dev-review', { models, policy: { default: 'allow' } });
    await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'needs_you');
    fixture.kanbots.openPullRequest(run.id);
    const failed = await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'failed');
    expect(failed.error?.code).toBe('github_no_token');
    expect(failed.error?.message).toMatch(/gh auth login/);
    expect(failed.gate).toBeDefined();
    expect(failed.worktrees[0]?.state).toBe('active');
    expect(github!.requests.filter((request) => request.method === 'POST')).toHaveLength(0);

    // The user enters a token in Settings, then retries.
    await secrets.set('github.token', token);
    fixture.kanbots.retry(run.id);
    const open = await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.pullRequest?.state === 'open' && summary.activeStates.some((id) => id.endsWith('.pullRequestOpen')));
    expect(open.error).toBeUndefined();

    // Merging locally instead is still possible while the pull request is open.
    fixture.kanbots.merge(run.id);
    await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'merged');
    expect(await fixture.repository.git(['show', 'main:src/app.txt'])).toBe('v1\n');
  });
});
