import type { ReplyPlan } from './reply-plan.js';
import { sseFrame, type SseFrame } from './sse.js';
import { readRecord, type WireFormat } from './wire-format.js';

/** Anthropic Messages (`POST /v1/messages`): message_start … message_stop, errors `{type:"error"}`. */

export function anthropicErrorType(status: number): string {
  if (status === 400) return 'invalid_request_error';
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status === 529) return 'overloaded_error';
  return 'api_error';
}

function messageId(plan: ReplyPlan): string {
  return `msg_scripted_${plan.serial}`;
}

function toolUseId(id: string): string {
  return id.startsWith('toolu_') ? id : `toolu_${id}`;
}

function contentBlocks(plan: ReplyPlan): Record<string, unknown>[] {
  const blocks: Record<string, unknown>[] = [];
  if (plan.text.length > 0) blocks.push({ type: 'text', text: plan.text });
  for (const call of plan.toolCalls) {
    let input: unknown;
    try {
      input = JSON.parse(call.arguments);
    } catch {
      // A non-streaming message cannot carry malformed JSON: send the raw text as a string.
      input = call.arguments;
    }
    blocks.push({ type: 'tool_use', id: toolUseId(call.id), name: call.name, input });
  }
  return blocks;
}

export const anthropicWire: WireFormat = {
  api: 'anthropic',

  wantsStream: (body) => readRecord(body).stream === true,

  responseBody: (plan) => ({
    id: messageId(plan),
    type: 'message',
    role: 'assistant',
    model: plan.model,
    content: contentBlocks(plan),
    stop_reason: plan.stopReason,
    stop_sequence: null,
    usage: { input_tokens: plan.inputTokens, output_tokens: plan.outputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
  }),

  streamFrames: (plan) => {
    const frames: SseFrame[] = [
      sseFrame('message_start', {
        type: 'message_start',
        message: {
          id: messageId(plan),
          type: 'message',
          role: 'assistant',
          model: plan.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: plan.inputTokens, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
        },
      }),
      sseFrame('ping', { type: 'ping' }),
    ];
    let index = 0;
    if (plan.textChunks.length > 0) {
      frames.push(sseFrame('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } }));
      for (const chunk of plan.textChunks) {
        frames.push(sseFrame('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: chunk } }, true));
      }
      frames.push(sseFrame('content_block_stop', { type: 'content_block_stop', index }));
      index += 1;
    }
    for (const call of plan.toolCalls) {
      frames.push(
        sseFrame('content_block_start', {
          type: 'content_block_start',
          index,
          content_block: { type: 'tool_use', id: toolUseId(call.id), name: call.name, input: {} },
        }),
      );
      for (const chunk of call.argumentChunks) {
        frames.push(sseFrame('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: chunk } }, true));
      }
      frames.push(sseFrame('content_block_stop', { type: 'content_block_stop', index }));
      index += 1;
    }
    frames.push(
      sseFrame('message_delta', {
        type: 'message_delta',
        delta: { stop_reason: plan.stopReason, stop_sequence: null },
        usage: { output_tokens: plan.outputTokens },
      }),
      sseFrame('message_stop', { type: 'message_stop' }),
    );
    return frames;
  },

  midstreamErrorFrame: (errorType) =>
    sseFrame('error', { type: 'error', error: { type: errorType ?? 'overloaded_error', message: 'Overloaded (scripted mid-stream error)' } }),

  errorBody: (status, message) => ({ type: 'error', error: { type: anthropicErrorType(status), message } }),
};
