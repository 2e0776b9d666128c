import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitRunner } from '../../src/git/git-runner.js';
import { pushBranch } from '../../src/git/push-branch.js';
import { GitHubClient } from '../../src/github/github-client.js';
import { GitHubNoTokenError, GitHubRateLimitedError, GitHubTokenError, GitHubUnreachableError, PullRequestExistsError } from '../../src/github/github-errors.js';
import { gitHubApiBaseUrl, parseGitHubRemote } from '../../src/github/github-remote.js';
import { findGitHubToken } from '../../src/github/github-token.js';
import { MemorySecretStore } from '../../src/secrets/secret-store.js';
import { startScriptedGitHubServer, type ScriptedGitHubServer } from '../../src/testing/scripted-github-server.js';
import { createTemporaryDirectory, createTestRepository, runTestGit, type TemporaryDirectory, type TestRepository } from '../../src/testing/git-fixtures.js';

/**
 * Kanbots' GitHub calls through the real Octokit client against the scripted GitHub API (real
 * HTTP, GitHub's status codes and headers), with pull requests on branches pushed by real git
 * to a bare repository.
 */

const token = 'ghp_scriptedTokenWithRepoScope000000000';
const repository = { host: 'github.com', owner: 'acme', repo: 'widgets' };

let server: ScriptedGitHubServer;
let checkout: TestRepository;
let remoteDirectory: TemporaryDirectory;
let remote: string;
let git: GitRunner;

beforeAll(async () => {
  checkout = await createTestRepository();
  remoteDirectory = await createTemporaryDirectory();
  remote = join(remoteDirectory.path, 'widgets.git');
  await runTestGit(remoteDirectory.path, ['init', '--quiet', '--bare', '--initial-branch=main', remote]);
  await checkout.git(['remote', 'add', 'origin', remote]);
  await checkout.git(['push', '--quiet', 'origin', 'main']);
  git = new GitRunner(checkout.gitEnvironment);
  server = await startScriptedGitHubServer({
    repositories: [{ owner: 'acme', repo: 'widgets', bareRepository: remote }],
    tokens: { [token]: ['repo', 'read:org'], ghp_readOrgOnly000000000000000000000: ['read:org'] },
  });
});

afterAll(async () => {
  await server.close();
  await checkout.cleanup();
  await remoteDirectory.cleanup();
});

const client = (withToken = token): GitHubClient => new GitHubClient({ baseUrl: server.baseUrl, host: 'github.com', token: withToken });

async function pushedBranch(branch: string): Promise<string> {
  const head = await checkout.branchAhead(branch, { commits: 1, file: `${branch.replace(/\W/g, '-')}.txt` });
  await pushBranch(git, { repository: checkout.path, url: remote, branch });
  return head;
}

describe('pull requests through Octokit', () => {
  it('opens a pull request for a pushed branch and reads it back; a second one for the same branch names the first', async () => {
    const head = await pushedBranch('kanbots/add-search');
    const opened = await client().createPullRequest(repository, { head: 'kanbots/add-search', base: 'main', title: 'Add search', body: 'What the card asked for.', draft: true });
    expect(opened).toMatchObject({ state: 'open', draft: true, title: 'Add search', headBranch: 'kanbots/add-search', headSha: head, baseBranch: 'main' });
    expect(opened.url).toMatch(/\/acme\/widgets\/pull\/\d+$/);
    const create = server.requests.find((request) => request.method === 'POST');
    expect(create?.body).toMatchObject({ head: 'kanbots/add-search', base: 'main', draft: true });
    expect(create?.headers.authorization).toBe('[REDACTED]');

    const again = await client().createPullRequest(repository, { head: 'kanbots/add-search', base: 'main', title: 'Add search', body: '' }).catch((error: unknown) => error);
    expect(again).toBeInstanceOf(PullRequestExistsError);
    expect((again as PullRequestExistsError).number).toBe(opened.number);
  });

  it('reads again with the ETag: unchanged is a 304 (free on GitHub); a push is seen at once', async () => {
    const head = await pushedBranch('kanbots/etag');
    const opened = await client().createPullRequest(repository, { head: 'kanbots/etag', base: 'main', title: 'ETag', body: '' });
    const first = await client().getPullRequest(repository, opened.number);
    expect(first.unchanged).toBe(false);
    if (first.unchanged) return;
    expect(first.value.headSha).toBe(head);
    const before = server.requests.length;
    const second = await client().getPullRequest(repository, opened.number, first.etag);
    expect(second).toEqual({ unchanged: true, etag: first.etag });
    expect(server.requests[before]?.status).toBe(304);

    await checkout.git(['checkout', '--quiet', 'kanbots/etag']);
    await checkout.writeFiles({ 'next.txt': 'next\n' });
    const next = await checkout.commitAll('next');
    await checkout.git(['checkout', '--quiet', 'main']);
    await pushBranch(git, { repository: checkout.path, url: remote, branch: 'kanbots/etag' });
    const third = await client().getPullRequest(repository, opened.number, first.etag);
    expect(third.unchanged).toBe(false);
    if (!third.unchanged) expect(third.value.headSha).toBe(next);
  });

  it('reads every page of checks and review comments (GitHub pages by Link headers)', async () => {
    const head = await pushedBranch('kanbots/many');
    const opened = await client().createPullRequest(repository, { head: 'kanbots/many', base: 'main', title: 'Many', body: '' });
    for (let index = 0; index < 130; index += 1) server.setCheck('acme', 'widgets', head, { name: `check ${index}`, conclusion: index === 129 ? 'failure' : 'success', ...(index === 129 ? { title: 'Tests failed', summary: '1 failing: search returns nothing' } : {}) });
    for (let index = 0; index < 120; index += 1) server.addReviewComment('acme', 'widgets', opened.number, { path: 'src/search.ts', line: index + 1, body: `comment ${index}` });

    const checks = await client().listCheckRuns(repository, head);
    expect(checks.unchanged).toBe(false);
    if (checks.unchanged) return;
    expect(checks.value).toHaveLength(130);
    expect(checks.value.find((check) => check.conclusion === 'failure')).toMatchObject({ name: 'check 129', report: 'Tests failed\n\n1 failing: search returns nothing' });
    const comments = await client().listReviewComments(repository, opened.number);
    if (comments.unchanged) throw new Error('expected comments');
    expect(comments.value).toHaveLength(120);
    expect(comments.value[119]).toMatchObject({ path: 'src/search.ts', line: 120, body: 'comment 119', author: 'a-reviewer' });
    expect(server.requests.filter((request) => request.path.endsWith('/comments') && request.query.page === '2')).toHaveLength(1);
  });

  it('a merge on GitHub shows as merged with its commit', async () => {
    const head = await pushedBranch('kanbots/merge-me');
    const opened = await client().createPullRequest(repository, { head: 'kanbots/merge-me', base: 'main', title: 'Merge me', body: '' });
    await server.mergePullRequest('acme', 'widgets', opened.number);
    const read = await client().getPullRequest(repository, opened.number);
    if (read.unchanged) throw new Error('expected a value');
    expect(read.value).toMatchObject({ state: 'merged', mergeCommitSha: head });
  });
});

describe('what GitHub refuses, in words', () => {
  it('a refused token, a token without the repo scope, a used-up rate limit, a dropped connection, a server error', async () => {
    const refused = await client('ghp_revoked0000000000000000000000000').getPullRequest(repository, 1).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(GitHubTokenError);
    expect((refused as GitHubTokenError).code).toBe('github_token_refused');
    expect((refused as Error).message).toMatch(/gh auth login/);

    const scoped = await client('ghp_readOrgOnly000000000000000000000').createPullRequest(repository, { head: 'x', base: 'main', title: 'x', body: '' }).catch((error: unknown) => error);
    expect(scoped).toBeInstanceOf(GitHubTokenError);
    expect((scoped as GitHubTokenError).code).toBe('github_token_scope');
    expect((scoped as GitHubTokenError).neededScopes).toEqual(['repo']);
    expect((scoped as GitHubTokenError).grantedScopes).toEqual(['read:org']);

    server.fail({ kind: 'rate-limit' });
    const limited = await client().getPullRequest(repository, 1).catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(GitHubRateLimitedError);
    expect((limited as GitHubRateLimitedError).resetAt).toBeGreaterThan(Date.now());
    expect((limited as GitHubRateLimitedError).retryable).toBe(true);

    server.fail({ kind: 'drop' });
    const dropped = await client().getPullRequest(repository, 1).catch((error: unknown) => error);
    expect(dropped).toBeInstanceOf(GitHubUnreachableError);
    expect((dropped as Error).message).toMatch(/Nothing was lost/);

    server.fail({ kind: 'status', status: 502 });
    expect(await client().getPullRequest(repository, 1).catch((error: unknown) => error)).toBeInstanceOf(GitHubUnreachableError);
  });

  it('GitHub Enterprise: the same calls under /api/v3 of its own host', async () => {
    const enterprise = await startScriptedGitHubServer({ repositories: [{ owner: 'acme', repo: 'widgets', bareRepository: remote }], tokens: { [token]: ['repo'] }, enterprise: true });
    try {
      await pushedBranch('kanbots/enterprise');
      const opened = await new GitHubClient({ baseUrl: enterprise.baseUrl, host: 'github.acme.test', token }).createPullRequest(repository, { head: 'kanbots/enterprise', base: 'main', title: 'On Enterprise', body: '' });
      expect(opened.number).toBe(1);
      expect(enterprise.requests[0]?.path).toBe('/api/v3/repos/acme/widgets/pulls');
    } finally {
      await enterprise.close();
    }
    expect(gitHubApiBaseUrl('github.com')).toBe('https://api.github.com');
    expect(gitHubApiBaseUrl('github.acme.test')).toBe('https://github.acme.test/api/v3');
  });
});

describe('where the repository and the token come from', () => {
  it('reads owner and name from every remote address form, and refuses what is not one', () => {
    for (const url of ['https://github.com/acme/widgets.git', 'https://github.com/acme/widgets', 'git@github.com:acme/widgets.git', 'ssh://git@github.com/acme/widgets.git', 'https://user@GitHub.com/acme/widgets/']) {
      expect(parseGitHubRemote(url)).toEqual({ host: 'github.com', owner: 'acme', repo: 'widgets' });
    }
    expect(parseGitHubRemote('git@github.acme.test:team/tool.git')).toEqual({ host: 'github.acme.test', owner: 'team', repo: 'tool' });
    expect(() => parseGitHubRemote('/srv/git/widgets.git')).toThrow(/not a remote address|owner and a repository/);
    expect(() => parseGitHubRemote('https://github.com/acme')).toThrow(/owner and a repository/);
  });

  it("the GitHub CLI's token when it is logged in, else the one from Settings, else a typed error saying how to log in", async () => {
    const bin = await createTemporaryDirectory();
    try {
      // A stand-in for `gh` that behaves as the real CLI does: `gh auth token --hostname H` prints the
      // token and exits 0 when logged in; prints "no oauth token found for H" and exits 1 otherwise.
      const gh = join(bin.path, 'gh');
      await writeFile(gh, '#!/bin/sh\nif [ "$1 $2 $3 $4" = "auth token --hostname github.com" ]; then echo gho_fromTheCli000000000000000000000; exit 0; fi\necho "no oauth token found for $4" >&2\nexit 1\n');
      await chmod(gh, 0o755);
      const secrets = new MemorySecretStore();
      expect(await findGitHubToken({ host: 'github.com', secrets, ghCommand: gh, env: {} })).toEqual({ token: 'gho_fromTheCli000000000000000000000', source: 'gh' });

      await secrets.set('github.token', 'ghp_enteredInSettings0000000000000000');
      expect(await findGitHubToken({ host: 'github.acme.test', secrets, ghCommand: gh, env: {} })).toEqual({ token: 'ghp_enteredInSettings0000000000000000', source: 'memory' });

      const missing = await findGitHubToken({ host: 'github.acme.test', secrets: new MemorySecretStore(), ghCommand: join(bin.path, 'not-installed'), env: {} }).catch((error: unknown) => error);
      expect(missing).toBeInstanceOf(GitHubNoTokenError);
      expect((missing as Error).message).toMatch(/gh auth login --hostname github\.acme\.test/);
    } finally {
      await bin.cleanup();
    }
  });
});
