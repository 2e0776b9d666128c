import type { ContentBlockParam, MessageCreateParamsBase, MessageParam, Tool } from '@anthropic-ai/sdk/resources/messages/messages.js';
import type { ModelMessage, ModelRequest, ModelToolSpec } from '../model-port.js';

/** Kanbots messages → Anthropic Messages API params (pure). */

function toContentBlock(part: ModelMessage['content'][number]): ContentBlockParam | undefined {
  switch (part.type) {
    case 'text':
      return part.text.length > 0 ? { type: 'text', text: part.text } : undefined;
    case 'tool_call':
      return { type: 'tool_use', id: part.id, name: part.name, input: isObject(part.input) ? part.input : {} };
    case 'tool_result':
      return { type: 'tool_result', tool_use_id: part.toolCallId, content: part.content, is_error: part.isError };
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Converts messages, merging consecutive messages of one role (the API wants them alternating). */
export function toAnthropicMessages(messages: readonly ModelMessage[]): MessageParam[] {
  const result: { role: 'user' | 'assistant'; content: ContentBlockParam[] }[] = [];
  for (const message of messages) {
    const blocks = message.content.map(toContentBlock).filter((block): block is ContentBlockParam => block !== undefined);
    if (blocks.length === 0) continue;
    const previous = result.at(-1);
    if (previous && previous.role === message.role) previous.content.push(...blocks);
    else result.push({ role: message.role, content: blocks });
  }
  return result;
}

export function toAnthropicTools(tools: readonly ModelToolSpec[]): Tool[] {
  return tools.map((tool) => ({
    name: tool.name,
    description: tool.description,
    input_schema: { ...tool.inputSchema, type: 'object' } as Tool['input_schema'],
  }));
}

/** The request body without `stream`; `providerData` keys are passed through untouched. */
export function toAnthropicRequest(request: ModelRequest, defaultMaxOutputTokens: number): MessageCreateParamsBase {
  const params: MessageCreateParamsBase = {
    model: request.model,
    max_tokens: request.maxOutputTokens ?? defaultMaxOutputTokens,
    messages: toAnthropicMessages(request.messages),
  };
  if (request.system !== undefined && request.system.length > 0) params.system = request.system;
  if (request.tools && request.tools.length > 0) params.tools = toAnthropicTools(request.tools);
  // This SDK version no longer types `temperature`; the API still accepts it for most models.
  const extras: Record<string, unknown> = request.temperature === undefined ? {} : { temperature: request.temperature };
  return { ...params, ...extras, ...(request.providerData ?? {}) } as MessageCreateParamsBase;
}
