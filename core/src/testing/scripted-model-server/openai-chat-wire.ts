import type { ReplyPlan } from './reply-plan.js';
import { sseFrame, type SseFrame } from './sse.js';
import { readRecord, type WireFormat } from './wire-format.js';

/** OpenAI Chat Completions (`POST /v1/chat/completions`): chunks, tool_calls deltas, `[DONE]`. */

export function openAIErrorType(status: number): { type: string; code: string | null } {
  if (status === 400) return { type: 'invalid_request_error', code: null };
  if (status === 401) return { type: 'invalid_request_error', code: 'invalid_api_key' };
  if (status === 403) return { type: 'invalid_request_error', code: 'unsupported_country_region_territory' };
  if (status === 404) return { type: 'invalid_request_error', code: 'model_not_found' };
  if (status === 429) return { type: 'requests', code: 'rate_limit_exceeded' };
  return { type: 'server_error', code: null };
}

export function openAIErrorBody(status: number, message: string): unknown {
  const { type, code } = openAIErrorType(status);
  return { error: { message, type, param: null, code } };
}

export function mapStopReasonToFinishReason(stopReason: string): string {
  if (stopReason === 'tool_use') return 'tool_calls';
  if (stopReason === 'max_tokens') return 'length';
  if (stopReason === 'end_turn') return 'stop';
  return stopReason;
}

function callId(id: string): string {
  return id.startsWith('call_') ? id : `call_${id}`;
}

function completionId(plan: ReplyPlan): string {
  return `chatcmpl-scripted-${plan.serial}`;
}

function usage(plan: ReplyPlan): Record<string, number> {
  return { prompt_tokens: plan.inputTokens, completion_tokens: plan.outputTokens, total_tokens: plan.inputTokens + plan.outputTokens };
}

const created = 1_767_225_600; // fixed: 2026-01-01, keeps recorded output stable

export const openAIChatWire: WireFormat = {
  api: 'openai-chat',

  wantsStream: (body) => readRecord(body).stream === true,

  responseBody: (plan) => ({
    id: completionId(plan),
    object: 'chat.completion',
    created,
    model: plan.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: plan.text.length > 0 ? plan.text : null,
          refusal: null,
          ...(plan.toolCalls.length > 0
            ? { tool_calls: plan.toolCalls.map((call) => ({ id: callId(call.id), type: 'function', function: { name: call.name, arguments: call.arguments } })) }
            : {}),
        },
        logprobs: null,
        finish_reason: mapStopReasonToFinishReason(plan.stopReason),
      },
    ],
    usage: usage(plan),
  }),

  streamFrames: (plan, requestBody) => {
    const includeUsage = readRecord(readRecord(requestBody).stream_options).include_usage === true;
    const chunk = (delta: Record<string, unknown>, finishReason: string | null = null): Record<string, unknown> => ({
      id: completionId(plan),
      object: 'chat.completion.chunk',
      created,
      model: plan.model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      ...(includeUsage ? { usage: null } : {}),
    });
    const frames: SseFrame[] = [sseFrame(undefined, chunk({ role: 'assistant', content: '' }))];
    for (const text of plan.textChunks) frames.push(sseFrame(undefined, chunk({ content: text }), true));
    plan.toolCalls.forEach((call, index) => {
      frames.push(
        sseFrame(undefined, chunk({ tool_calls: [{ index, id: callId(call.id), type: 'function', function: { name: call.name, arguments: '' } }] })),
      );
      for (const piece of call.argumentChunks) {
        frames.push(sseFrame(undefined, chunk({ tool_calls: [{ index, function: { arguments: piece } }] }), true));
      }
    });
    frames.push(sseFrame(undefined, chunk({}, mapStopReasonToFinishReason(plan.stopReason))));
    if (includeUsage) {
      frames.push(sseFrame(undefined, { id: completionId(plan), object: 'chat.completion.chunk', created, model: plan.model, choices: [], usage: usage(plan) }));
    }
    frames.push(sseFrame(undefined, '[DONE]'));
    return frames;
  },

  midstreamErrorFrame: (errorType) =>
    sseFrame(undefined, { error: { message: 'The server had an error while processing your request (scripted mid-stream error).', type: errorType ?? 'server_error', param: null, code: errorType ?? 'server_error' } }),

  errorBody: openAIErrorBody,
};
