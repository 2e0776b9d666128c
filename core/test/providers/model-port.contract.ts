import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ModelPort, ModelRequest, ModelStreamPart, ToolCallPart } from '../../src/providers/model-port.js';
import { ProviderError, type ProviderErrorKind } from '../../src/providers/provider-errors.js';
import type { PricingOption } from '../../src/providers/pricing.js';
import { startScriptedModelServer, type ScriptedModelServer, type ScriptedStep } from '../../src/testing/scripted-model-server/index.js';

/**
 * The ModelPort contract (STYLE §12): one suite, run through the real SDKs against the scripted
 * model server for every adapter. Each adapter must stream, round-trip tool calls, record usage,
 * flag malformed tool JSON, map every fault to the right ProviderError and honour abort signals.
 */
export interface ModelPortFixture {
  name: string;
  /** The `provider` the adapter reports. */
  provider: string;
  /** The kind a mid-stream error event maps to on this wire. */
  midstreamErrorKind: ProviderErrorKind;
  create(server: ScriptedModelServer, options: { apiKey: string; pricing?: PricingOption; now?: () => number }): ModelPort;
}

export const testApiKey = 'sk-test-contract-secret-0123456789';

const readFileTool = {
  name: 'read_file',
  description: 'Reads a file of the worktree',
  inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
};

function userRequest(text: string, extra: Partial<ModelRequest> = {}): ModelRequest {
  return { model: 'contract-model', system: 'You are a careful engineer.', messages: [{ role: 'user', content: [{ type: 'text', text }] }], tools: [readFileTool], ...extra };
}

interface Collected {
  parts: ModelStreamPart[];
  error: unknown;
}

async function collect(stream: AsyncIterable<ModelStreamPart>, onPart?: (part: ModelStreamPart) => void): Promise<Collected> {
  const parts: ModelStreamPart[] = [];
  try {
    for await (const part of stream) {
      parts.push(part);
      onPart?.(part);
    }
    return { parts, error: undefined };
  } catch (error) {
    return { parts, error };
  }
}

function finalResponse(parts: readonly ModelStreamPart[]) {
  const last = parts.at(-1);
  if (last?.type !== 'response.end') throw new Error(`stream did not end with response.end: ${JSON.stringify(parts.map((part) => part.type))}`);
  return last.response;
}

function expectProviderError(error: unknown, kind: ProviderErrorKind): ProviderError {
  expect(error).toBeInstanceOf(ProviderError);
  const providerError = error as ProviderError;
  expect(providerError.kind, providerError.message).toBe(kind);
  expect(providerError.message).not.toContain(testApiKey);
  expect(JSON.stringify(providerError.toData())).not.toContain(testApiKey);
  return providerError;
}

export function describeModelPortContract(fixture: ModelPortFixture): void {
  describe(`ModelPort contract: ${fixture.name}`, () => {
    let server: ScriptedModelServer;
    let model: ModelPort;

    beforeAll(async () => {
      server = await startScriptedModelServer();
      model = fixture.create(server, { apiKey: testApiKey });
    });
    afterEach(() => {
      try {
        server.assertComplete();
      } finally {
        server.reset();
      }
    });
    afterAll(async () => {
      await server.close();
    });

    async function streamFault(step: ScriptedStep, options: { now?: () => number } = {}): Promise<Collected> {
      server.script([step]);
      const adapter = options.now ? fixture.create(server, { apiKey: testApiKey, now: options.now }) : model;
      return collect(adapter.stream(userRequest('Hello')));
    }

    it('reports its provider name', () => {
      expect(model.provider).toBe(fixture.provider);
    });

    it('streams text in several deltas between start and end', async () => {
      server.script([{ text: ['Hel', 'lo, ', 'wor', 'ld.'] }]);
      const { parts, error } = await collect(model.stream(userRequest('Greet me')));
      expect(error).toBeUndefined();
      expect(parts.map((part) => part.type)).toEqual(['text.start', 'text.delta', 'text.delta', 'text.delta', 'text.delta', 'text.end', 'response.end']);
      const deltas = parts.flatMap((part) => (part.type === 'text.delta' ? [part.text] : []));
      expect(deltas).toEqual(['Hel', 'lo, ', 'wor', 'ld.']);
      const response = finalResponse(parts);
      expect(response.content).toEqual([{ type: 'text', text: 'Hello, world.' }]);
      expect(response.stopReason).toBe('end_turn');
      expect(response.model).toBe('contract-model');
      expect(server.requests[0]).toMatchObject({ stream: true, model: 'contract-model' });
    });

    it('sends the system prompt, the messages and the tools on the wire', async () => {
      server.script([{ text: 'ok' }]);
      await collect(model.stream(userRequest('Please read notes.txt')));
      const body = JSON.stringify(server.requests[0]?.body);
      expect(body).toContain('You are a careful engineer.');
      expect(body).toContain('Please read notes.txt');
      expect(body).toContain('read_file');
      expect(body).toContain('Reads a file of the worktree');
    });

    it('round-trips a tool call: tool_call, then the tool result, then the final text', async () => {
      server.script([
        { text: 'Let me look.', toolCalls: [{ id: 'call_read_1', name: 'read_file', input: { path: 'notes.txt' } }] },
        (request) => {
          const body = JSON.stringify(request.body);
          const sawResult = body.includes('the notes say 42') && body.includes('call_read_1');
          return { text: sawResult ? 'The notes say 42.' : 'I did not get the tool result.' };
        },
      ]);
      const first = await collect(model.stream(userRequest('What do the notes say?')));
      expect(first.error).toBeUndefined();
      const types = first.parts.map((part) => part.type);
      expect(types).toContain('tool_call.start');
      expect(types.filter((type) => type === 'tool_call.delta').length).toBeGreaterThan(1);
      const firstResponse = finalResponse(first.parts);
      expect(firstResponse.stopReason).toBe('tool_use');
      const call = firstResponse.content.find((part): part is ToolCallPart => part.type === 'tool_call');
      expect(call).toMatchObject({ name: 'read_file', input: { path: 'notes.txt' } });
      expect(call?.id).toContain('call_read_1');
      expect(call?.parseError).toBeUndefined();

      const followUp: ModelRequest = userRequest('What do the notes say?', {
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'What do the notes say?' }] },
          { role: 'assistant', content: firstResponse.content },
          { role: 'user', content: [{ type: 'tool_result', toolCallId: call!.id, content: 'the notes say 42', isError: false }] },
        ],
      });
      const second = await collect(model.stream(followUp));
      expect(second.error).toBeUndefined();
      expect(finalResponse(second.parts).content).toEqual([{ type: 'text', text: 'The notes say 42.' }]);
    });

    it('streams several tool calls of one turn, each parsed at its end', async () => {
      server.script([{ toolCalls: [{ name: 'read_file', input: { path: 'a.txt' } }, { name: 'read_file', input: { path: 'b.txt' } }] }]);
      const { parts, error } = await collect(model.stream(userRequest('Read both')));
      expect(error).toBeUndefined();
      const ends = parts.flatMap((part) => (part.type === 'tool_call.end' ? [part] : []));
      expect(ends.map((end) => end.call.input)).toEqual([{ path: 'a.txt' }, { path: 'b.txt' }]);
      expect(new Set(ends.map((end) => end.index)).size).toBe(2);
      expect(new Set(ends.map((end) => end.call.id)).size).toBe(2);
      const starts = parts.flatMap((part) => (part.type === 'tool_call.start' ? [part] : []));
      expect(starts.map((start) => start.id)).toEqual(ends.map((end) => end.call.id));
      const response = finalResponse(parts);
      expect(response.stopReason).toBe('tool_use');
      expect(response.content.map((part) => part.type)).toEqual(['tool_call', 'tool_call']);
    });

    it('records usage and estimates cost from the pricing', async () => {
      server.script([{ text: 'Counted.', usage: { inputTokens: 1200, outputTokens: 340 } }]);
      const priced = fixture.create(server, { apiKey: testApiKey, pricing: { inputPerMillion: 3, outputPerMillion: 15 } });
      const response = finalResponse((await collect(priced.stream(userRequest('Count')))).parts);
      expect(response.usage).toMatchObject({ inputTokens: 1200, outputTokens: 340 });
      expect(response.providerData?.estimatedCostUsd).toBeCloseTo((1200 * 3 + 340 * 15) / 1_000_000, 10);
    });

    it('flags malformed tool JSON with parseError instead of throwing', async () => {
      server.script([{ fault: 'malformed-tool-json', toolName: 'read_file' }]);
      const { parts, error } = await collect(model.stream(userRequest('Read')));
      expect(error).toBeUndefined();
      const end = parts.find((part) => part.type === 'tool_call.end');
      expect(end?.type === 'tool_call.end' && end.call).toMatchObject({ name: 'read_file', input: undefined });
      if (end?.type !== 'tool_call.end') throw new Error('no tool_call.end');
      expect(end.call.parseError).toMatch(/JSON/);
      expect(end.call.rawArguments).toContain('"path"');
      expect(finalResponse(parts).stopReason).toBe('tool_use');
    });

    it('maps 429 to rate_limited with retry-after seconds', async () => {
      const { error } = await streamFault({ fault: 'status', status: 429, retryAfter: '7' });
      const providerError = expectProviderError(error, 'rate_limited');
      expect(providerError).toMatchObject({ status: 429, retryAfterMs: 7000, retryable: true, provider: fixture.provider });
    });

    it('prefers retry-after-ms over retry-after', async () => {
      const { error } = await streamFault({ fault: 'status', status: 429, retryAfter: '9', retryAfterMs: '1500' });
      expect(expectProviderError(error, 'rate_limited').retryAfterMs).toBe(1500);
    });

    it('reads retry-after given as an HTTP date', async () => {
      const now = Date.UTC(2026, 0, 1, 12, 0, 0);
      const { error } = await streamFault({ fault: 'status', status: 503, retryAfter: new Date(now + 30_000).toUTCString() }, { now: () => now });
      expect(expectProviderError(error, 'server_error')).toMatchObject({ status: 503, retryAfterMs: 30_000 });
    });

    it.each([
      [529, 'overloaded', true],
      [500, 'server_error', true],
      [503, 'server_error', true],
      [401, 'auth', false],
      [400, 'bad_request', false],
    ] as const)('maps HTTP %i to %s (retryable: %s)', async (status, kind, retryable) => {
      const { error } = await streamFault({ fault: 'status', status });
      const providerError = expectProviderError(error, kind);
      expect(providerError).toMatchObject({ status, retryable });
      expect(providerError.retryAfterMs).toBeUndefined();
    });

    it('maps an error event in the middle of the stream, after some deltas', async () => {
      const { parts, error } = await streamFault({ fault: 'midstream-error' });
      expect(parts.filter((part) => part.type === 'text.delta').length).toBeGreaterThan(0);
      expect(expectProviderError(error, fixture.midstreamErrorKind).retryable).toBe(true);
    });

    it('maps a socket dropped mid-stream to stream_dropped', async () => {
      const { parts, error } = await streamFault({ fault: 'drop' });
      expect(parts.filter((part) => part.type === 'text.delta').length).toBeGreaterThan(0);
      expect(expectProviderError(error, 'stream_dropped').retryable).toBe(true);
    });

    it('aborts a hanging streamed request through its signal', async () => {
      server.script([{ fault: 'hang' }]);
      const controller = new AbortController();
      const pending = collect(model.stream(userRequest('Hello', { signal: controller.signal })));
      await vi.waitFor(() => expect(server.requests).toHaveLength(1), { timeout: 10_000 });
      controller.abort();
      const { error } = await pending;
      expect(expectProviderError(error, 'aborted').retryable).toBe(false);
    });

    it('aborts a stream in the middle through its signal', async () => {
      server.script([{ text: Array.from({ length: 40 }, (_, index) => `word${index} `), chunkDelayMs: 20 }]);
      const controller = new AbortController();
      const { parts, error } = await collect(model.stream(userRequest('Talk', { signal: controller.signal })), (part) => {
        if (part.type === 'text.delta') controller.abort();
      });
      expectProviderError(error, 'aborted');
      expect(parts.some((part) => part.type === 'response.end')).toBe(false);
    });

    it('aborts a hanging generate() through its signal', async () => {
      server.script([{ fault: 'hang' }]);
      const controller = new AbortController();
      const pending = model.generate(userRequest('Hello', { signal: controller.signal })).then(
        () => undefined,
        (error: unknown) => error,
      );
      await vi.waitFor(() => expect(server.requests).toHaveLength(1), { timeout: 10_000 });
      controller.abort();
      expectProviderError(await pending, 'aborted');
    });

    it('generate() answers in one piece with text, tool calls and usage', async () => {
      server.script([{ text: 'Reading.', toolCalls: [{ name: 'read_file', input: { path: 'c.txt' } }], usage: { inputTokens: 10, outputTokens: 5 } }]);
      const response = await model.generate(userRequest('Read c'));
      expect(server.requests[0]?.stream).toBe(false);
      expect(response.content).toMatchObject([
        { type: 'text', text: 'Reading.' },
        { type: 'tool_call', name: 'read_file', input: { path: 'c.txt' } },
      ]);
      expect(response.stopReason).toBe('tool_use');
      expect(response.usage).toMatchObject({ inputTokens: 10, outputTokens: 5 });
    });

    it('generate() maps HTTP errors too', async () => {
      server.script([{ fault: 'status', status: 429, retryAfter: '3' }]);
      const error = await model.generate(userRequest('Hello')).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(expectProviderError(error, 'rate_limited').retryAfterMs).toBe(3000);
    });

    it('never sends the API key anywhere the server records it', async () => {
      server.script([{ text: 'ok' }]);
      await collect(model.stream(userRequest('Hello')));
      expect(JSON.stringify(server.requests)).not.toContain(testApiKey);
    });
  });
}
