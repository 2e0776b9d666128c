import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors.js';
import { createRedactor } from '../../src/log/redact.js';
import { MemorySecretStore } from '../../src/secrets/secret-store.js';
import { checkProvider } from '../../src/settings/check-provider.js';
import { createModelForProvider } from '../../src/settings/create-model.js';
import { settingsSchema, type SettingsInput } from '../../src/settings/settings.js';
import { startScriptedModelServer, type ScriptedModelServer } from '../../src/testing/index.js';

const anthropicKey = 'sk-ant-test-0123456789abcdefghij';
const openaiKey = 'sk-proj-test-0123456789abcdefghijkl';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function scriptedServer(): Promise<ScriptedModelServer> {
  const server = await startScriptedModelServer();
  cleanups.push(() => server.close());
  return server;
}

/** A server that answers 401 and remembers the credential headers it was sent. */
async function credentialRecorder(): Promise<{ url: string; headers: IncomingHttpHeaders[] }> {
  const headers: IncomingHttpHeaders[] = [];
  const server: Server = createServer((request, response) => {
    headers.push(request.headers);
    request.resume();
    request.on('end', () => {
      response.writeHead(401, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ type: 'error', error: { type: 'authentication_error', message: `Incorrect API key provided: ${String(request.headers['x-api-key'] ?? request.headers.authorization)}` } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, headers };
}

/** The key a request carried, whichever header the SDK put it in. */
function credentialOf(headers: IncomingHttpHeaders | undefined): string | undefined {
  const apiKey = headers?.['x-api-key'];
  if (typeof apiKey === 'string') return apiKey;
  return headers?.authorization?.replace(/^Bearer /, '');
}

function settings(input: SettingsInput = {}) {
  return settingsSchema.parse(input);
}

const hello = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hi' }] }];

describe('createModelForProvider', () => {
  it('uses the stored Anthropic key before the environment variable', async () => {
    const recorder = await credentialRecorder();
    const store = new MemorySecretStore();
    await store.set('anthropic.apiKey', anthropicKey);
    const model = await createModelForProvider('anthropic', settings({ providers: { anthropic: { baseURL: recorder.url } } }), store, { ANTHROPIC_API_KEY: 'sk-ant-from-environment-000000' });
    await expect(model.generate({ model: 'claude-sonnet-4-6', messages: hello })).rejects.toMatchObject({ kind: 'auth' });
    expect(credentialOf(recorder.headers[0])).toBe(anthropicKey);
  });

  it('falls back to the environment variable', async () => {
    const recorder = await credentialRecorder();
    const model = await createModelForProvider('openai', settings({ providers: { openai: { baseURL: `${recorder.url}/v1`, api: 'chat' } } }), new MemorySecretStore(), { OPENAI_API_KEY: openaiKey });
    await expect(model.generate({ model: 'gpt-5', messages: hello })).rejects.toMatchObject({ kind: 'auth' });
    expect(credentialOf(recorder.headers[0])).toBe(openaiKey);
  });

  it.each([
    ['anthropic', /Settings \(anthropic\.apiKey\).*ANTHROPIC_API_KEY/],
    ['openai', /Settings \(openai\.apiKey\).*OPENAI_API_KEY/],
  ] as const)('names the setting and the variable when the %s key is missing', async (provider, message) => {
    const error = await createModelForProvider(provider, settings(), new MemorySecretStore(), {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(message);
  });

  it('refuses a provider that is turned off', async () => {
    await expect(createModelForProvider('openai', settings({ providers: { openai: { enabled: false } } }), new MemorySecretStore(), { OPENAI_API_KEY: openaiKey })).rejects.toThrow(
      /providers\.openai\.enabled/,
    );
  });

  it('needs a base URL, but no key, for an OpenAI-compatible server', async () => {
    await expect(createModelForProvider('compatible', settings({ providers: { compatible: { enabled: true } } }), new MemorySecretStore(), {})).rejects.toThrow(/providers\.compatible\.baseURL/);

    const server = await scriptedServer();
    server.script([{ text: 'ok' }]);
    const model = await createModelForProvider('compatible', settings({ providers: { compatible: { enabled: true, baseURL: server.openaiBaseUrl } } }), new MemorySecretStore(), {});
    const response = await model.generate({ model: 'local-model', messages: hello });
    expect(response.content).toEqual([{ type: 'text', text: 'ok' }]);
    expect(server.requests[0]?.api).toBe('openai-chat');
    server.assertComplete();
  });

  it('talks the OpenAI API chosen in the settings', async () => {
    const server = await scriptedServer();
    server.script([{ text: 'ok' }, { text: 'ok' }]);
    for (const api of ['responses', 'chat'] as const) {
      const model = await createModelForProvider('openai', settings({ providers: { openai: { baseURL: server.openaiBaseUrl, api } } }), new MemorySecretStore(), { OPENAI_API_KEY: openaiKey });
      await model.generate({ model: 'gpt-5', messages: hello });
    }
    expect(server.requests.map((request) => request.api)).toEqual(['openai-responses', 'openai-chat']);
  });
});

describe('checkProvider', () => {
  it('reports success through the adapter', async () => {
    const server = await scriptedServer();
    server.script([{ text: 'ok' }]);
    const store = new MemorySecretStore();
    await store.set('anthropic.apiKey', anthropicKey);
    const model = await createModelForProvider('anthropic', settings({ providers: { anthropic: { baseURL: server.anthropicBaseUrl } } }), store, {});
    expect(await checkProvider(model, 'claude-sonnet-4-6')).toEqual({ ok: true, provider: 'anthropic', model: 'claude-sonnet-4-6' });
  });

  it('turns a refused key into a readable message that does not repeat the key', async () => {
    const recorder = await credentialRecorder();
    const store = new MemorySecretStore();
    await store.set('anthropic.apiKey', anthropicKey);
    const redactor = createRedactor();
    const model = await createModelForProvider('anthropic', settings({ providers: { anthropic: { baseURL: recorder.url } } }), store, {}, { redactor });
    const result = await checkProvider(model, 'claude-sonnet-4-6', { redactor });
    expect(result).toMatchObject({ ok: false, kind: 'auth' });
    expect(result.ok === false && result.message).toMatch(/^The API key was refused\. .*\(HTTP 401\)/);
    expect(JSON.stringify(result)).not.toContain(anthropicKey);
  });

  it('reports a server that cannot be reached', async () => {
    const recorder = await credentialRecorder();
    const unreachable = recorder.url.replace(/:\d+$/, ':1');
    const model = await createModelForProvider('compatible', settings({ providers: { compatible: { enabled: true, baseURL: `${unreachable}/v1` } } }), new MemorySecretStore(), {});
    const result = await checkProvider(model, 'local');
    expect(result).toMatchObject({ ok: false, kind: 'network' });
    expect(result.ok === false && result.message).toMatch(/connect|reach/i);
  });
});
