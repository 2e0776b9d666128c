import type { FunctionTool, ResponseCreateParamsBase, ResponseInputItem } from 'openai/resources/responses/responses.js';
import type { ModelMessage, ModelRequest, ModelToolSpec } from '../model-port.js';
import { toolCallArguments } from './to-openai-chat-messages.js';

/** Kanbots messages → OpenAI Responses `input` items (pure). */

export function toOpenAIResponsesInput(messages: readonly ModelMessage[]): ResponseInputItem[] {
  const items: ResponseInputItem[] = [];
  for (const message of messages) {
    let text = '';
    const flushText = (): void => {
      if (text.length > 0) items.push({ type: 'message', role: message.role, content: text });
      text = '';
    };
    for (const part of message.content) {
      if (part.type === 'text') {
        text += part.text;
      } else if (part.type === 'tool_call') {
        flushText();
        items.push({ type: 'function_call', call_id: part.id, name: part.name, arguments: toolCallArguments(part) });
      } else {
        flushText();
        items.push({ type: 'function_call_output', call_id: part.toolCallId, output: part.content });
      }
    }
    flushText();
  }
  return items;
}

export function toOpenAIResponsesTools(tools: readonly ModelToolSpec[]): FunctionTool[] {
  return tools.map((tool) => ({ type: 'function', name: tool.name, description: tool.description, parameters: tool.inputSchema, strict: false }));
}

/** The request body without `stream`; `providerData` keys are passed through untouched. */
export function toOpenAIResponsesRequest(request: ModelRequest): ResponseCreateParamsBase {
  const params: ResponseCreateParamsBase = { model: request.model, input: toOpenAIResponsesInput(request.messages) };
  if (request.system !== undefined && request.system.length > 0) params.instructions = request.system;
  if (request.tools && request.tools.length > 0) params.tools = toOpenAIResponsesTools(request.tools);
  if (request.maxOutputTokens !== undefined) params.max_output_tokens = request.maxOutputTokens;
  if (request.temperature !== undefined) params.temperature = request.temperature;
  return { ...params, ...(request.providerData ?? {}) } as ResponseCreateParamsBase;
}
