import { describe, expect, it } from 'vitest';
import type { RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages/messages.js';
import { AnthropicStreamConverter } from '../../src/providers/anthropic/from-anthropic-stream.js';
import { mapAnthropicStopReason } from '../../src/providers/anthropic/map-anthropic-stop-reason.js';
import { toAnthropicMessages, toAnthropicRequest } from '../../src/providers/anthropic/to-anthropic-messages.js';

/** The pure Anthropic converters, without a server. */
describe('Anthropic conversion', () => {
  it('turns tool calls and results into tool_use / tool_result blocks and merges same-role turns', () => {
    const messages = toAnthropicMessages([
      { role: 'user', content: [{ type: 'text', text: 'Read it' }] },
      { role: 'assistant', content: [{ type: 'text', text: '' }, { type: 'tool_call', id: 'toolu_1', name: 'read', input: { path: 'a' }, rawArguments: '{"path":"a"}' }] },
      { role: 'user', content: [{ type: 'tool_result', toolCallId: 'toolu_1', content: 'A', isError: false }] },
      { role: 'user', content: [{ type: 'text', text: 'and then?' }] },
    ]);
    expect(messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Read it' }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'read', input: { path: 'a' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'A', is_error: false }, { type: 'text', text: 'and then?' }] },
    ]);
  });

  it('builds the request with system, tools, default max tokens and provider extras', () => {
    const params = toAnthropicRequest(
      { model: 'claude', system: 'Be brief', messages: [], tools: [{ name: 't', description: 'd', inputSchema: { properties: {} } }], providerData: { metadata: { user_id: 'u' } } },
      4096,
    );
    expect(params).toMatchObject({ model: 'claude', max_tokens: 4096, system: 'Be brief', tools: [{ name: 't', description: 'd', input_schema: { type: 'object', properties: {} } }], metadata: { user_id: 'u' } });
  });

  it('maps stop reasons', () => {
    expect(['end_turn', 'stop_sequence', 'tool_use', 'max_tokens', 'refusal', null].map(mapAnthropicStopReason)).toEqual(['end_turn', 'end_turn', 'tool_use', 'max_tokens', 'other', 'other']);
  });

  it('converts raw stream events, skipping thinking blocks, and parses tool input at the end', () => {
    const converter = new AnthropicStreamConverter();
    const events = [
      { type: 'message_start', message: { id: 'msg_1', model: 'claude', usage: { input_tokens: 11, output_tokens: 1, cache_read_input_tokens: 5 } } },
      { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'hmm' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'Hi' } },
      { type: 'content_block_stop', index: 1 },
      { type: 'content_block_start', index: 2, content_block: { type: 'tool_use', id: 'toolu_9', name: 'read', input: {} } },
      { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '{"pa' } },
      { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: 'th":"x"}' } },
      { type: 'content_block_stop', index: 2 },
      { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 20 } },
      { type: 'message_stop' },
    ] as unknown as RawMessageStreamEvent[];
    const parts = events.flatMap((event) => converter.accept(event));
    expect(parts.map((part) => part.type)).toEqual(['text.start', 'text.delta', 'text.end', 'tool_call.start', 'tool_call.delta', 'tool_call.delta', 'tool_call.end', 'response.end']);
    expect(parts[3]).toEqual({ type: 'tool_call.start', index: 1, id: 'toolu_9', name: 'read' });
    const end = parts.at(-1);
    if (end?.type !== 'response.end') throw new Error('no end');
    expect(end.response).toMatchObject({
      stopReason: 'tool_use',
      model: 'claude',
      usage: { inputTokens: 11, outputTokens: 20, cacheReadTokens: 5 },
      content: [{ type: 'text', text: 'Hi' }, { type: 'tool_call', id: 'toolu_9', input: { path: 'x' }, rawArguments: '{"path":"x"}' }],
    });
    expect(converter.finished).toBe(true);
  });
});
