import type { RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages/messages.js';
import type { ModelStreamPart, Usage } from '../model-port.js';
import { StreamAssembler } from '../stream-assembler.js';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.js';

/**
 * Anthropic raw stream events → Kanbots stream parts (pure, one instance per response). Text and
 * `tool_use` blocks become start / delta / end; `message_stop` yields `response.end`. Thinking and
 * server-tool blocks are skipped.
 */
export class AnthropicStreamConverter {
  private readonly assembler = new StreamAssembler();
  private model = '';
  private stopReason: string | null = null;
  private readonly usage: Usage = { inputTokens: 0, outputTokens: 0 };
  private messageId: string | undefined;
  /** True once `message_stop` arrived. */
  finished = false;

  accept(event: RawMessageStreamEvent): ModelStreamPart[] {
    switch (event.type) {
      case 'message_start': {
        this.model = event.message.model;
        this.messageId = event.message.id;
        this.recordUsage(event.message.usage);
        return [];
      }
      case 'content_block_start': {
        const key = String(event.index);
        const block = event.content_block;
        if (block.type === 'text') return this.assembler.startText(key).concat(block.text ? this.assembler.appendText(key, block.text) : []);
        if (block.type === 'tool_use') return this.assembler.startToolCall(key, block.id, block.name);
        return [];
      }
      case 'content_block_delta': {
        const key = String(event.index);
        if (event.delta.type === 'text_delta') return this.assembler.appendText(key, event.delta.text);
        if (event.delta.type === 'input_json_delta') return this.assembler.appendToolArguments(key, event.delta.partial_json);
        return [];
      }
      case 'content_block_stop':
        return this.assembler.end(String(event.index));
      case 'message_delta': {
        this.stopReason = event.delta.stop_reason ?? this.stopReason;
        this.recordUsage(event.usage);
        return [];
      }
      case 'message_stop': {
        this.finished = true;
        const providerData: Record<string, unknown> = { stopReason: this.stopReason };
        if (this.messageId !== undefined) providerData.messageId = this.messageId;
        return this.assembler.finish({ stopReason: mapAnthropicStopReason(this.stopReason), usage: { ...this.usage }, model: this.model, providerData });
      }
      default:
        return [];
    }
  }

  private recordUsage(usage: {
    input_tokens?: number | null;
    output_tokens?: number | null;
    cache_read_input_tokens?: number | null;
    cache_creation_input_tokens?: number | null;
  }): void {
    if (typeof usage.input_tokens === 'number') this.usage.inputTokens = usage.input_tokens;
    if (typeof usage.output_tokens === 'number') this.usage.outputTokens = usage.output_tokens;
    if (typeof usage.cache_read_input_tokens === 'number' && usage.cache_read_input_tokens > 0) this.usage.cacheReadTokens = usage.cache_read_input_tokens;
    if (typeof usage.cache_creation_input_tokens === 'number' && usage.cache_creation_input_tokens > 0) this.usage.cacheWriteTokens = usage.cache_creation_input_tokens;
  }
}
