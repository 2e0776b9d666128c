import type { ChatCompletion } from 'openai/resources/chat/completions/completions.js';
import type { ModelResponse, TextPart, ToolCallPart, Usage } from '../model-port.js';
import { parseToolArguments } from '../parse-tool-arguments.js';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.js';

/** A non-streamed chat completion → a Kanbots response (pure). */
export function fromOpenAIChatCompletion(completion: ChatCompletion): ModelResponse {
  const choice = completion.choices[0];
  const content: (TextPart | ToolCallPart)[] = [];
  if (choice?.message.content) content.push({ type: 'text', text: choice.message.content });
  for (const call of choice?.message.tool_calls ?? []) {
    if (call.type !== 'function') continue;
    const parsed = parseToolArguments(call.function.arguments);
    const part: ToolCallPart = { type: 'tool_call', id: call.id, name: call.function.name, input: parsed.input, rawArguments: call.function.arguments };
    if (parsed.parseError !== undefined) part.parseError = parsed.parseError;
    content.push(part);
  }
  const usage: Usage = { inputTokens: completion.usage?.prompt_tokens ?? 0, outputTokens: completion.usage?.completion_tokens ?? 0 };
  const cached = completion.usage?.prompt_tokens_details?.cached_tokens;
  if (cached) usage.cacheReadTokens = cached;
  return {
    content,
    stopReason: mapOpenAIFinishReason(choice?.finish_reason),
    usage,
    model: completion.model,
    providerData: { completionId: completion.id, finishReason: choice?.finish_reason ?? null },
  };
}
