import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startScriptedModelServer, type ScriptedModelServer } from '../../src/testing/scripted-model-server/index.js';

/** The raw wire: SSE framing, event order and shapes as the official SDKs expect them. */

interface RawFrame {
  event: string | undefined;
  data: string;
}

function parseFrames(text: string): RawFrame[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim().length > 0)
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((line) => line.startsWith('event: '))?.slice('event: '.length);
      const data = lines.filter((line) => line.startsWith('data: ')).map((line) => line.slice('data: '.length)).join('\n');
      return { event, data };
    });
}

describe('scripted model server wire formats', () => {
  let server: ScriptedModelServer;
  beforeEach(async () => {
    server = await startScriptedModelServer();
  });
  afterEach(async () => {
    server.assertComplete();
    await server.close();
  });

  async function stream(path: string, body: Record<string, unknown>): Promise<{ contentType: string | null; frames: RawFrame[] }> {
    const response = await fetch(`${server.url}${path}`, { method: 'POST', body: JSON.stringify({ model: 'm', ...body, stream: true }) });
    return { contentType: response.headers.get('content-type'), frames: parseFrames(await response.text()) };
  }

  it('streams Anthropic events with named SSE frames in the documented order', async () => {
    server.script([{ text: 'abcdef', toolCalls: [{ id: 'toolu_1', name: 'write_file', input: { path: 'x', content: 'long enough' } }] }]);
    const { contentType, frames } = await stream('/v1/messages', { max_tokens: 10, messages: [] });
    expect(contentType).toContain('text/event-stream');
    const events = frames.map((frame) => frame.event);
    expect(events[0]).toBe('message_start');
    expect(events.at(-2)).toBe('message_delta');
    expect(events.at(-1)).toBe('message_stop');
    for (const frame of frames) expect(JSON.parse(frame.data).type).toBe(frame.event);
    const json = frames.flatMap((frame) => {
      const data = JSON.parse(frame.data);
      return data.delta?.type === 'input_json_delta' ? [data.delta.partial_json as string] : [];
    });
    expect(json.length).toBeGreaterThan(1);
    expect(JSON.parse(json.join(''))).toEqual({ path: 'x', content: 'long enough' });
    expect(JSON.parse(frames.at(-2)!.data).delta.stop_reason).toBe('tool_use');
  });

  it('streams Chat Completions chunks with tool_calls deltas, a usage chunk and [DONE]', async () => {
    server.script([{ toolCalls: [{ name: 'read_file', input: { path: 'notes.txt' } }], usage: { inputTokens: 7, outputTokens: 3 } }]);
    const { frames } = await stream('/v1/chat/completions', { messages: [], stream_options: { include_usage: true } });
    expect(frames.every((frame) => frame.event === undefined)).toBe(true);
    expect(frames.at(-1)?.data).toBe('[DONE]');
    const chunks = frames.slice(0, -1).map((frame) => JSON.parse(frame.data));
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk')).toBe(true);
    const calls = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(calls[0]).toMatchObject({ index: 0, id: expect.stringMatching(/^call_/), function: { name: 'read_file', arguments: '' } });
    expect(calls.map((call: { function: { arguments: string } }) => call.function.arguments).join('')).toBe('{"path":"notes.txt"}');
    expect(chunks.at(-2).choices[0].finish_reason).toBe('tool_calls');
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 } });
  });

  it('streams Responses events from response.created to response.completed with usage', async () => {
    server.script([{ text: 'Done.', toolCalls: [{ name: 'read_file', input: { path: 'a' } }], usage: { inputTokens: 4, outputTokens: 2 } }]);
    const { frames } = await stream('/v1/responses', { input: 'hi' });
    const events = frames.map((frame) => frame.event);
    expect(events[0]).toBe('response.created');
    expect(events.at(-1)).toBe('response.completed');
    expect(events).toContain('response.output_text.delta');
    expect(events).toContain('response.function_call_arguments.delta');
    expect(events).toContain('response.function_call_arguments.done');
    expect(events.filter((event) => event === 'response.output_item.done')).toHaveLength(2);
    const sequence = frames.map((frame) => JSON.parse(frame.data).sequence_number);
    expect(sequence).toEqual(sequence.map((_value: number, index: number) => index));
    const completed = JSON.parse(frames.at(-1)!.data).response;
    expect(completed.usage).toMatchObject({ input_tokens: 4, output_tokens: 2, total_tokens: 6 });
    expect(completed.output.map((item: { type: string }) => item.type)).toEqual(['message', 'function_call']);
  });

  it('ends an OpenAI stream with an error chunk on a mid-stream error', async () => {
    server.script([{ fault: 'midstream-error' }]);
    const { frames } = await stream('/v1/chat/completions', { messages: [] });
    expect(frames.some((frame) => JSON.parse(frame.data).choices?.[0]?.delta?.content)).toBe(true);
    expect(JSON.parse(frames.at(-1)!.data)).toMatchObject({ error: { type: 'server_error' } });
  });

  it('sends status faults with retry-after headers and a vendor-shaped body', async () => {
    server.script([{ fault: 'status', status: 429, retryAfter: '5', retryAfterMs: '4500' }]);
    const response = await fetch(`${server.openaiBaseUrl}/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'm', messages: [] }) });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(response.headers.get('retry-after-ms')).toBe('4500');
    expect(await response.json()).toMatchObject({ error: { code: 'rate_limit_exceeded', message: expect.any(String) } });
  });
});
