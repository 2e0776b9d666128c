import { mergeSettingsPatch } from '@kanbots/core';
import { settingsSchema, type SettingsView } from '@kanbots/core/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { ProtocolPeer, testBoard, testCard, until } from './protocol-peer.js';
import { renderApp } from './render-app.js';
import { answerCommands, clickButton, defaultSettingsView, recordingSink } from './runs-fixtures.js';

const KEY = 'sk-ant-test-0123456789abcdef';

describe('the settings panel', () => {
  let peer: ProtocolPeer;
  let cleanup: () => void = () => {};
  let stopAnswering: () => void = () => {};

  afterEach(async () => {
    stopAnswering();
    cleanup();
    await peer?.stop();
  });

  const open = async (view: SettingsView = defaultSettingsView()): Promise<HTMLElement> => {
    peer = new ProtocolPeer(testBoard([testCard('a', 'backlog', 0)]));
    await peer.start();
    stopAnswering = answerCommands(peer, {
      'settings.get': () => view,
      'secrets.set': () => ({ set: true, source: 'file' }),
      // What the real host answers: the patch merged into the settings and validated.
      'settings.update': (command) => ({ settings: settingsSchema.parse(mergeSettingsPatch(view.settings, command.args['patch'])) }),
    });
    const { root, unmount } = await renderApp(peer, { notifications: recordingSink() });
    cleanup = unmount;
    root.querySelector<HTMLButtonElement>('button[aria-label="Settings"]')!.click();
    await until(() => root.querySelector('[data-testid="settings"] .settings-form') !== null);
    return root;
  };

  it('sends a key with secrets.set, clears the field and never shows a key', async () => {
    const root = await open();
    const settings = root.querySelector<HTMLElement>('[data-testid="settings"]')!;
    const anthropic = settings.querySelector<HTMLElement>('[data-secret="anthropic.apiKey"]')!;
    expect(anthropic.querySelector('.secret-status')?.textContent).toBe('Set — stored in the system keychain');
    const inputs = [...settings.querySelectorAll<HTMLInputElement>('input[type="password"]')];
    // The three providers' keys and the GitHub token.
    expect(inputs).toHaveLength(4);
    for (const input of inputs) expect(input.value).toBe('');
    const openai = settings.querySelector<HTMLElement>('[data-secret="openai.apiKey"]')!;
    expect(openai.querySelector('.secret-status')?.textContent).toBe('Not set');
    const input = openai.querySelector<HTMLInputElement>('input[type="password"]')!;
    input.value = `  ${KEY}  `;
    clickButton(openai, 'Save key');
    await until(() => peer.commands.some((command) => command.name === 'secrets.set'));
    expect(peer.commands.find((command) => command.name === 'secrets.set')!.args).toEqual({ name: 'openai.apiKey', value: KEY });
    await until(() => openai.querySelector('.secret-status')?.textContent === 'Set — stored in a local file');
    expect(input.value).toBe('');
    expect(root.innerHTML).not.toContain(KEY);
    expect(document.body.innerHTML).not.toContain(KEY);
  });

  it('warns visibly when keys fall back to a file', async () => {
    const view: SettingsView = { ...defaultSettingsView(), secretStore: { backend: 'file', warning: 'No keychain: keys are in ~/.kanbots/secrets.json (mode 600).' } };
    const root = await open(view);
    const warning = root.querySelector('[data-testid="secret-store-warning"]');
    expect(warning?.getAttribute('role')).toBe('alert');
    expect(warning?.textContent).toContain('~/.kanbots/secrets.json');
  });

  it('saves providers, defaults, limits, the tool policy and notifications with settings.update', async () => {
    const root = await open();
    const settings = root.querySelector<HTMLElement>('[data-testid="settings"]')!;
    settings.querySelector<HTMLInputElement>('input[name="compatible.enabled"]')!.checked = true;
    settings.querySelector<HTMLInputElement>('input[name="compatible.baseURL"]')!.value = 'http://127.0.0.1:8080/v1';
    settings.querySelector<HTMLInputElement>('input[name="compatible.defaultModel"]')!.value = 'qwen3-coder';
    settings.querySelector<HTMLSelectElement>('select[name="openai.api"]')!.value = 'chat';
    settings.querySelector<HTMLInputElement>('input[name="limits.global"]')!.value = '2';
    settings.querySelector<HTMLSelectElement>('select[name="toolPolicy.default"]')!.value = 'ask';
    settings.querySelector<HTMLInputElement>('input[name="notifications.finished"]')!.checked = false;
    clickButton(settings, 'Save settings');
    await until(() => peer.commands.some((command) => command.name === 'settings.update'));
    const patch = peer.commands.find((command) => command.name === 'settings.update')!.args['patch'] as Record<string, Record<string, unknown>>;
    expect(patch['providers']).toEqual({
      anthropic: { enabled: true, baseURL: null, defaultModel: 'claude-sonnet-4-6' },
      openai: { enabled: true, baseURL: null, defaultModel: 'gpt-5', api: 'chat' },
      compatible: { enabled: true, baseURL: 'http://127.0.0.1:8080/v1', defaultModel: 'qwen3-coder' },
    });
    expect(patch['defaults']).toEqual({ provider: 'anthropic', workflow: 'dev-review', maxReviewRounds: 3, bestOfN: 3 });
    expect(patch['limits']).toEqual({ global: 2 });
    expect(patch['toolPolicy']).toEqual({ default: 'ask' });
    expect(patch['notifications']).toEqual({ needsYou: true, finished: false });
    expect(JSON.stringify(patch)).not.toMatch(/apiKey/i);
  });
});
