import type { ScriptedFault, ScriptedReply } from './scripted-step.js';

/**
 * A reply normalised for rendering: text and tool arguments already split into the chunks the
 * stream will carry, ids fixed, usage and stop reason decided. Every wire format renders the same
 * plan, so one script serves Anthropic, OpenAI Chat and OpenAI Responses clients alike.
 */
export interface PlannedToolCall {
  /** Without vendor prefix; wires add `toolu_` / `call_`. */
  id: string;
  name: string;
  arguments: string;
  argumentChunks: string[];
}

export interface ReplyPlan {
  /** A per-response serial number, for ids. */
  serial: number;
  model: string;
  text: string;
  textChunks: string[];
  toolCalls: PlannedToolCall[];
  /** In Anthropic's vocabulary: `end_turn` | `tool_use` | `max_tokens` | other. */
  stopReason: string;
  inputTokens: number;
  outputTokens: number;
  chunkDelayMs: number;
}

/** Splits `text` into about `parts` chunks (at least one character each). */
export function splitIntoChunks(text: string, parts = 3): string[] {
  if (text.length === 0) return [];
  const size = Math.max(1, Math.ceil(text.length / parts));
  const chunks: string[] = [];
  for (let start = 0; start < text.length; start += size) chunks.push(text.slice(start, start + size));
  return chunks;
}

function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

export function planReply(reply: ScriptedReply, context: { serial: number; model: string; requestText: string }): ReplyPlan {
  const textChunks = Array.isArray(reply.text) ? reply.text.filter((chunk) => chunk.length > 0) : splitIntoChunks(reply.text ?? '');
  const text = textChunks.join('');
  const toolCalls = (reply.toolCalls ?? []).map((call, index): PlannedToolCall => {
    const serialised = call.rawArguments ?? JSON.stringify(call.input ?? {});
    return {
      id: call.id ?? `scripted_${context.serial}_${index}`,
      name: call.name,
      arguments: serialised,
      argumentChunks: splitIntoChunks(serialised),
    };
  });
  const stopReason = reply.stopReason ?? (toolCalls.length > 0 ? 'tool_use' : 'end_turn');
  const outputText = text + toolCalls.map((call) => call.name + call.arguments).join('');
  return {
    serial: context.serial,
    model: context.model,
    text,
    textChunks,
    toolCalls,
    stopReason,
    inputTokens: reply.usage?.inputTokens ?? estimateTokens(context.requestText),
    outputTokens: reply.usage?.outputTokens ?? estimateTokens(outputText),
    chunkDelayMs: reply.chunkDelayMs ?? 0,
  };
}

/** The reply streamed before a `midstream-error` or `drop` fault cuts it off. */
export const interruptedReply: ScriptedReply = {
  text: ['This answer ', 'will be ', 'interrupted ', 'before it ', 'ends.'],
};

/** The reply a `malformed-tool-json` fault renders. */
export function malformedToolJsonReply(fault: Extract<ScriptedFault, { fault: 'malformed-tool-json' }>): ScriptedReply {
  return { toolCalls: [{ name: fault.toolName ?? 'write_file', rawArguments: '{"path": "notes.txt", "content": "unterminated' }] };
}
