import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/providers/provider-errors.js';
import { ResponseCollector } from '../../src/agents/response-collector.js';

const usage = { inputTokens: 1, outputTokens: 2 };

describe('stream assembly', () => {
  it('builds the answer from deltas and finished tool calls, in stream order', () => {
    const collector = new ResponseCollector('test');
    collector.add({ type: 'text.start', index: 0 });
    collector.add({ type: 'text.delta', index: 0, text: 'Hel' });
    collector.add({ type: 'text.delta', index: 0, text: 'lo' });
    collector.add({ type: 'text.end', index: 0 });
    collector.add({ type: 'tool_call.start', index: 1, id: 'c1', name: 'read_file' });
    collector.add({ type: 'tool_call.end', index: 1, call: { type: 'tool_call', id: 'c1', name: 'read_file', input: { path: 'a' }, rawArguments: '{"path":"a"}' } });
    collector.add({ type: 'response.end', response: { content: [], stopReason: 'tool_use', usage, model: 'm' } });
    const response = collector.finish();
    expect(response.content).toEqual([
      { type: 'text', text: 'Hello' },
      { type: 'tool_call', id: 'c1', name: 'read_file', input: { path: 'a' }, rawArguments: '{"path":"a"}' },
    ]);
    expect(response.usage).toEqual(usage);
    expect(response.stopReason).toBe('tool_use');
  });

  it('treats a stream without response.end as dropped (retryable)', () => {
    const collector = new ResponseCollector('test');
    collector.add({ type: 'text.delta', index: 0, text: 'partial' });
    let caught: unknown;
    try {
      collector.finish();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ProviderError);
    expect((caught as ProviderError).kind).toBe('stream_dropped');
    expect((caught as ProviderError).retryable).toBe(true);
  });
});
