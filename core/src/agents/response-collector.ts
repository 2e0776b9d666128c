import { ProviderError } from '../providers/provider-errors.js';
import type { ModelResponse, ModelStreamPart, TextPart, ToolCallPart } from '../providers/model-port.js';

/**
 * Folds a model stream into the assistant's answer: text parts from the deltas, tool calls from
 * `tool_call.end`, usage and stop reason from `response.end`. A stream that ends without
 * `response.end` was cut: a retryable `stream_dropped` error.
 */
export class ResponseCollector {
  private readonly texts = new Map<number, string>();
  private readonly order: { kind: 'text' | 'tool'; index: number }[] = [];
  private readonly calls = new Map<number, ToolCallPart>();
  private end: ModelResponse | undefined;

  constructor(private readonly provider: string) {}

  add(part: ModelStreamPart): void {
    switch (part.type) {
      case 'text.start':
        if (!this.texts.has(part.index)) {
          this.texts.set(part.index, '');
          this.order.push({ kind: 'text', index: part.index });
        }
        return;
      case 'text.delta':
        if (!this.texts.has(part.index)) this.order.push({ kind: 'text', index: part.index });
        this.texts.set(part.index, (this.texts.get(part.index) ?? '') + part.text);
        return;
      case 'tool_call.end':
        if (!this.calls.has(part.index)) this.order.push({ kind: 'tool', index: part.index });
        this.calls.set(part.index, part.call);
        return;
      case 'response.end':
        this.end = part.response;
        return;
      default:
        return;
    }
  }

  /** The assembled response; throws `stream_dropped` when the stream never ended properly. */
  finish(): ModelResponse {
    if (!this.end) throw new ProviderError('stream_dropped', 'The model stream ended before the response was complete', { provider: this.provider });
    const content: (TextPart | ToolCallPart)[] = [];
    for (const entry of this.order) {
      if (entry.kind === 'text') {
        const text = this.texts.get(entry.index) ?? '';
        if (text.length > 0) content.push({ type: 'text', text });
      } else {
        const call = this.calls.get(entry.index);
        if (call) content.push(call);
      }
    }
    // Trust the streamed parts; fall back to the final response when the stream carried none.
    return { ...this.end, content: content.length > 0 ? content : this.end.content };
  }
}
