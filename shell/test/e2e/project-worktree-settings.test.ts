import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MemorySecretStore } from '@kanbots/core';
import { createTestRepository, type TestRepository } from '@kanbots/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveScreenshotsWideAndNarrow } from './chromium-session.js';
import { useHostSession } from './host-fixture.js';

/**
 * A project's worktree settings edited in Settings → Projects, in headless Chromium against the
 * real host: a wrong field is said in words by field and nothing is written; the settings are
 * saved to the repository's .kanbots/config.toml and read back; a project whose settings come from
 * Conductor's file shows them read-only, saying where they come from.
 */
describe('Settings → Projects: worktree settings', () => {
  let repository: TestRepository;
  let conductor: TestRepository;
  beforeAll(async () => {
    repository = await createTestRepository({ directoryName: 'web-shop' });
    conductor = await createTestRepository({ directoryName: 'api-server' });
    await conductor.writeFiles({ '.conductor/settings.toml': '[scripts]\nsetup = "pnpm install"\nrun = "pnpm dev --port $CONDUCTOR_PORT"\n' });
    await conductor.commitAll('Conductor settings');
  });
  afterAll(async () => {
    await repository?.cleanup();
    await conductor?.cleanup();
  });

  const session = useHostSession({ host: { secretStore: new MemorySecretStore(), env: {} } });
  const page = () => session.page;
  const runtime = () => session.host.running.kanbots;
  const settings = () => page().getByTestId('settings');
  const rowOf = (name: string) => settings().getByTestId('settings-projects').locator(`.project-settings[aria-label="Project ${name}"]`);

  it('says a wrong field in words and writes nothing, then saves to .kanbots/config.toml', async () => {
    await runtime().board.dispatch({ type: 'project.add', repository: repository.path, name: 'web-shop', baseBranch: 'main' });
    await runtime().board.dispatch({ type: 'project.add', repository: conductor.path, name: 'api-server', baseBranch: 'main' });
    await page().getByRole('button', { name: 'Settings' }).click();
    await settings().waitFor();
    const editor = rowOf('web-shop').getByTestId('project-worktree-settings');
    await editor.locator('summary').click();
    const form = editor.getByRole('form', { name: 'Worktree settings' });
    await form.waitFor();
    expect(await form.getByTestId('worktree-settings-source').textContent()).toBe('None yet: saving writes .kanbots/config.toml in the repository (commit it to share it).');
    expect(await form.getByLabel('Warm pool: worktrees kept ready').inputValue()).toBe('0');

    await form.getByLabel('Folders each worktree gets').fill('node_modules\n../elsewhere');
    await form.getByLabel('Setup script').fill('npm ci');
    await form.getByLabel('Warm pool: worktrees kept ready').fill('12');
    await form.getByRole('button', { name: 'Save worktree settings' }).click();
    const problems = form.getByTestId('worktree-settings-problems');
    await problems.waitFor();
    expect(await problems.locator('li').allTextContents()).toEqual(['Links, line 2: must stay inside the repository (no "..")', 'Warm pool size: must be at most 8']);
    expect(existsSync(join(repository.path, '.kanbots'))).toBe(false);
    await saveScreenshotsWideAndNarrow(page(), 'project-worktree-settings-problems', () => problems.scrollIntoViewIfNeeded());

    await form.getByLabel('Folders each worktree gets').fill('node_modules');
    await form.getByLabel('Copy into each worktree').fill('.env.local');
    await form.getByLabel('Warm pool: worktrees kept ready').fill('2');
    await form.getByRole('button', { name: 'Save worktree settings' }).click();
    await form.getByRole('status').filter({ hasText: 'Saved to .kanbots/config.toml.' }).waitFor();
    await problems.waitFor({ state: 'detached' });
    expect(await readFile(join(repository.path, '.kanbots/config.toml'), 'utf8')).toBe(
      '[worktrees]\ncopy = [ ".env.local" ]\nlinks = [ "node_modules" ]\n\n[worktrees.scripts]\nsetup = "npm ci"\n\n[worktrees.pool]\nsize = 2\n',
    );
    expect(await form.getByTestId('worktree-settings-source').textContent()).toBe('Saved in .kanbots/config.toml in the repository (commit it to share it).');
    await saveScreenshotsWideAndNarrow(page(), 'project-worktree-settings-saved', () => form.scrollIntoViewIfNeeded());
  });

  it('reads the saved settings back when Settings is opened again', async () => {
    await settings().getByRole('button', { name: 'Close settings' }).click();
    await settings().waitFor({ state: 'detached' });
    await page().getByRole('button', { name: 'Settings' }).click();
    const editor = rowOf('web-shop').getByTestId('project-worktree-settings');
    await editor.locator('summary').click();
    const form = editor.getByRole('form', { name: 'Worktree settings' });
    await form.waitFor();
    expect(await form.getByLabel('Folders each worktree gets').inputValue()).toBe('node_modules');
    expect(await form.getByLabel('Setup script').inputValue()).toBe('npm ci');
    expect(await form.getByLabel('Warm pool: worktrees kept ready').inputValue()).toBe('2');
    expect(await form.getByLabel('Setup time limit').inputValue()).toBe('900');
  });

  it('shows Conductor’s settings read-only, saying where they come from', async () => {
    const editor = rowOf('api-server').getByTestId('project-worktree-settings');
    await editor.locator('summary').click();
    const form = editor.getByRole('form', { name: 'Worktree settings' });
    await form.waitFor();
    expect(await form.getByTestId('worktree-settings-source').textContent()).toBe(
      'Read from Conductor’s .conductor/settings.toml: shown here, changed there (or add a .kanbots/config.toml to use Kanbots’ own).',
    );
    expect(await form.getByLabel('Setup script').inputValue()).toBe('pnpm install');
    expect(await form.getByLabel('Run script').inputValue()).toBe('pnpm dev --port $CONDUCTOR_PORT');
    expect(await form.getByLabel('Setup script').isDisabled()).toBe(true);
    expect(await form.getByRole('button', { name: 'Save worktree settings' }).count()).toBe(0);
    await saveScreenshotsWideAndNarrow(page(), 'project-worktree-settings-conductor', () => form.scrollIntoViewIfNeeded());
  });
});
