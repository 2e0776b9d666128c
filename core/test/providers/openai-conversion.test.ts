import { describe, expect, it } from 'vitest';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions/completions.js';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses.js';
import { OpenAIChatStreamConverter } from '../../src/providers/openai/from-openai-chat-stream.js';
import { OpenAIResponsesStreamConverter } from '../../src/providers/openai/from-openai-responses-stream.js';
import { mapOpenAIFinishReason } from '../../src/providers/openai/map-openai-finish-reason.js';
import { toOpenAIChatMessages } from '../../src/providers/openai/to-openai-chat-messages.js';
import { toOpenAIResponsesInput } from '../../src/providers/openai/to-openai-responses-input.js';
import type { ModelMessage } from '../../src/providers/model-port.js';
import { ProviderError } from '../../src/providers/provider-errors.js';

/** The pure OpenAI converters (Chat Completions and Responses), without a server. */

const conversation: ModelMessage[] = [
  { role: 'user', content: [{ type: 'text', text: 'Read a and b' }] },
  {
    role: 'assistant',
    content: [
      { type: 'text', text: 'Reading.' },
      { type: 'tool_call', id: 'call_a', name: 'read', input: { path: 'a' }, rawArguments: '{"path":"a"}' },
      { type: 'tool_call', id: 'call_b', name: 'read', input: undefined, rawArguments: '{"path":', parseError: 'bad JSON' },
    ],
  },
  {
    role: 'user',
    content: [
      { type: 'tool_result', toolCallId: 'call_a', content: 'A', isError: false },
      { type: 'tool_result', toolCallId: 'call_b', content: 'invalid JSON', isError: true },
      { type: 'text', text: 'Go on' },
    ],
  },
];

describe('OpenAI Chat conversion', () => {
  it('puts the system prompt first, tool calls on the assistant and tool results before user text', () => {
    expect(toOpenAIChatMessages('Sys', conversation)).toEqual([
      { role: 'system', content: 'Sys' },
      { role: 'user', content: 'Read a and b' },
      {
        role: 'assistant',
        content: 'Reading.',
        tool_calls: [
          { id: 'call_a', type: 'function', function: { name: 'read', arguments: '{"path":"a"}' } },
          { id: 'call_b', type: 'function', function: { name: 'read', arguments: '{"path":' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_a', content: 'A' },
      { role: 'tool', tool_call_id: 'call_b', content: 'invalid JSON' },
      { role: 'user', content: 'Go on' },
    ]);
  });

  it('maps finish reasons', () => {
    expect(['stop', 'tool_calls', 'length', 'content_filter', null].map(mapOpenAIFinishReason)).toEqual(['end_turn', 'tool_use', 'max_tokens', 'other', 'other']);
  });

  it('assembles interleaved tool-call deltas by index and takes usage from the last chunk', () => {
    const chunk = (delta: object, finish: string | null = null): ChatCompletionChunk =>
      ({ id: 'c1', model: 'gpt', object: 'chat.completion.chunk', created: 0, choices: [{ index: 0, delta, finish_reason: finish }] }) as ChatCompletionChunk;
    const converter = new OpenAIChatStreamConverter();
    const parts = [
      chunk({ content: 'Hi' }),
      chunk({ tool_calls: [{ index: 0, id: 'call_1', function: { name: 'read', arguments: '' } }] }),
      chunk({ tool_calls: [{ index: 1, id: 'call_2', function: { name: 'list', arguments: '{}' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"path":"a"}' } }] }),
      chunk({}, 'tool_calls'),
      { id: 'c1', model: 'gpt', object: 'chat.completion.chunk', created: 0, choices: [], usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 } } as ChatCompletionChunk,
    ].flatMap((value) => converter.accept(value));
    expect(converter.finished).toBe(true);
    const final = converter.complete().at(-1);
    if (final?.type !== 'response.end') throw new Error('no end');
    expect(final.response.content).toEqual([
      { type: 'text', text: 'Hi' },
      { type: 'tool_call', id: 'call_1', name: 'read', input: { path: 'a' }, rawArguments: '{"path":"a"}' },
      { type: 'tool_call', id: 'call_2', name: 'list', input: {}, rawArguments: '{}' },
    ]);
    expect(final.response.usage).toEqual({ inputTokens: 3, outputTokens: 4 });
    expect(parts.filter((part) => part.type === 'tool_call.end')).toHaveLength(2);
  });
});

describe('OpenAI Responses conversion', () => {
  it('turns messages into input items: messages, function_call and function_call_output', () => {
    expect(toOpenAIResponsesInput(conversation)).toEqual([
      { type: 'message', role: 'user', content: 'Read a and b' },
      { type: 'message', role: 'assistant', content: 'Reading.' },
      { type: 'function_call', call_id: 'call_a', name: 'read', arguments: '{"path":"a"}' },
      { type: 'function_call', call_id: 'call_b', name: 'read', arguments: '{"path":' },
      { type: 'function_call_output', call_id: 'call_a', output: 'A' },
      { type: 'function_call_output', call_id: 'call_b', output: 'invalid JSON' },
      { type: 'message', role: 'user', content: 'Go on' },
    ]);
  });

  it('throws a typed error on an error event and a failed response', () => {
    const converter = new OpenAIResponsesStreamConverter('openai');
    const capture = (event: unknown): unknown => {
      try {
        converter.accept(event as ResponseStreamEvent);
      } catch (error) {
        return error;
      }
      return undefined;
    };
    const rateLimited = capture({ type: 'error', code: 'rate_limit_exceeded', message: 'slow down', param: null, sequence_number: 3 });
    expect(rateLimited).toBeInstanceOf(ProviderError);
    expect(rateLimited).toMatchObject({ kind: 'rate_limited' });
    expect(capture({ type: 'response.failed', response: { error: { code: 'server_error', message: 'boom' } } })).toMatchObject({ kind: 'server_error', provider: 'openai' });
  });

  it('reports max_output_tokens truncation as max_tokens', () => {
    const converter = new OpenAIResponsesStreamConverter('openai');
    const parts = converter.accept({
      type: 'response.incomplete',
      sequence_number: 1,
      response: { id: 'r', model: 'gpt', status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, usage: null, output: [] },
    } as unknown as ResponseStreamEvent);
    expect(parts.at(-1)).toMatchObject({ type: 'response.end', response: { stopReason: 'max_tokens' } });
  });
});
