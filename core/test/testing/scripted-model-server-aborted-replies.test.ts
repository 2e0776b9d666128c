import { afterEach, describe, expect, it } from 'vitest';
import { startScriptedModelServer, type ScriptedModelServer } from '../../src/testing/scripted-model-server/index.js';

let server: ScriptedModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function abortAfterFirstChunk(url: string): Promise<void> {
  const controller = new AbortController();
  const response = await fetch(`${url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'm', max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    signal: controller.signal,
  });
  const reader = response.body!.getReader();
  await reader.read();
  controller.abort();
  await reader.read().catch(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, 50));
}

async function fullText(url: string): Promise<string> {
  const response = await fetch(`${url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'm', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] }),
  });
  const body = (await response.json()) as { content: { type: string; text?: string }[] };
  return body.content.map((part) => part.text ?? '').join('');
}

describe('scripted model server: replies the client did not receive in full', () => {
  it('are consumed by default (tests script what each request gets)', async () => {
    server = await startScriptedModelServer();
    server.script([{ text: ['one ', 'two ', 'three'], chunkDelayMs: 100 }, { text: 'second step' }]);
    await abortAfterFirstChunk(server.url);
    expect(await fullText(server.url)).toBe('second step');
  });

  it('are served again to the next request with replayAbortedReplies (the demo pauses mid-answer)', async () => {
    server = await startScriptedModelServer({ replayAbortedReplies: true });
    server.script([{ text: ['one ', 'two ', 'three'], chunkDelayMs: 100 }, { text: 'second step' }]);
    await abortAfterFirstChunk(server.url);
    expect(await fullText(server.url)).toBe('one two three');
    expect(await fullText(server.url)).toBe('second step');
    server.assertComplete();
  });
});
