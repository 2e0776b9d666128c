import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemorySecretStore } from '@kanbots/core';
import { createTestRepository, startScriptedModelServer, type ScriptedModelServer, type TestRepository } from '@kanbots/core/testing';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveScreenshotsWideAndNarrow } from './chromium-session.js';
import { useHostSession } from './host-fixture.js';

/**
 * A newcomer's pass from an empty data dir, in headless Chromium against the real host, the
 * scripted model server and real repositories in temp dirs: every misconfiguration they can walk
 * into is said next to its field, with its fix, before a run exists — no key, a refused key, a
 * folder that is no longer a git repository, a repository without a commit, a branch that does not
 * exist, Claude Code installed but not logged in, Codex not installed — and the card stays where it
 * was. Then a run whose model keeps failing: the countdown, "Stop retrying", the run in "Needs you"
 * with why it stopped, and the toasts beside the panel, not over it. The CLIs' PATH holds only a
 * stand-in `claude` answering `--version` and `auth status --json` as Claude Code 2.1.197 does
 * when nobody logged in (core's agent-cli-login test holds the parsers to the real CLIs).
 */
const goodKey = 'sk-ant-api03-NewcomerGoodKey-abcdefwxyz';
const wrongKey = 'sk-ant-api03-NewcomerWrongKey-0000000000';
const cardTitle = 'Show prices with tax';

describe('a newcomer off the demo path', () => {
  let cliDirectory: string;
  let plainFolder: string;
  let server: ScriptedModelServer;
  let shop: TestRepository;
  let emptyRepository: TestRepository;
  let notRepository: TestRepository;

  beforeAll(async () => {
    cliDirectory = await mkdtemp(join(tmpdir(), 'kanbots-e2e-clis-'));
    await writeFile(
      join(cliDirectory, 'claude'),
      ['#!/bin/sh', 'case "$1" in', '  --version) echo "2.1.197 (Claude Code)" ;;', `  auth) printf '{\\n  "loggedIn": false,\\n  "authMethod": "none",\\n  "apiProvider": "firstParty"\\n}\\n'; exit 1 ;;`, '  *) exit 2 ;;', 'esac', ''].join('\n'),
    );
    await chmod(join(cliDirectory, 'claude'), 0o755);
    plainFolder = await mkdtemp(join(tmpdir(), 'kanbots-e2e-plain-'));
    server = await startScriptedModelServer({ apiKeys: [goodKey] });
    server.script('dev-model', [{ fault: 'status', status: 529, retryAfter: '30' }]);
    shop = await createTestRepository({ directoryName: 'shop-front' });
    emptyRepository = await createTestRepository({ directoryName: 'empty-repo' });
    notRepository = await createTestRepository({ directoryName: 'was-a-repo' });
  });

  afterAll(async () => {
    await server?.close();
    for (const repository of [shop, emptyRepository, notRepository]) await repository?.cleanup();
    for (const directory of [cliDirectory, plainFolder]) if (directory) await rm(directory, { recursive: true, force: true });
  });

  const session = useHostSession({
    host: () => ({ secretStore: new MemorySecretStore(), env: {}, kanbots: { executors: { env: { PATH: cliDirectory, HOME: cliDirectory } } } }),
    defaultTimeout: 20_000,
  });
  const page = () => session.page;
  const kanbots = () => session.host.running.kanbots;
  const panel = () => page().getByTestId('card-panel');
  const form = () => panel().locator('form.run-start');
  const settings = () => page().getByTestId('settings');
  const columnOfCard = (): string | undefined => {
    const board = kanbots().board.getBoard();
    const card = board.cards.find((candidate) => candidate.title === cardTitle);
    return board.columns.find((column) => column.id === card?.columnId)?.name;
  };

  /** Presses Run and waits for the problem `code`; nothing is created and the card stays in Backlog. */
  async function runShows(code: string): Promise<Locator> {
    await form().getByRole('button', { name: 'Run', exact: true }).click();
    const problem = form().locator(`.preflight-problem[data-code="${code}"]`);
    await problem.waitFor();
    // The check is over once the form can be sent again (its problems are not redrawn after that).
    await expect.poll(() => form().getByRole('button', { name: 'Run', exact: true }).isEnabled()).toBe(true);
    expect(kanbots().runs.list(), `no run exists after "${code}"`).toEqual([]);
    expect(columnOfCard()).toBe('Backlog');
    return problem;
  }

  async function chooseProject(name: string): Promise<void> {
    const select = form().getByTestId('run-project');
    const value = await select.locator('option', { hasText: name }).getAttribute('value');
    await select.selectOption(value!);
  }

  async function saveKey(key: string): Promise<void> {
    const field = settings().locator('.secret-field[data-secret="anthropic.apiKey"]');
    await field.getByLabel('Anthropic API key').fill(key);
    await field.getByRole('button', { name: /^Save/ }).click();
    await page().locator('.toast', { hasText: 'Key saved.' }).waitFor();
  }

  async function closeSettings(): Promise<void> {
    await settings().getByRole('button', { name: 'Close settings' }).click();
    await settings().waitFor({ state: 'detached' });
  }

  it('starts from the empty board; Settings points Anthropic at the scripted server, with no key yet', async () => {
    await page().getByTestId('first-run').waitFor();
    await page().getByRole('button', { name: 'Settings', exact: true }).click();
    await settings().locator('input[name="anthropic.baseURL"]').fill(server.anthropicBaseUrl);
    await settings().getByRole('button', { name: 'Save settings' }).click();
    await page().locator('.toast', { hasText: 'Settings saved.' }).waitFor();
    await closeSettings();
  });

  it('adds a project, a card in it, and the card is checked before any run: no key, with the fix that opens Settings at the key', async () => {
    await page().getByRole('button', { name: 'Add a project' }).click();
    const picker = page().getByTestId('project-picker');
    await picker.getByRole('textbox', { name: 'Repository folder' }).fill(shop.path);
    await picker.getByRole('button', { name: 'Check' }).click();
    await picker.getByTestId('project-found').waitFor();
    await picker.getByRole('button', { name: 'Add project' }).click();
    await picker.waitFor({ state: 'detached' });
    // Two more projects whose folders changed after they were added: one is no longer a repository, one never had a commit.
    await kanbots().board.dispatch({ type: 'project.add', repository: notRepository.path, name: 'was-a-repo', baseBranch: 'main' });
    await rm(join(notRepository.path, '.git'), { recursive: true, force: true });
    await kanbots().board.dispatch({ type: 'project.add', repository: emptyRepository.path, name: 'empty-repo', baseBranch: 'main' });
    await rm(join(emptyRepository.path, '.git'), { recursive: true, force: true });
    await emptyRepository.git(['init', '-q', '-b', 'main']);

    await session.board.addCards('Backlog', [cardTitle]);
    await session.board.pendingSettled();
    await session.board.card(cardTitle).click();
    await form().waitFor();
    await chooseProject('shop-front');
    await form().locator('select[name="provider"]').selectOption('anthropic');
    await form().locator('input[name="model"]').fill('dev-model');
    const problem = await runShows('provider_no_key');
    const reveal = () => form().getByRole('button', { name: 'Run', exact: true }).scrollIntoViewIfNeeded();
    await saveScreenshotsWideAndNarrow(page(), 'newcomer-run-form-no-key', reveal);
    await problem.locator('button[data-settings-target="providers.anthropic.apiKey"]').click();
    await settings().waitFor();
    await page().waitForFunction(() => document.activeElement?.closest('[data-settings-target="providers.anthropic.apiKey"]') !== null, undefined, { timeout: 5_000 });
  });

  it('a key the provider refuses is said before the run', async () => {
    await saveKey(wrongKey);
    await closeSettings();
    const problem = await runShows('provider_key_refused');
    expect(await problem.locator('.preflight-message').textContent()).toMatch(/refused/i);
  });

  it('with a working key: a folder that is no longer a repository, a repository without a commit, a branch that does not exist', async () => {
    await page().getByRole('button', { name: 'Settings', exact: true }).click();
    await saveKey(goodKey);
    await closeSettings();
    await chooseProject('was-a-repo');
    await runShows('repository_not_git');
    await chooseProject('empty-repo');
    await runShows('repository_empty');
    await chooseProject('shop-front');
    await form().getByTestId('run-base-branch').fill('develop');
    await runShows('base_branch_missing');
    await form().getByTestId('run-base-branch').fill('main');
  });

  it('Claude Code installed but not logged in, and Codex not installed, each with the command to copy', async () => {
    await form().locator('select[name="provider"]').selectOption('claude-code');
    await form().locator('input[name="model"]').fill('');
    const notLoggedIn = await runShows('cli_not_logged_in');
    expect(await notLoggedIn.locator('code').textContent()).toBe('claude auth login');
    await form().locator('select[name="provider"]').selectOption('codex');
    const notInstalled = await runShows('cli_not_installed');
    expect(await notInstalled.locator('code').textContent()).toBe('npm install -g @openai/codex');
    await saveScreenshotsWideAndNarrow(page(), 'newcomer-run-form-cli-problems', () => form().getByRole('button', { name: 'Run', exact: true }).scrollIntoViewIfNeeded());
  });

  it('a run whose model keeps failing counts down, stops on "Stop retrying", and waits in Needs you with why', async () => {
    await form().locator('select[name="provider"]').selectOption('anthropic');
    await form().locator('input[name="model"]').fill('dev-model');
    await form().locator('label.segmented-option', { hasText: /^Solo$/ }).click();
    await form().getByRole('button', { name: 'Run', exact: true }).click();
    const countdown = panel().getByTestId('retry-countdown');
    await countdown.waitFor();
    expect(await countdown.textContent()).toMatch(/Trying again in \d+ s\./);
    // Nothing answered yet: the card has not moved to In progress.
    expect(columnOfCard()).toBe('Backlog');
    await countdown.getByRole('button', { name: 'Stop retrying' }).click();
    const failed = panel().locator('section.run[data-status="failed"]');
    await failed.waitFor();
    expect(await failed.locator('.run-error-title').textContent()).toBe('The model provider is overloaded.');
    expect(await failed.locator('.run-error-retries').textContent()).toBe('You stopped the retries after 1 attempt in under a second.');
    expect(columnOfCard()).toBe('Backlog');
    expect(server.requests.filter((request) => request.model === 'dev-model')).toHaveLength(1);

    const inboxButton = page().getByRole('button', { name: /^Needs you/ });
    await expect.poll(() => inboxButton.getAttribute('aria-label')).toBe('Needs you: 1 waiting');
    // At 900 px the toasts sit beside the open panel, never over it.
    await page().setViewportSize({ width: 900, height: 900 });
    const panelBox = await panel().boundingBox();
    for (const toast of await page().locator('.toast').all()) {
      const box = await toast.boundingBox();
      if (box && panelBox) expect(box.x + box.width, `a toast ends left of the panel (${await toast.textContent()})`).toBeLessThanOrEqual(panelBox.x + 1);
    }
    // The cause is said once: in the run's failure box, not again on the agent or in a toast.
    const cause = 'Overloaded (scripted)';
    await expect.poll(async () => (await failed.textContent())?.split(cause).length).toBe(2);
    await expect.poll(async () => (await page().locator('.toasts').textContent())?.includes('overloaded')).toBe(true);
    expect(await page().locator('.toasts').textContent()).not.toContain(cause);
    // At 900 px the header's settings button and theme toggle have names and tooltips.
    expect(await page().getByRole('button', { name: 'Settings', exact: true }).getAttribute('title')).toBeTruthy();
    expect(await page().locator('.theme-toggle').getAttribute('aria-label')).toMatch(/^Theme: /);
    await saveScreenshotsWideAndNarrow(page(), 'newcomer-failed-run-panel', () => failed.scrollIntoViewIfNeeded());
    await page().getByRole('button', { name: 'Close card details' }).click();
    await inboxButton.click();
    const item = page().getByTestId('inbox').locator('.inbox-item[data-kind="stopped"]');
    await item.waitFor();
    expect(await item.locator('.inbox-card').textContent()).toBe(cardTitle);
    expect(await item.locator('.inbox-what').textContent()).toBe('failed — The model provider is overloaded.');
    await saveScreenshotsWideAndNarrow(page(), 'newcomer-failed-run-needs-you');
  });
});
