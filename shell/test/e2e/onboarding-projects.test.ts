import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemorySecretStore } from '@kanbots/core';
import { createTestRepository, type TestRepository } from '@kanbots/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type RunningHost } from '../../src/host/host.js';
import { BoardPage } from './board-page.js';
import { openChromium, saveScreenshot, saveScreenshotsWideAndNarrow, type ChromiumSession } from './chromium-session.js';

/**
 * A newcomer's first minutes, in headless Chromium against the real host on an empty data dir:
 * the first-run screen's three choices; "Add a project" with a folder that is not a repository
 * (told why), then a real repository in a temp dir; a card created on the board belongs to it; the
 * card's run form shows the project and its branch already filled in. "Try the demo" opens the
 * scripted demo board in a new tab, leaving this board as it was.
 */
describe('onboarding: from an empty board to a run form on your own repository', () => {
  let dataDir: string;
  let configDir: string;
  let plainFolder: string;
  let repository: TestRepository;
  let host: RunningHost;
  let browser: ChromiumSession;
  let board: BoardPage;
  const page = () => browser.page;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kanbots-e2e-data-'));
    configDir = await mkdtemp(join(tmpdir(), 'kanbots-e2e-config-'));
    plainFolder = await mkdtemp(join(tmpdir(), 'kanbots-e2e-plain-'));
    repository = await createTestRepository({ directoryName: 'shop-front' });
    await repository.git(['branch', 'develop']);
    host = await startHost({ dataDir, configDir, secretStore: new MemorySecretStore(), env: {} });
    browser = await openChromium({ viewport: { width: 1440, height: 900 } });
    board = new BoardPage(browser.page);
    await board.open(host.url);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    await repository?.cleanup();
    for (const directory of [dataDir, configDir, plainFolder]) if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('an empty board offers three plain choices', async () => {
    const firstRun = page().getByTestId('first-run');
    await firstRun.waitFor();
    expect(await firstRun.getByRole('button').allTextContents()).toEqual(['Add a project', 'Set up an agent', 'Try the demo']);
    await saveScreenshotsWideAndNarrow(page(), 'first-run');
  });

  it('"Set up an agent" opens Settings where the keys are', async () => {
    await page().getByRole('button', { name: 'Set up an agent' }).click();
    const settings = page().getByTestId('settings');
    await settings.waitFor();
    await page().waitForFunction(() => document.activeElement?.closest('[data-provider], [data-settings-section="agents"]') !== null, undefined, { timeout: 5_000 });
    await settings.getByRole('button', { name: 'Close settings' }).click();
    await settings.waitFor({ state: 'detached' });
  });

  it('"Add a project" says why a folder is not a repository, then adds a real one', async () => {
    await page().getByRole('button', { name: 'Add a project' }).click();
    const picker = page().getByTestId('project-picker');
    await picker.waitFor();
    const path = picker.getByRole('textbox', { name: 'Repository folder' });
    await path.fill(plainFolder);
    await picker.getByRole('button', { name: 'Check' }).click();
    const problem = picker.getByTestId('project-problem');
    await problem.waitFor({ timeout: 10_000 });
    expect(await problem.textContent()).toContain('This folder is not a git repository');
    expect(await picker.getByRole('button', { name: 'Add project' }).isDisabled()).toBe(true);
    await saveScreenshot(page(), 'project-picker-problem-1440');

    await path.fill(join(repository.path, 'src'));
    await picker.getByRole('button', { name: 'Check' }).click();
    const found = picker.getByTestId('project-found');
    await found.waitFor({ timeout: 10_000 });
    expect(await found.textContent()).toContain(repository.path);
    expect(await picker.getByRole('textbox', { name: 'Project name' }).inputValue()).toBe('shop-front');
    const branch = picker.getByRole('combobox', { name: 'Runs start from branch' });
    expect(await branch.locator('option').allTextContents()).toEqual(['develop', 'main']);
    expect(await branch.inputValue()).toBe('main');
    await saveScreenshot(page(), 'project-picker-found-1440');
    await picker.getByRole('button', { name: 'Add project' }).click();
    await picker.waitFor({ state: 'detached', timeout: 10_000 });
    await page().getByTestId('first-run').waitFor({ state: 'detached' });
    expect(host.kanbots.board.getBoard().projects).toMatchObject([{ name: 'shop-front', repository: repository.path, baseBranch: 'main' }]);
  });

  it('a card created on the board belongs to the project; its run form has the project and branch filled in', async () => {
    await board.addCards('Backlog', ['Show prices with tax']);
    await board.pendingSettled();
    const [project] = host.kanbots.board.getBoard().projects;
    expect(host.kanbots.board.getBoard().cards).toMatchObject([{ title: 'Show prices with tax', projectId: project!.id }]);
    await board.card('Show prices with tax').click();
    const panel = page().getByTestId('card-panel');
    const form = panel.locator('form.run-start');
    await form.waitFor();
    expect(await panel.getByRole('combobox', { name: 'Project' }).first().locator('option:checked').textContent()).toBe('shop-front');
    const runProject = form.getByTestId('run-project');
    expect(await runProject.locator('option:checked').textContent()).toBe('shop-front');
    expect(await form.getByTestId('run-base-branch').inputValue()).toBe('main');
    expect(await form.locator('input[name="repository"]').count()).toBe(0);
    await form.scrollIntoViewIfNeeded();
    await saveScreenshotsWideAndNarrow(page(), 'run-form-project', () => runProject.scrollIntoViewIfNeeded());
  });
});

describe('onboarding: try the demo', () => {
  let dataDir: string;
  let configDir: string;
  let host: RunningHost;
  let browser: ChromiumSession;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kanbots-e2e-data-'));
    configDir = await mkdtemp(join(tmpdir(), 'kanbots-e2e-config-'));
    host = await startHost({ dataDir, configDir, secretStore: new MemorySecretStore(), env: {} });
    browser = await openChromium({ viewport: { width: 1440, height: 900 } });
    await new BoardPage(browser.page).open(host.url);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    for (const directory of [dataDir, configDir]) if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('"Try the demo" opens the scripted demo board in a new tab; this board stays empty', async () => {
    const opened = browser.context.waitForEvent('page', { timeout: 20_000 });
    await browser.page.getByRole('button', { name: 'Try the demo' }).click();
    const demoTab = await opened;
    await demoTab.waitForURL(/^http:\/\/127\.0\.0\.1:\d+\/#token=/, { timeout: 30_000 });
    const demoBoard = new BoardPage(demoTab);
    await demoBoard.waitOnline();
    await demoBoard.card('Make slugify handle accents and repeated spaces').waitFor({ timeout: 10_000 });
    expect(await demoTab.locator('.board-name, h1').first().textContent()).toContain('demo');
    await browser.page.getByTestId('demo-link').waitFor();
    expect(host.kanbots.board.getBoard().cards).toEqual([]);
    await saveScreenshot(demoTab, 'first-run-demo-tab-1440');
    await demoTab.close();
  });
});
