import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '@kanbots/core';
import { tryConnect, useHostContext } from './host-test-context.js';

describe('who may open the protocol WebSocket', () => {
  const context = useHostContext();

  async function host() {
    return context.start({ dataDir: await context.temporaryDirectory(), uiDir: await context.temporaryDirectory('kanbots-ui-') });
  }

  it('prints a URL with the token in the fragment; the token is 32 random bytes, new each start', async () => {
    const first = await host();
    const second = await host();
    expect(first.url).toBe(`http://127.0.0.1:${first.port}/#token=${first.token}`);
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(second.token).not.toBe(first.token);
  });

  it('refuses an upgrade without a token (401)', async () => {
    const { port } = await host();
    expect(await tryConnect(port, {})).toMatchObject({ status: 401 });
  });

  it('refuses a wrong token, including a prefix of the right one (401)', async () => {
    const { port, token } = await host();
    expect(await tryConnect(port, { token: 'wrong' })).toMatchObject({ status: 401 });
    expect(await tryConnect(port, { token: token.slice(0, -1) })).toMatchObject({ status: 401 });
    expect(await tryConnect(port, { token: `${token}x` })).toMatchObject({ status: 401 });
  });

  it('refuses a foreign Origin even with the right token (403)', async () => {
    const { port, token } = await host();
    expect(await tryConnect(port, { token, origin: 'http://evil.example' })).toMatchObject({ status: 403 });
    expect(await tryConnect(port, { token, origin: `http://127.0.0.1:${port + 1}` })).toMatchObject({ status: 403 });
    expect(await tryConnect(port, { token, origin: 'null' })).toMatchObject({ status: 403 });
  });

  it('refuses a foreign Host header: DNS rebinding (403)', async () => {
    const { port, token } = await host();
    expect(await tryConnect(port, { token, host: `evil.example:${port}` })).toMatchObject({ status: 403 });
    expect(await tryConnect(port, { token, host: '127.0.0.1' })).toMatchObject({ status: 403 });
  });

  it('refuses other paths (404)', async () => {
    const { port, token } = await host();
    expect(await tryConnect(port, { token, path: '/socket' })).toMatchObject({ status: 404 });
  });

  it('accepts the right token with no Origin, or the page’s own origin, and says hello', async () => {
    const { port, token } = await host();
    for (const options of [{ token }, { token, origin: `http://127.0.0.1:${port}` }, { token, origin: `http://localhost:${port}`, host: `localhost:${port}` }]) {
      const result = await tryConnect(port, options);
      if ('status' in result) throw new Error(`refused: ${result.status} ${result.body}`);
      context.track(result.socket);
      const hello = await result.client.next((message) => message.type === 'hello');
      expect(hello).toMatchObject({ type: 'hello', protocolVersion: PROTOCOL_VERSION, seq: 0, snapshot: { board: { revision: 0 } } });
    }
  });
});
