import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemorySecretStore } from '@kanbots/core';
import { startScriptedModelServer, type ScriptedModelServer } from '@kanbots/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveScreenshot, saveScreenshotsWideAndNarrow } from './chromium-session.js';
import { useHostSession } from './host-fixture.js';

/**
 * Settings as a newcomer meets it, in headless Chromium against the real host: the Agents section
 * lists every supported agent CLI, found (with its version and login state, and the command that
 * logs it in) or not (with the command that installs it); each provider key has a Test button that
 * asks the scripted model server and says in words that the key works or was refused; a stored key
 * is shown masked. The CLIs' PATH holds only a stand-in `claude` that answers `--version` and
 * `auth status --json` with what Claude Code 2.1.197 prints when nobody logged in (the parsers are
 * held to the real CLIs' output in core's agent-cli-login test); Codex is not on it.
 */
const anthropicKey = 'sk-ant-api03-SettingsCheckedKey-abcdefwxyz';
const openaiKey = 'sk-SettingsOpenAiKeyForTheTest-1234567890';

describe('Settings: agents and keys', () => {
  let cliDirectory: string;
  let server: ScriptedModelServer;

  beforeAll(async () => {
    cliDirectory = await mkdtemp(join(tmpdir(), 'kanbots-e2e-clis-'));
    await writeFile(
      join(cliDirectory, 'claude'),
      ['#!/bin/sh', 'case "$1" in', '  --version) echo "2.1.197 (Claude Code)" ;;', `  auth) printf '{\\n  "loggedIn": false,\\n  "authMethod": "none",\\n  "apiProvider": "firstParty"\\n}\\n'; exit 1 ;;`, '  *) exit 2 ;;', 'esac', ''].join('\n'),
    );
    await chmod(join(cliDirectory, 'claude'), 0o755);
    server = await startScriptedModelServer({ apiKeys: [anthropicKey, openaiKey] });
  });

  afterAll(async () => {
    await server?.close();
    if (cliDirectory) await rm(cliDirectory, { recursive: true, force: true });
  });

  const session = useHostSession({
    host: () => ({ secretStore: new MemorySecretStore(), env: {}, kanbots: { executors: { env: { PATH: cliDirectory, HOME: cliDirectory } } } }),
  });
  const page = () => session.page;
  const settings = () => page().getByTestId('settings');

  async function openSettings(): Promise<void> {
    await page().getByRole('button', { name: 'Settings' }).click();
    await settings().waitFor();
  }

  it('lists every supported agent CLI: found with version and login state, or not with its install command', async () => {
    await openSettings();
    const agents = settings().getByTestId('settings-agents');
    const claude = agents.locator('.agent-cli[data-cli="claude-code"]');
    const codex = agents.locator('.agent-cli[data-cli="codex"]');
    await claude.locator('.agent-cli-head').waitFor();
    expect(await agents.locator('.agent-cli').count()).toBe(2);
    expect(await claude.getAttribute('data-installed')).toBe('true');
    expect(await claude.locator('.agent-cli-head').textContent()).toBe('Claude CodeVersion 2.1.197Not logged in');
    expect(await claude.locator('code').textContent()).toBe('claude auth login');
    await claude.getByRole('button', { name: 'Copy the command that logs Claude Code in' }).waitFor();
    expect(await codex.getAttribute('data-installed')).toBe('false');
    expect(await codex.locator('.agent-cli-head').textContent()).toBe('CodexNot installed');
    expect(await codex.textContent()).toContain('codex was not found on this computer.');
    expect(await codex.locator('code').textContent()).toBe('npm install -g @openai/codex');
    await saveScreenshotsWideAndNarrow(page(), 'settings-agents', () => agents.scrollIntoViewIfNeeded());
  });

  it('points the providers at the scripted server and saves the settings', async () => {
    const form = settings();
    await form.locator('input[name="anthropic.baseURL"]').fill(server.anthropicBaseUrl);
    await form.locator('input[name="openai.baseURL"]').fill(server.openaiBaseUrl);
    await form.getByRole('button', { name: 'Save settings' }).click();
    await page().locator('.toast', { hasText: 'Settings saved.' }).waitFor();
  });

  it('tests a stored key: it works, then a wrong one is refused, in words', async () => {
    const anthropic = settings().locator('.secret-field[data-secret="anthropic.apiKey"]');
    await anthropic.getByLabel('Anthropic API key').fill(anthropicKey);
    await anthropic.getByRole('button', { name: 'Save key' }).click();
    await anthropic.locator('.secret-status[data-set="true"]').waitFor();
    expect(await anthropic.getByTestId('masked-key').textContent()).toBe('sk-ant-api03-…wxyz');
    server.script([{ text: 'ok' }]);
    await anthropic.getByRole('button', { name: 'Test' }).click();
    const result = anthropic.locator('.provider-test-result');
    await result.waitFor();
    expect(await result.getAttribute('data-ok')).toBe('true');
    expect(await result.textContent()).toMatch(/^The key works: Anthropic answered \(model .+\)\.$/);

    await anthropic.getByLabel('Anthropic API key').fill('sk-ant-api03-NotAKeyAnyoneIssued-000000');
    await anthropic.getByRole('button', { name: 'Save key' }).click();
    await anthropic.getByTestId('masked-key').filter({ hasText: '…0000' }).waitFor();
    await anthropic.getByRole('button', { name: 'Test' }).click();
    await anthropic.locator('.provider-test-result[data-ok="false"]').waitFor();
    const refused = (await anthropic.locator('.provider-test-result').textContent()) ?? '';
    expect(refused).toBe('The API key was refused. Check that it is the whole key, made for this provider (or the environment variable that holds it). (HTTP 401) The provider said: “invalid x-api-key”');
    await anthropic.scrollIntoViewIfNeeded();
    await saveScreenshot(page(), 'settings-key-refused-1440');
  });

  it('shows a stored OpenAI key as sk-…7890, never the key, and it works', async () => {
    const openai = settings().locator('.secret-field[data-secret="openai.apiKey"]');
    await openai.getByLabel('OpenAI API key').fill(openaiKey);
    await openai.getByRole('button', { name: 'Save key' }).click();
    await openai.locator('.secret-status[data-set="true"]').waitFor();
    expect(await openai.getByTestId('masked-key').textContent()).toBe('sk-…7890');
    expect(await page().content()).not.toContain(openaiKey);
    expect(await openai.getByLabel('OpenAI API key').inputValue()).toBe('');
    server.script([{ text: 'ok' }]);
    await openai.getByRole('button', { name: 'Test' }).click();
    await openai.locator('.provider-test-result[data-ok="true"]').waitFor();
  });
});
