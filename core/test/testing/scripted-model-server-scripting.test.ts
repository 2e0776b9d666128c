import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startScriptedModelServer, type ScriptedModelServer } from '../../src/testing/scripted-model-server/index.js';

/** Lanes, function steps, unscripted requests and assertComplete. */

function anthropicBody(model: string, text = 'hi'): string {
  return JSON.stringify({ model, max_tokens: 100, messages: [{ role: 'user', content: text }] });
}

async function postJson(url: string, body: string): Promise<{ status: number; json: any }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: response.status, json: await response.json() };
}

describe('scripted model server scripting', () => {
  let server: ScriptedModelServer;
  beforeEach(async () => {
    server = await startScriptedModelServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it('serves a model from its own lane and other models from the default lane', async () => {
    server.script('dev', [{ text: 'from dev' }]);
    server.script([{ text: 'from default' }]);
    const dev = await postJson(`${server.url}/v1/messages`, anthropicBody('dev'));
    const other = await postJson(`${server.url}/v1/messages`, anthropicBody('reviewer'));
    expect(dev.json.content).toEqual([{ type: 'text', text: 'from dev' }]);
    expect(other.json.content).toEqual([{ type: 'text', text: 'from default' }]);
    expect(server.requests.map((request) => request.lane)).toEqual(['dev', 'default']);
    server.assertComplete();
  });

  it("a lane's responder answers whatever its queue does not, after the queued steps, and is never unused", async () => {
    server.script('demo', [{ text: 'queued first' }]);
    server.respond('demo', (request) => ({ text: `answered ${JSON.stringify((request.body as { messages: Array<{ content: string }> }).messages[0]!.content)}` }));
    const first = await postJson(`${server.url}/v1/messages`, anthropicBody('demo', 'one'));
    const second = await postJson(`${server.url}/v1/messages`, anthropicBody('demo', 'two'));
    const third = await postJson(`${server.url}/v1/messages`, anthropicBody('demo', 'three'));
    expect([first, second, third].map((reply) => reply.json.content[0].text)).toEqual(['queued first', 'answered "two"', 'answered "three"']);
    expect(server.requests.map((request) => `${request.lane} ${request.outcome}`)).toEqual(['demo reply', 'demo reply', 'demo reply']);
    server.assertComplete();
  });

  it('consumes steps in order and renders one reply in whichever wire format was used', async () => {
    server.script([{ text: 'first' }, { text: 'second' }]);
    const anthropic = await postJson(`${server.url}/v1/messages`, anthropicBody('m'));
    const chat = await postJson(`${server.openaiBaseUrl}/chat/completions`, JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }));
    expect(anthropic.json.content[0].text).toBe('first');
    expect(chat.json.choices[0].message.content).toBe('second');
    expect(server.requests.map((request) => request.api)).toEqual(['anthropic', 'openai-chat']);
  });

  it('lets a function step react to the recorded request, and return a fault', async () => {
    server.script([(request) => ({ text: `you said ${JSON.stringify(request.body).includes('ping') ? 'ping' : 'something'}` }), () => ({ fault: 'status', status: 503 })]);
    const reply = await postJson(`${server.url}/v1/messages`, anthropicBody('m', 'ping'));
    expect(reply.json.content[0].text).toBe('you said ping');
    const failed = await postJson(`${server.url}/v1/messages`, anthropicBody('m'));
    expect(failed.status).toBe(503);
    expect(failed.json).toEqual({ type: 'error', error: { type: 'api_error', message: expect.any(String) } });
    expect(server.requests[1]).toMatchObject({ outcome: 'fault', fault: 'status' });
  });

  it('answers an unscripted request with a 500 naming the lane, and assertComplete reports it', async () => {
    server.script('dev', [{ text: 'only one' }]);
    await postJson(`${server.url}/v1/messages`, anthropicBody('dev'));
    const unscripted = await postJson(`${server.url}/v1/messages`, anthropicBody('dev'));
    expect(unscripted.status).toBe(500);
    expect(unscripted.json.type).toBe('error');
    expect(unscripted.json.error.message).toContain('lane "dev"');
    const openAI = await postJson(`${server.openaiBaseUrl}/responses`, JSON.stringify({ model: 'gpt', input: 'hi' }));
    expect(openAI.status).toBe(500);
    expect(openAI.json.error.message).toContain('lane "default"');
    expect(server.requests.map((request) => request.outcome)).toEqual(['reply', 'unscripted', 'unscripted']);
    expect(() => server.assertComplete()).toThrow(/unscripted anthropic request POST \/v1\/messages in lane "dev"/);
  });

  it('assertComplete lists the unused steps of every lane', async () => {
    server.script('dev', [{ text: 'used' }, { toolCalls: [{ name: 'write_file', input: {} }] }]);
    server.script([{ fault: 'status', status: 429 }, { fault: 'hang' }]);
    await postJson(`${server.url}/v1/messages`, anthropicBody('dev'));
    let message = '';
    try {
      server.assertComplete();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('lane "dev" has 1 unused step(s): reply tool write_file');
    expect(message).toContain('lane "default" has 2 unused step(s): fault status 429; fault hang');
  });

  it('reset forgets lanes and recorded requests', async () => {
    server.script([{ text: 'never used' }]);
    await fetch(server.url, { method: 'HEAD' });
    server.reset();
    expect(server.requests).toEqual([]);
    expect(() => server.assertComplete()).not.toThrow();
  });

  it('close ends a hanging response', async () => {
    server.script([{ fault: 'hang' }]);
    const pending = fetch(`${server.url}/v1/messages`, { method: 'POST', body: anthropicBody('m') }).then(
      () => 'answered',
      () => 'connection closed',
    );
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await server.close();
    expect(await pending).toBe('connection closed');
    server = await startScriptedModelServer();
  });
});
