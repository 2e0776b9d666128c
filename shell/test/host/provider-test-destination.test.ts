import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { RunView } from '@kanbots/core/protocol';
import { createTestRepository, startScriptedModelServer, type ScriptedModelServer } from '@kanbots/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { openClient, useHostContext } from './host-test-context.js';

/**
 * `providers.test` sends a stored key only to the base URL it was saved for. A client that points
 * the base URL at a listener of its own and asks for a test gets a plain refusal and the listener
 * gets nothing; with the key entered again in the same request, that key (not the stored one)
 * goes to the new address. Storing the key anew binds it to the new address.
 */

const storedKey = 'sk-ant-api03-StoredKeyForTheRealProvider-0123456789';
const environmentKey = 'sk-proj-EnvironmentKeyNeverToAListener-abcdef012345';
const reenteredKey = 'sk-ant-api03-ReenteredForTheNewAddress-9876543210';

interface Listener {
  url: string;
  requests: IncomingHttpHeaders[];
  close(): Promise<void>;
}

/** An HTTP listener that records the headers of what it receives and refuses every key. */
async function startListener(): Promise<Listener> {
  const requests: IncomingHttpHeaders[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(request.headers);
    request.resume();
    response.writeHead(401, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The key a request carried (the SDKs send it as `x-api-key` or as a bearer token). */
function sentKey(headers: IncomingHttpHeaders): string | undefined {
  const header = headers['x-api-key'];
  return typeof header === 'string' ? header : headers.authorization?.replace(/^Bearer /, '');
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe('providers.test sends a key only where it was saved for', () => {
  const context = useHostContext();

  it('refuses another base URL unless the key is entered again, for stored and environment keys', async () => {
    const provider: ScriptedModelServer = await startScriptedModelServer();
    closers.push(() => provider.close());
    const listener = await startListener();
    closers.push(() => listener.close());
    provider.script([{ text: 'ok' }]);
    const host = await context.start({
      dataDir: await context.temporaryDirectory('kanbots-data-'),
      configDir: await context.temporaryDirectory('kanbots-config-'),
      secretStore: 'file',
      env: { OPENAI_API_KEY: environmentKey },
    });
    const client = await openClient(host.port, host.token);
    context.track(client.socket);

    await client.command('u1', 'settings.update', { patch: { providers: { anthropic: { baseURL: provider.anthropicBaseUrl } } } });
    await client.command('s1', 'secrets.set', { name: 'anthropic.apiKey', value: storedKey });
    expect(await client.command('t1', 'providers.test', { provider: 'anthropic' })).toMatchObject({ ok: true, result: { ok: true } });

    // Pointed elsewhere: refused in plain words, nothing sent.
    await client.command('u2', 'settings.update', { patch: { providers: { anthropic: { baseURL: listener.url }, openai: { baseURL: listener.url } } } });
    const refused = await client.command('t2', 'providers.test', { provider: 'anthropic' });
    expect(refused).toMatchObject({
      ok: false,
      error: { name: 'KeyDestinationError', code: 'key_destination_changed', message: `The Anthropic key was saved for ${provider.anthropicBaseUrl.replace(/\/+$/, '')}, but the base URL is now ${listener.url}. Enter the key again to use it with the new address.` },
    });
    const environmentRefused = await client.command('t3', 'providers.test', { provider: 'openai' });
    expect(environmentRefused).toMatchObject({ ok: false, error: { code: 'key_destination_changed', message: expect.stringContaining("The OpenAI key was saved for the provider's own address (no base URL), but the base URL is now") } });
    expect(listener.requests).toEqual([]);

    // Entered again with the request: that key goes to the new address, the stored one does not.
    const reentered = await client.command('t4', 'providers.test', { provider: 'anthropic', apiKey: reenteredKey });
    expect(reentered).toMatchObject({ ok: true, result: { ok: false, kind: 'auth' } });
    expect(listener.requests.map(sentKey)).toEqual([reenteredKey]);

    // Stored again now: bound to the new address, so a test may use it there.
    await client.command('s2', 'secrets.set', { name: 'anthropic.apiKey', value: storedKey });
    await client.command('t5', 'providers.test', { provider: 'anthropic' });
    expect(listener.requests.map(sentKey)).toEqual([reenteredKey, storedKey]);

    // And back to the first address: the key is now bound to the listener's, so it is refused there too.
    await client.command('u3', 'settings.update', { patch: { providers: { anthropic: { baseURL: provider.anthropicBaseUrl } } } });
    expect(await client.command('t6', 'providers.test', { provider: 'anthropic' })).toMatchObject({ ok: false, error: { code: 'key_destination_changed' } });
    expect(provider.requests).toHaveLength(1);
    for (const message of client.received) for (const key of [storedKey, environmentKey, reenteredKey]) expect(JSON.stringify(message)).not.toContain(key);
  });

  it('does not let a run send a stored key to a base URL changed after it was saved', { timeout: 60_000 }, async () => {
    const listener = await startListener();
    closers.push(() => listener.close());
    const repository = await createTestRepository();
    closers.push(() => repository.cleanup());
    const host = await context.start({
      dataDir: await context.temporaryDirectory('kanbots-data-'),
      configDir: await context.temporaryDirectory('kanbots-config-'),
      secretStore: 'file',
      env: {},
      kanbots: { gitEnvironment: repository.gitEnvironment },
    });
    const client = await openClient(host.port, host.token);
    context.track(client.socket);
    const ok = async (id: string, name: string, args: unknown) => {
      const reply = await client.command(id, name, args);
      if (!reply.ok) throw new Error(`${name} failed: ${reply.error.message}`);
      return reply.result;
    };
    await ok('s1', 'secrets.set', { name: 'anthropic.apiKey', value: storedKey });
    await ok('u1', 'settings.update', { patch: { providers: { anthropic: { baseURL: listener.url } } } });
    await ok('r1', 'repositories.register', { path: repository.path });
    const cardId = ((await ok('c1', 'card.create', { title: 'Send the key away' })) as { createdId: string }).createdId;
    const args = { cardId, workflow: 'solo', options: { provider: 'anthropic', model: 'claude-sonnet-4-6', repository: repository.path, baseBranch: 'main' } };
    // Refused before the run exists: the check before a run says so, and run.start refuses with the same problem.
    const checked = (await ok('check', 'run.check', args)) as { problems: { code: string; message: string }[] };
    expect(checked.problems).toEqual([expect.objectContaining({ code: 'provider_key_destination', message: expect.stringContaining("The Anthropic key was saved for the provider's own address (no base URL), but the base URL is now") })]);
    const refused = await client.command('start', 'run.start', args);
    expect(refused).toMatchObject({ ok: false, error: { code: 'configuration', details: { preflight: true, problems: checked.problems } } });
    expect(((await ok('list', 'runs.list', {})) as { runs: RunView[] }).runs).toEqual([]);
    expect(listener.requests).toEqual([]);
  });
});
