import type { Message } from '@anthropic-ai/sdk/resources/messages/messages.js';
import type { ModelResponse, TextPart, ToolCallPart, Usage } from '../model-port.js';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.js';

/** A non-streamed Anthropic message → a Kanbots response (pure). */
export function fromAnthropicMessage(message: Message): ModelResponse {
  const content: (TextPart | ToolCallPart)[] = [];
  for (const block of message.content) {
    if (block.type === 'text' && block.text.length > 0) content.push({ type: 'text', text: block.text });
    if (block.type === 'tool_use') {
      content.push({ type: 'tool_call', id: block.id, name: block.name, input: block.input, rawArguments: JSON.stringify(block.input) });
    }
  }
  const usage: Usage = { inputTokens: message.usage.input_tokens, outputTokens: message.usage.output_tokens };
  if (message.usage.cache_read_input_tokens) usage.cacheReadTokens = message.usage.cache_read_input_tokens;
  if (message.usage.cache_creation_input_tokens) usage.cacheWriteTokens = message.usage.cache_creation_input_tokens;
  return {
    content,
    stopReason: mapAnthropicStopReason(message.stop_reason),
    usage,
    model: message.model,
    providerData: { messageId: message.id, stopReason: message.stop_reason },
  };
}
