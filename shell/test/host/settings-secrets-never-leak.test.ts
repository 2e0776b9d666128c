import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { startScriptedModelServer, type ScriptedModelServer } from '@kanbots/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/host/logger.js';
import { openClient, useHostContext, type ProtocolTestClient } from './host-test-context.js';

/**
 * A key entered in the UI goes to the secret store and to the provider, and nowhere else: not in
 * any message the host sends (replies, events, the snapshot of a client that connects later), not
 * in any file under the data directory, not in a host log line. The UI only ever gets { set, source }.
 */

const anthropicKey = 'sk-ant-api03-NeverLeakThisValue-0123456789abcdefghij';
const compatibleKey = 'local-server-key-5ab7c9d1e3f5a7b9';

const servers: ScriptedModelServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function filesUnder(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

async function filesContaining(directory: string, text: string): Promise<string[]> {
  const found: string[] = [];
  for (const file of await filesUnder(directory)) if ((await readFile(file, 'utf8')).includes(text)) found.push(file);
  return found;
}

describe('API keys never leak', () => {
  const context = useHostContext();

  it('keeps a key set over the protocol out of every message, data file and log line', async () => {
    const modelServer = await startScriptedModelServer();
    servers.push(modelServer);
    modelServer.script([{ text: 'ok' }, { fault: 'status', status: 401, message: `invalid x-api-key ${anthropicKey}` }, { text: 'ok' }]);
    const dataDir = await context.temporaryDirectory('kanbots-data-');
    const configDir = await context.temporaryDirectory('kanbots-config-');
    const logLines: string[] = [];
    const host = await context.start({
      dataDir,
      configDir,
      secretStore: 'file',
      env: {},
      logger: createLogger({ level: 'debug', write: (line) => logLines.push(line) }),
    });
    const sender = await openClient(host.port, host.token);
    const observer = await openClient(host.port, host.token);
    const clients: ProtocolTestClient[] = [sender, observer];
    for (const client of clients) context.track(client.socket);

    await sender.command('u1', 'settings.update', {
      patch: { providers: { anthropic: { baseURL: modelServer.anthropicBaseUrl }, compatible: { enabled: true, baseURL: modelServer.openaiBaseUrl, defaultModel: 'local' } } },
    });
    const setReply = await sender.command('s1', 'secrets.set', { name: 'anthropic.apiKey', value: anthropicKey });
    expect(setReply).toMatchObject({ ok: true, result: { set: true, source: 'file' } });
    // Only the masked form comes back: the vendor prefix and the last four characters.
    expect((setReply as { result: unknown }).result).toEqual({ set: true, source: 'file', masked: 'sk-ant-api03-…ghij' });
    await sender.command('s2', 'secrets.set', { name: 'compatible.apiKey', value: compatibleKey });

    expect(await sender.command('t1', 'providers.test', { provider: 'anthropic' })).toMatchObject({ ok: true, result: { ok: true, model: 'claude-sonnet-4-6' } });
    const refused = await sender.command('t2', 'providers.test', { provider: 'anthropic' });
    expect(refused).toMatchObject({ ok: true, result: { ok: false, kind: 'auth', message: expect.stringMatching(/^The API key was refused/) } });
    expect(await sender.command('t3', 'providers.test', { provider: 'compatible' })).toMatchObject({ ok: true, result: { ok: true } });
    const view = await sender.command('g1', 'settings.get', {});
    expect(view).toMatchObject({ ok: true, result: { secrets: { 'anthropic.apiKey': { set: true, source: 'file' }, 'compatible.apiKey': { set: true, source: 'file' } } } });
    await sender.command('b1', 'card.create', { title: 'After the key was set' });
    const late = await openClient(host.port, host.token);
    context.track(late.socket);
    clients.push(late);
    await late.command('g2', 'settings.get', {});
    await observer.next((message) => message.type === 'event' && message.topic === 'board.changed');

    // The key did reach the provider (the scripted server redacts what it records, so check it saw a credential).
    expect(modelServer.requests.map((request) => request.api)).toEqual(['anthropic', 'anthropic', 'openai-chat']);
    modelServer.assertComplete();

    for (const secret of [anthropicKey, compatibleKey]) {
      for (const client of clients) expect(JSON.stringify(client.received)).not.toContain(secret);
      expect(logLines.join('')).not.toContain(secret);
      expect(await filesContaining(dataDir, secret)).toEqual([]);
      // The fallback store holds it: the only place it may be.
      expect(await filesContaining(configDir, secret)).toEqual([join(configDir, 'secrets.json')]);
    }
    expect(observer.received.filter((message) => message.type === 'event' && message.topic === 'secrets.changed').map((message) => (message as { data: unknown }).data)).toEqual([
      { name: 'anthropic.apiKey', set: true, source: 'file', masked: 'sk-ant-api03-…ghij' },
      { name: 'compatible.apiKey', set: true, source: 'file', masked: '…a7b9' },
    ]);
    expect(logLines.some((line) => line.includes(join(configDir, 'secrets.json')))).toBe(true);
    if (process.platform !== 'win32') {
      expect((await stat(join(configDir, 'secrets.json'))).mode & 0o777).toBe(0o600);
      expect((await stat(configDir)).mode & 0o077).toBe(0);
    }
  });
});
