import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SETTINGS_FILE_NAME, defaultSettings } from '@kanbots/core';
import { openKanbotsStore } from '@kanbots/core/internals';
import { describe, expect, it } from 'vitest';
import { openClient, useHostContext } from './host-test-context.js';

/** Settings over the protocol, through a real host on a WebSocket. */
describe('settings commands', () => {
  const context = useHostContext();

  async function startWithSettings(options: { env?: Record<string, string>; dataDir?: string } = {}) {
    const dataDir = options.dataDir ?? (await context.temporaryDirectory('kanbots-data-'));
    const configDir = await context.temporaryDirectory('kanbots-config-');
    const host = await context.start({ dataDir, configDir, secretStore: 'file', env: options.env ?? {} });
    const client = await openClient(host.port, host.token);
    context.track(client.socket);
    return { host, client, dataDir, configDir };
  }

  it('settings.get answers the settings, whether each key is set and where the keys are kept', async () => {
    const { client, configDir } = await startWithSettings({ env: { OPENAI_API_KEY: 'sk-proj-environment-0123456789abcdef' } });
    const reply = await client.command('g1', 'settings.get', {});
    expect(reply).toMatchObject({ ok: true });
    const result = (reply as { result: Record<string, unknown> }).result;
    expect(result.settings).toEqual(defaultSettings());
    expect(result.secrets).toEqual({
      'anthropic.apiKey': { set: false, source: 'none' },
      'openai.apiKey': { set: true, source: 'environment', masked: 'sk-proj-…cdef' },
      'compatible.apiKey': { set: false, source: 'none' },
      'github.token': { set: false, source: 'none' },
    });
    expect(result.secretStore).toEqual({ backend: 'file', warning: expect.stringContaining(join(configDir, 'secrets.json')) });
    expect(JSON.stringify(client.received)).not.toContain('sk-proj-environment');
  });

  it('settings.update persists a patch, tells every client and survives a restart', async () => {
    const { host, client, dataDir } = await startWithSettings();
    const observer = await openClient(host.port, host.token);
    context.track(observer.socket);
    const reply = await client.command('u1', 'settings.update', { patch: { defaults: { workflow: 'solo' }, toolPolicy: { rules: { run_command: 'deny' } } } });
    expect(reply).toMatchObject({ ok: true, result: { settings: { defaults: { workflow: 'solo' }, toolPolicy: { default: 'allow', rules: { run_command: 'deny' } } } } });
    const event = await observer.next((message) => message.type === 'event' && message.topic === 'settings.changed');
    expect(event).toMatchObject({ data: { settings: { defaults: { workflow: 'solo' } } } });

    await host.stop();
    const restarted = await startWithSettings({ dataDir });
    const after = await restarted.client.command('g2', 'settings.get', {});
    expect(after).toMatchObject({ ok: true, result: { settings: { defaults: { workflow: 'solo' }, toolPolicy: { rules: { run_command: 'deny' } } } } });
  });

  it('settings.update refuses a bad patch, changes nothing and announces nothing', async () => {
    const { client, dataDir } = await startWithSettings();
    await client.command('u1', 'settings.update', { patch: { limits: { global: 2 } } });
    const before = await storedSettings(dataDir);
    const refused = [
      await client.command('u2', 'settings.update', { patch: { limits: { global: 0 } } }),
      await client.command('u3', 'settings.update', { patch: { providers: { anthropic: { apiKey: 'sk-ant-should-never-be-stored-000' } } } }),
      await client.command('u4', 'settings.update', { patch: 'everything' }),
      await client.command('u5', 'settings.update', {}),
    ];
    for (const reply of refused) expect(reply).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(await storedSettings(dataDir)).toEqual(before);
    expect(client.received.filter((message) => message.type === 'event' && message.topic === 'settings.changed')).toHaveLength(1);
    expect(JSON.stringify(client.received)).not.toContain('sk-ant-should-never-be-stored');
  });

  it('secrets.set and secrets.delete answer { set, source } and announce the change without the value', async () => {
    const { host, client } = await startWithSettings({ env: { ANTHROPIC_API_KEY: 'sk-ant-environment-key-0123456789' } });
    const observer = await openClient(host.port, host.token);
    context.track(observer.socket);
    expect(await client.command('s1', 'secrets.set', { name: 'anthropic.apiKey', value: '  sk-ant-stored-key-0123456789abcdef \n' })).toMatchObject({ ok: true, result: { set: true, source: 'file' } });
    expect(await observer.next((message) => message.type === 'event' && message.topic === 'secrets.changed')).toMatchObject({ data: { name: 'anthropic.apiKey', set: true, source: 'file' } });
    expect(await client.command('s2', 'secrets.delete', { name: 'anthropic.apiKey' })).toMatchObject({ ok: true, result: { set: true, source: 'environment' } });
    expect(await client.command('s3', 'secrets.delete', { name: 'compatible.apiKey' })).toMatchObject({ ok: true, result: { set: false, source: 'none' } });
    const statuses = await client.command('g1', 'settings.get', {});
    expect(statuses).toMatchObject({ result: { secrets: { 'anthropic.apiKey': { set: true, source: 'environment' } } } });
  });

  it('secrets.set stores the GitHub token (which has no provider, so no base URL goes with it) and answers it masked, never in full', async () => {
    const { client, configDir } = await startWithSettings();
    const token = 'ghp_settingsCommandsToken0000000000abcd';
    expect(await client.command('s1', 'secrets.set', { name: 'github.token', value: token })).toMatchObject({ ok: true, result: { set: true, source: 'file', masked: '…abcd' } });
    expect(await client.command('g1', 'settings.get', {})).toMatchObject({ result: { secrets: { 'github.token': { set: true, source: 'file', masked: '…abcd' } } } });
    expect(JSON.stringify(client.received)).not.toContain(token);
    const stored = await readFile(join(configDir, 'secrets.json'), 'utf8');
    expect(stored).toContain('"github.token"');
    expect(stored).not.toContain('github.token.destination');
    expect(await client.command('s2', 'secrets.delete', { name: 'github.token' })).toMatchObject({ ok: true, result: { set: false, source: 'none' } });
  });

  it.each([
    ['an unknown name', { name: 'gitlab.token', value: 'glpat-abcdefghijklmnopqrstuvwxyz' }],
    ['an empty value', { name: 'openai.apiKey', value: '   ' }],
    ['a value on two lines', { name: 'openai.apiKey', value: 'sk-proj-first-line\nsecond-line' }],
    ['a value too long', { name: 'openai.apiKey', value: `sk-proj-${'x'.repeat(5000)}` }],
    ['a value that is not text', { name: 'openai.apiKey', value: 12345678 }],
    ['an extra field', { name: 'openai.apiKey', value: 'sk-proj-abcdefghijklmnop', echo: true }],
  ])('secrets.set refuses %s without repeating it', async (_what, args) => {
    const { client, configDir } = await startWithSettings();
    const reply = await client.command('s1', 'secrets.set', args);
    expect(reply).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    const text = JSON.stringify(reply);
    const value = String(args.value).trim();
    if (value !== '') expect(text).not.toContain(value.slice(0, 12));
    await expect(stat(join(configDir, 'secrets.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('providers.test reports a missing key or base URL as a configuration problem', async () => {
    const { client } = await startWithSettings();
    expect(await client.command('t1', 'providers.test', { provider: 'anthropic' })).toMatchObject({
      ok: true,
      result: { ok: false, kind: 'configuration', message: expect.stringMatching(/ANTHROPIC_API_KEY/) },
    });
    await client.command('u1', 'settings.update', { patch: { providers: { compatible: { enabled: true } } } });
    expect(await client.command('t2', 'providers.test', { provider: 'compatible', model: 'local' })).toMatchObject({
      result: { ok: false, kind: 'configuration', message: expect.stringMatching(/providers\.compatible\.baseURL/) },
    });
    expect(await client.command('t3', 'providers.test', { provider: 'mistral' })).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
  });

  it('reads a settings file it cannot use as the defaults and says so', async () => {
    const dataDir = await context.temporaryDirectory('kanbots-data-');
    await writeFile(join(dataDir, SETTINGS_FILE_NAME), 'not json');
    const { client } = await startWithSettings({ dataDir });
    const reply = await client.command('g1', 'settings.get', {});
    expect(reply).toMatchObject({ ok: true, result: { settings: defaultSettings(), problem: expect.stringContaining('not valid JSON') } });
  });
});

/** The settings as the data directory's store holds them (the host's own store, shared in this process). */
async function storedSettings(dataDir: string): Promise<unknown> {
  const store = await openKanbotsStore(dataDir);
  try {
    return await store.readEnvelope('settings');
  } finally {
    store.close();
  }
}
