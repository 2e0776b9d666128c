import type {
  ChatCompletionCreateParamsBase,
  ChatCompletionFunctionTool,
  ChatCompletionMessageFunctionToolCall,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions/completions.js';
import type { ModelMessage, ModelRequest, ModelToolSpec, ToolCallPart } from '../model-port.js';

/** Kanbots messages → OpenAI Chat Completions params (pure). */

export function toolCallArguments(call: ToolCallPart): string {
  return call.rawArguments.length > 0 ? call.rawArguments : JSON.stringify(call.input ?? {});
}

function textOf(message: ModelMessage): string {
  return message.content.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('');
}

/** Tool results become `role: "tool"` messages placed before the user's own text. */
export function toOpenAIChatMessages(system: string | undefined, messages: readonly ModelMessage[]): ChatCompletionMessageParam[] {
  const result: ChatCompletionMessageParam[] = [];
  if (system !== undefined && system.length > 0) result.push({ role: 'system', content: system });
  for (const message of messages) {
    const text = textOf(message);
    if (message.role === 'assistant') {
      const toolCalls: ChatCompletionMessageFunctionToolCall[] = message.content.flatMap((part) =>
        part.type === 'tool_call' ? [{ id: part.id, type: 'function' as const, function: { name: part.name, arguments: toolCallArguments(part) } }] : [],
      );
      if (text.length === 0 && toolCalls.length === 0) continue;
      result.push({ role: 'assistant', content: text.length > 0 ? text : null, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) });
      continue;
    }
    for (const part of message.content) {
      if (part.type === 'tool_result') result.push({ role: 'tool', tool_call_id: part.toolCallId, content: part.content });
    }
    if (text.length > 0) result.push({ role: 'user', content: text });
  }
  return result;
}

export function toOpenAIChatTools(tools: readonly ModelToolSpec[]): ChatCompletionFunctionTool[] {
  return tools.map((tool) => ({
    type: 'function',
    function: { name: tool.name, description: tool.description, parameters: tool.inputSchema },
  }));
}

/** The request body without `stream`; `providerData` keys are passed through untouched. */
export function toOpenAIChatRequest(request: ModelRequest): ChatCompletionCreateParamsBase {
  const params: ChatCompletionCreateParamsBase = { model: request.model, messages: toOpenAIChatMessages(request.system, request.messages) };
  if (request.tools && request.tools.length > 0) params.tools = toOpenAIChatTools(request.tools);
  if (request.maxOutputTokens !== undefined) params.max_completion_tokens = request.maxOutputTokens;
  if (request.temperature !== undefined) params.temperature = request.temperature;
  return { ...params, ...(request.providerData ?? {}) } as ChatCompletionCreateParamsBase;
}
