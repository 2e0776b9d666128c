import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/ports/clock.js';
import { startScriptedModelServer, type ScriptedModelServer } from '../../src/testing/scripted-model-server/index.js';

/** What the server records: redacted credentials, parsed bodies, paths without query, tolerant routing. */
describe('scripted model server recording', () => {
  let server: ScriptedModelServer;
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  beforeEach(async () => {
    server = await startScriptedModelServer({ clock });
  });
  afterEach(async () => {
    await server.close();
  });

  it('redacts Authorization, x-api-key and other credentials from recorded headers', async () => {
    server.script([{ text: 'ok' }]);
    await fetch(`${server.url}/v1/messages`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-live-secret', 'x-api-key': 'sk-ant-secret', 'api-key': 'azure-secret', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'm', max_tokens: 10, messages: [] }),
    });
    const [request] = server.requests;
    expect(request?.headers).toMatchObject({ authorization: '[REDACTED]', 'x-api-key': '[REDACTED]', 'api-key': '[REDACTED]', 'anthropic-version': '2023-06-01' });
    expect(JSON.stringify(server.requests)).not.toMatch(/secret/);
  });

  it('records method, path without the query, parsed body, model, stream flag and clock time', async () => {
    server.script([{ text: 'ok' }]);
    clock.advance(1234);
    await fetch(`${server.url}/v1/messages?beta=true`, { method: 'POST', body: JSON.stringify({ model: 'claude-x', max_tokens: 10, messages: [], stream: true }) }).then((response) => response.text());
    expect(server.requests[0]).toMatchObject({
      api: 'anthropic',
      method: 'POST',
      path: '/v1/messages',
      query: 'beta=true',
      model: 'claude-x',
      stream: true,
      time: Date.UTC(2026, 0, 1) + 1234,
      body: { model: 'claude-x', max_tokens: 10, messages: [], stream: true },
      outcome: 'reply',
    });
  });

  it('answers probes and token counts without consuming steps', async () => {
    expect((await fetch(server.url, { method: 'HEAD' })).status).toBe(200);
    const count = await fetch(`${server.url}/v1/messages/count_tokens`, { method: 'POST', body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'count these words please' }] }) });
    expect(await count.json()).toEqual({ input_tokens: expect.any(Number) });
    expect(server.requests.map((request) => request.outcome)).toEqual(['auxiliary', 'auxiliary']);
    server.assertComplete();
  });

  it('logs unknown paths and malformed bodies and keeps serving', async () => {
    const unknown = await fetch(`${server.url}/v1/embeddings`, { method: 'POST', body: '{"model":"e"}' });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as any).error.message).toContain('/v1/embeddings');
    const malformed = await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', body: '{not json' });
    expect(malformed.status).toBe(500);
    server.script([{ text: 'still alive' }]);
    const alive = await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'm', messages: [] }) });
    expect(((await alive.json()) as any).choices[0].message.content).toBe('still alive');
    expect(server.requests.map((request) => [request.outcome, typeof request.body])).toEqual([
      ['unknown-path', 'object'],
      ['unscripted', 'string'],
      ['reply', 'object'],
    ]);
  });
});
