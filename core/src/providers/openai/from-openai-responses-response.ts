import type { Response } from 'openai/resources/responses/responses.js';
import type { ModelResponse, StopReason, TextPart, ToolCallPart, Usage } from '../model-port.js';
import { parseToolArguments } from '../parse-tool-arguments.js';

/** OpenAI Responses objects → Kanbots responses (pure). */

export function responsesStopReason(response: Pick<Response, 'status' | 'incomplete_details'>, hasToolCalls: boolean): StopReason {
  if (response.status === 'incomplete') return response.incomplete_details?.reason === 'max_output_tokens' ? 'max_tokens' : 'other';
  if (hasToolCalls) return 'tool_use';
  return response.status === 'completed' ? 'end_turn' : 'other';
}

export function responsesUsage(usage: Response['usage'] | null | undefined): Usage {
  const result: Usage = { inputTokens: usage?.input_tokens ?? 0, outputTokens: usage?.output_tokens ?? 0 };
  const cached = usage?.input_tokens_details?.cached_tokens;
  if (cached) result.cacheReadTokens = cached;
  return result;
}

export function fromOpenAIResponse(response: Response): ModelResponse {
  const content: (TextPart | ToolCallPart)[] = [];
  for (const item of response.output ?? []) {
    if (item.type === 'message') {
      const text = item.content.flatMap((part) => (part.type === 'output_text' ? [part.text] : [])).join('');
      if (text.length > 0) content.push({ type: 'text', text });
    } else if (item.type === 'function_call') {
      const parsed = parseToolArguments(item.arguments);
      const part: ToolCallPart = { type: 'tool_call', id: item.call_id, name: item.name, input: parsed.input, rawArguments: item.arguments };
      if (parsed.parseError !== undefined) part.parseError = parsed.parseError;
      content.push(part);
    }
  }
  return {
    content,
    stopReason: responsesStopReason(response, content.some((part) => part.type === 'tool_call')),
    usage: responsesUsage(response.usage),
    model: response.model,
    providerData: { responseId: response.id, status: response.status },
  };
}
