import { join } from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createAnthropicModel, MemorySecretStore, type ResolvedModel } from '@kanbots/core';
import {
  createTestRepository,
  runTestGit,
  startScriptedGitHubServer,
  startScriptedModelServer,
  type ScriptedGitHubServer,
  type ScriptedModelServer,
  type TestRepository,
} from '@kanbots/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveScreenshotsWideAndNarrow } from './chromium-session.js';
import { titlesByColumn, useHostSession } from './host-fixture.js';

/**
 * From the gate to a merged pull request in headless Chromium, against the real host: its branch
 * pushed by real git to a bare repository (the remote `origin`), the pull request opened and
 * followed through the real Octokit client on the scripted GitHub API. On the way: no token yet —
 * the failure says so and "Open Settings" goes to the GitHub token field; a failing check comes in
 * and is sent back to the developer; the fix is pushed to the same pull request (no second create);
 * merged on GitHub, the card moves to Done.
 */

const lane = 'pull-request-lane';
const token = 'ghp_e2ePullRequestToken00000000000000000';

let server: ScriptedModelServer;
let repository: TestRepository;
let github: ScriptedGitHubServer;
let root: string;
let remote: string;
const secretStore = new MemorySecretStore();

beforeAll(async () => {
  server = await startScriptedModelServer();
  repository = await createTestRepository();
  root = await mkdtemp(join(tmpdir(), 'kanbots-e2e-github-'));
  remote = join(root, 'widgets.git');
  await runTestGit(root, ['init', '--quiet', '--bare', '--initial-branch=main', remote]);
  await repository.git(['remote', 'add', 'origin', remote]);
  await repository.git(['push', '--quiet', 'origin', 'main']);
  github = await startScriptedGitHubServer({ repositories: [{ owner: 'acme', repo: 'widgets', bareRepository: remote }], tokens: { [token]: ['repo'] } });
  server.script(lane, [
    { toolCalls: [{ name: 'write_file', input: { path: 'greeting.txt', content: 'hello\n' } }] },
    { toolCalls: [{ name: 'finish', input: { summary: 'Wrote the greeting.' } }] },
    { toolCalls: [{ name: 'write_file', input: { path: 'greeting.txt', content: 'hello, world\n' } }] },
    { toolCalls: [{ name: 'finish', input: { summary: 'The greeting names the world, as the check wants.' } }] },
  ]);
});

afterAll(async () => {
  await github?.close();
  await server?.close();
  await repository?.cleanup();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('a pull request from the gate, in the browser', () => {
  const session = useHostSession({
    defaultTimeout: 20_000,
    host: () => {
      const model = createAnthropicModel({ apiKey: 'scripted-test-key', baseURL: server.anthropicBaseUrl });
      const resolveModel = (choice: string | undefined): ResolvedModel => ({ model, provider: 'anthropic', modelName: choice?.split(':').at(-1) ?? lane });
      return {
        resolveModel,
        secretStore,
        env: {},
        defaultRepository: repository.path,
        kanbots: {
          gitEnvironment: repository.gitEnvironment,
          // No GitHub CLI here, so the token is the one entered in Settings; the remote is a path, so its GitHub name is given.
          github: { secrets: secretStore, ghCommand: join(root, 'no-gh'), apiBaseUrl: () => github.baseUrl, gitHubRepositoryOf: () => ({ host: 'github.com', owner: 'acme', repo: 'widgets' }), pollIntervalMs: 200 },
        },
      };
    },
  });

  it('opens the pull request, sends a failing check to the developer, pushes the fix to it, and moves the card to Done when GitHub merges it', async () => {
    const { page, board } = session;
    await board.addCards('Backlog', ['Greet the world']);
    await board.card('Greet the world').click();
    const panel = page.getByTestId('card-panel');
    const section = panel.getByTestId('run-section');
    await section.locator('label.segmented-option', { hasText: /^Solo$/ }).click();
    await section.locator('input[name="model"]').fill(lane);
    await section.getByRole('button', { name: 'Run', exact: true }).click();
    const gate = panel.locator('.gate');
    await gate.waitFor();

    // The gate's third way out, beside Merge and Discard.
    expect(await gate.locator('.panel-actions').first().getByRole('button').allTextContents()).toEqual(['Merge', 'Open pull request…', 'Discard…']);
    await gate.getByRole('button', { name: 'Open pull request…' }).click();
    const dialog = page.getByTestId('pull-request-dialog');
    await dialog.waitFor();
    const title = dialog.locator('input[name="pull-request-title"]');
    const body = dialog.locator('textarea[name="pull-request-body"]');
    await page.waitForFunction(() => (document.querySelector('textarea[name="pull-request-body"]') as HTMLTextAreaElement | null)?.value.includes('Wrote the greeting.') === true);
    expect(await title.inputValue()).toBe('Greet the world');
    expect(await body.inputValue()).toContain('## What was done\n\nWrote the greeting.');
    await dialog.getByRole('checkbox', { name: /Draft pull request/ }).check();
    expect(await dialog.getByRole('button', { name: 'Open draft pull request' }).isVisible()).toBe(true);
    await dialog.getByRole('checkbox', { name: /Draft pull request/ }).uncheck();
    await title.fill('Greet the whole world');
    await saveScreenshotsWideAndNarrow(page, 'pull-request-dialog');
    await dialog.getByRole('button', { name: 'Open pull request', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });

    // No token yet: said in words, with the way to fix it; the gate's work is kept.
    const failure = panel.getByTestId('run-failure');
    await failure.waitFor();
    expect(await failure.locator('.run-error-title').textContent()).toBe('Kanbots has no GitHub token.');
    expect(await failure.locator('.run-error-cause').textContent()).toContain('gh auth login');
    expect(github.requests.filter((request) => request.method === 'POST')).toHaveLength(0);
    await failure.getByRole('button', { name: 'Open Settings' }).click();
    const settings = page.getByTestId('settings');
    await settings.waitFor();
    const tokenField = settings.locator('[data-secret="github.token"]');
    await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'github.token-new');
    expect(await settings.getByTestId('settings-github').textContent()).toContain('gh auth token');
    await tokenField.locator('input[type="password"]').fill(token);
    await tokenField.getByRole('button', { name: 'Save key' }).click();
    await tokenField.locator('.secret-status[data-set="true"]').waitFor();
    const masked = await tokenField.getByTestId('masked-key').textContent();
    expect(masked).not.toContain(token);
    expect(masked).toMatch(/…0000$/);
    expect(await tokenField.locator('input[type="password"]').inputValue()).toBe('');
    await saveScreenshotsWideAndNarrow(page, 'settings-github', () => settings.getByTestId('settings-github').scrollIntoViewIfNeeded());
    await settings.getByRole('button', { name: 'Close settings' }).click();
    await settings.waitFor({ state: 'detached' });

    // Retried with the token: the pull request is open, its number on the run and on the tile.
    await panel.getByRole('button', { name: 'Retry step' }).click();
    const pullRequest = panel.getByTestId('pull-request-panel');
    await pullRequest.waitFor();
    await pullRequest.locator('[data-testid="pull-request-state"]', { hasText: 'open' }).waitFor();
    expect(await pullRequest.locator('.pull-request-link').textContent()).toBe('Pull request #1');
    expect(await pullRequest.locator('.pull-request-link').getAttribute('href')).toMatch(/\/acme\/widgets\/pull\/1$/);
    expect(await pullRequest.locator('.pull-request-link').getAttribute('target')).toBe('_blank');
    expect(github.pullRequest('acme', 'widgets', 1)).toMatchObject({ title: 'Greet the whole world', draft: false, base: 'main' });
    const tileBadge = board.card('Greet the world').getByTestId('pull-request-badge');
    expect(await tileBadge.textContent()).toBe('#1 open');
    expect(await gate.getByRole('button', { name: 'Open pull request…' }).count()).toBe(0);

    // CI fails on GitHub: the check and its report show, and go back to the developer.
    const branch = github.pullRequest('acme', 'widgets', 1)!.head;
    const pushed = (await runTestGit(remote, ['rev-parse', `refs/heads/${branch}`])).trim();
    expect(await runTestGit(remote, ['show', `${pushed}:greeting.txt`])).toBe('hello\n');
    github.setCheck('acme', 'widgets', pushed, { name: 'tests', conclusion: 'failure', title: '1 test failed', summary: 'greeting.txt should say "hello, world"' });
    github.addReviewComment('acme', 'widgets', 1, { path: 'greeting.txt', line: 1, body: 'Name the world, please.', author: 'octo-reviewer' });
    const check = pullRequest.locator('.pull-request-check', { hasText: 'tests' });
    await check.waitFor();
    expect(await check.locator('.check-outcome').textContent()).toBe('failed');
    expect(await check.locator('.check-report').textContent()).toContain('greeting.txt should say "hello, world"');
    const comment = pullRequest.locator('.pull-request-comment');
    await comment.waitFor();
    expect(await comment.locator('.comment-place').textContent()).toBe('greeting.txt:1');
    expect(await comment.locator('.comment-author').textContent()).toBe('octo-reviewer');
    expect(await comment.locator('.comment-body').textContent()).toBe('Name the world, please.');
    await page.locator('section.run[data-status="needs_you"]').waitFor();
    await saveScreenshotsWideAndNarrow(page, 'pull-request-panel', () => pullRequest.scrollIntoViewIfNeeded());
    await saveScreenshotsWideAndNarrow(page, 'pull-request-tile-badge', () => tileBadge.scrollIntoViewIfNeeded());
    await pullRequest.getByRole('button', { name: 'Send to the developer' }).click();

    // The developer's fix goes to the same pull request: a new head, no second create.
    await page.waitForFunction(() => document.querySelector('[data-testid="pull-request-panel"] .pull-request-check') === null);
    const next = (await runTestGit(remote, ['rev-parse', `refs/heads/${branch}`])).trim();
    expect(next).not.toBe(pushed);
    expect(await runTestGit(remote, ['show', `${next}:greeting.txt`])).toBe('hello, world\n');
    expect(github.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/pulls'))).toHaveLength(1);
    const followUp = JSON.stringify(server.requests.filter((request) => request.model === lane)[2]!.body);
    expect(followUp).toContain('greeting.txt should say \\"hello, world\\"');
    expect(followUp).toContain('Name the world, please.');
    await comment.locator('.badge', { hasText: 'sent to the developer' }).waitFor();

    // Merged on GitHub: the card is done.
    await github.mergePullRequest('acme', 'widgets', 1);
    await pullRequest.locator('[data-testid="pull-request-state"]', { hasText: 'merged' }).waitFor();
    await board.card('Greet the world').getByTestId('pull-request-badge').filter({ hasText: '#1 merged' }).waitFor();
    expect(titlesByColumn(await session.host.board())['Done']).toEqual(['Greet the world']);
    expect(await runTestGit(remote, ['show', 'main:greeting.txt'])).toBe('hello, world\n');
    server.assertComplete();
  });
});
