import type { ContentPart, ModelMessage, TextPart, ToolCallPart, ToolResultPart } from '../providers/model-port.js';
import type { PendingToolCall } from './agent-context.js';

/**
 * Pure helpers that grow the conversation. It stays valid for every provider: each assistant tool
 * call is answered by a tool result in the next user message, and a follow-up instruction joins
 * the last user message instead of making two user messages in a row.
 */

/** Appends user text, joining the last message when it is the user's. */
export function appendUserText(conversation: readonly ModelMessage[], text: string): ModelMessage[] {
  const last = conversation.at(-1);
  if (last?.role === 'user') {
    return [...conversation.slice(0, -1), { role: 'user', content: [...last.content, { type: 'text', text }] }];
  }
  return [...conversation, { role: 'user', content: [{ type: 'text', text }] }];
}

/** The assistant's message as it goes back to the model; unparsable inputs become `{}` (JSON-safe). */
export function assistantMessage(content: readonly (TextPart | ToolCallPart)[]): ModelMessage {
  const parts: ContentPart[] = content.map((part) => {
    if (part.type !== 'tool_call') return { type: 'text', text: part.text };
    const call: ToolCallPart = { type: 'tool_call', id: part.id, name: part.name, input: part.input ?? {}, rawArguments: part.rawArguments };
    if (part.parseError !== undefined) call.parseError = part.parseError;
    return call;
  });
  return { role: 'assistant', content: parts };
}

/** One user message answering every call of the turn, in order. */
export function toolResultMessage(calls: readonly PendingToolCall[]): ModelMessage {
  const parts: ToolResultPart[] = calls.map((call) => ({
    type: 'tool_result',
    toolCallId: call.callId,
    content: call.settled?.content ?? 'Not run: the task ended before this call.',
    isError: call.settled?.isError ?? true,
  }));
  return { role: 'user', content: parts };
}

/** The text of an assistant answer (its parts joined). */
export function textOf(content: readonly ContentPart[]): string {
  return content
    .filter((part): part is TextPart => part.type === 'text')
    .map((part) => part.text)
    .join('');
}
