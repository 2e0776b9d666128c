import { MemorySecretStore } from '@kanbots/core';
import { createTestRepository, type TestRepository } from '@kanbots/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveScreenshotsWideAndNarrow } from './chromium-session.js';
import { useHostSession } from './host-fixture.js';

/**
 * A project kept over time, in headless Chromium against the real host: Settings → Projects
 * renames it, changes the branch its runs start from (the repository's branches offered) and
 * names a default model for its reviewer; the run form of one of its cards comes pre-filled with
 * all three; removing it says first that its card stays, and the card stays, without a project.
 */
describe('projects: rename, defaults in the run form, remove', () => {
  let repository: TestRepository;
  beforeAll(async () => {
    repository = await createTestRepository({ directoryName: 'shop-front' });
    await repository.git(['branch', 'develop']);
  });
  afterAll(async () => {
    await repository?.cleanup();
  });

  const session = useHostSession({ host: { secretStore: new MemorySecretStore(), env: {} } });
  const page = () => session.page;
  const runtime = () => session.host.running.kanbots;
  const project = () => runtime().board.getBoard().projects[0];
  const settings = () => page().getByTestId('settings');
  const projectRow = () => settings().getByTestId('settings-projects').locator('.project-settings').first();

  async function openSettings(): Promise<void> {
    await page().getByRole('button', { name: 'Settings' }).click();
    await settings().waitFor();
  }

  it('renames the project, changes its branch and names its reviewer’s model in Settings', async () => {
    await runtime().board.dispatch({ type: 'project.add', repository: repository.path, name: 'shop-front', baseBranch: 'main' });
    await runtime().board.dispatch({ type: 'card.create', title: 'Show prices with tax', projectId: project()!.id });
    await session.board.card('Show prices with tax').waitFor();

    await openSettings();
    const row = projectRow();
    expect(await row.getByLabel('Name').inputValue()).toBe('shop-front');
    const branch = row.getByRole('combobox', { name: 'Runs start from branch' });
    await expect.poll(() => branch.locator('option').allTextContents()).toEqual(['develop', 'main']);
    expect(await branch.inputValue()).toBe('main');
    expect(await row.locator('.project-settings-path').textContent()).toBe(repository.path);

    await row.getByLabel('Name').fill('Shop front');
    await branch.selectOption('develop');
    await row.getByLabel("Reviewer's model").fill('anthropic:claude-opus-4-1');
    await saveScreenshotsWideAndNarrow(page(), 'settings-projects', () => row.scrollIntoViewIfNeeded());
    await row.getByRole('button', { name: 'Save project' }).click();
    await page().locator('.toast', { hasText: 'Project saved.' }).waitFor();
    expect(project()).toMatchObject({ name: 'Shop front', baseBranch: 'develop', agents: { models: { reviewer: 'anthropic:claude-opus-4-1' } } });
    expect(project()!.agents.models.developer).toBeUndefined();
    await settings().getByRole('button', { name: 'Close settings' }).click();
    await settings().waitFor({ state: 'detached' });
  });

  it('pre-fills the run form of its card with the project, its branch and its reviewer’s model', async () => {
    await session.board.card('Show prices with tax').click();
    const form = page().getByTestId('card-panel').locator('form.run-start');
    await form.waitFor();
    await form.locator('label.segmented-option', { hasText: /^Dev ⇄ review$/ }).click();
    expect(await form.getByTestId('run-project').locator('option:checked').textContent()).toBe('Shop front');
    expect(await form.getByTestId('run-base-branch').inputValue()).toBe('develop');
    expect(await form.locator('input[name="model-reviewer"]').inputValue()).toBe('anthropic:claude-opus-4-1');
    expect(await form.locator('input[name="model-developer"]').inputValue()).toBe('');
    await page().getByRole('button', { name: 'Close card details' }).click();
  });

  it('removes the project after saying its card stays; the card stays, without a project', async () => {
    await openSettings();
    const row = projectRow();
    await row.getByRole('button', { name: 'Remove…' }).click();
    const confirm = row.locator('.project-remove-confirm');
    expect(await confirm.textContent()).toContain('Remove “Shop front”? Its one card stays on the board, without a project. The repository is not touched.');
    await confirm.getByRole('button', { name: 'Remove project' }).click();
    await page().locator('.toast', { hasText: 'Project “Shop front” removed.' }).waitFor();
    await settings().getByTestId('settings-projects').locator('.project-settings').waitFor({ state: 'detached' });
    expect(runtime().board.getBoard().projects).toEqual([]);
    expect(runtime().board.getBoard().cards).toMatchObject([{ title: 'Show prices with tax' }]);
    expect(runtime().board.getBoard().cards[0]!.projectId).toBeUndefined();
  });
});
