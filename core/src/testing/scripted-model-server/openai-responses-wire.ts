import type { ReplyPlan } from './reply-plan.js';
import { sseFrame, type SseFrame } from './sse.js';
import { openAIErrorBody } from './openai-chat-wire.js';
import { readRecord, type WireFormat } from './wire-format.js';

/** OpenAI Responses (`POST /v1/responses`): response.created … output items … response.completed. */

const createdAt = 1_767_225_600;

function callId(id: string): string {
  return id.startsWith('call_') ? id : `call_${id}`;
}

function messageItem(plan: ReplyPlan, status: 'in_progress' | 'completed'): Record<string, unknown> {
  return {
    id: `msg_scripted_${plan.serial}`,
    type: 'message',
    status,
    role: 'assistant',
    content: status === 'completed' ? [{ type: 'output_text', text: plan.text, annotations: [], logprobs: [] }] : [],
  };
}

function functionCallItem(plan: ReplyPlan, index: number, status: 'in_progress' | 'completed'): Record<string, unknown> {
  const call = plan.toolCalls[index]!;
  return {
    id: `fc_scripted_${plan.serial}_${index}`,
    type: 'function_call',
    status,
    call_id: callId(call.id),
    name: call.name,
    arguments: status === 'completed' ? call.arguments : '',
  };
}

/** Names of the request's freeform tools (`{type:"custom"}`, e.g. Codex's `apply_patch`). */
function customToolNames(requestBody: unknown): Set<string> {
  const tools = readRecord(requestBody).tools;
  const names = new Set<string>();
  if (!Array.isArray(tools)) return names;
  for (const tool of tools) {
    const record = readRecord(tool);
    if (record.type === 'custom' && typeof record.name === 'string') names.add(record.name);
  }
  return names;
}

/** A custom tool takes raw text: a scripted string input (JSON-encoded by the plan) is unwrapped. */
function customToolInput(serialised: string): string {
  try {
    const parsed: unknown = JSON.parse(serialised);
    return typeof parsed === 'string' ? parsed : serialised;
  } catch {
    return serialised;
  }
}

/** A `custom_tool_call` item, answered by the client with `custom_tool_call_output`. */
function customToolCallItem(plan: ReplyPlan, index: number, status: 'in_progress' | 'completed'): Record<string, unknown> {
  const call = plan.toolCalls[index]!;
  return {
    id: `ctc_scripted_${plan.serial}_${index}`,
    type: 'custom_tool_call',
    status,
    call_id: callId(call.id),
    name: call.name,
    input: status === 'completed' ? customToolInput(call.arguments) : '',
  };
}

function toolCallItem(plan: ReplyPlan, index: number, status: 'in_progress' | 'completed', custom: Set<string>): Record<string, unknown> {
  return custom.has(plan.toolCalls[index]!.name) ? customToolCallItem(plan, index, status) : functionCallItem(plan, index, status);
}

function outputItems(plan: ReplyPlan, requestBody: unknown): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = [];
  const custom = customToolNames(requestBody);
  if (plan.text.length > 0) items.push(messageItem(plan, 'completed'));
  plan.toolCalls.forEach((_call, index) => items.push(toolCallItem(plan, index, 'completed', custom)));
  return items;
}

function responseObject(plan: ReplyPlan, requestBody: unknown, state: 'in_progress' | 'final'): Record<string, unknown> {
  const incomplete = plan.stopReason === 'max_tokens';
  const request = readRecord(requestBody);
  return {
    id: `resp_scripted_${plan.serial}`,
    object: 'response',
    created_at: createdAt,
    status: state === 'in_progress' ? 'in_progress' : incomplete ? 'incomplete' : 'completed',
    error: null,
    incomplete_details: state === 'final' && incomplete ? { reason: 'max_output_tokens' } : null,
    instructions: request.instructions ?? null,
    model: plan.model,
    output: state === 'final' ? outputItems(plan, requestBody) : [],
    parallel_tool_calls: true,
    tool_choice: 'auto',
    tools: Array.isArray(request.tools) ? request.tools : [],
    temperature: request.temperature ?? null,
    top_p: null,
    usage:
      state === 'final'
        ? {
            input_tokens: plan.inputTokens,
            input_tokens_details: { cached_tokens: 0 },
            output_tokens: plan.outputTokens,
            output_tokens_details: { reasoning_tokens: 0 },
            total_tokens: plan.inputTokens + plan.outputTokens,
          }
        : null,
  };
}

export const openAIResponsesWire: WireFormat = {
  api: 'openai-responses',

  wantsStream: (body) => readRecord(body).stream === true,

  responseBody: (plan, requestBody) => responseObject(plan, requestBody, 'final'),

  streamFrames: (plan, requestBody) => {
    let sequence = 0;
    const frames: SseFrame[] = [];
    const emit = (type: string, payload: Record<string, unknown>, isDelta = false): void => {
      frames.push(sseFrame(type, { type, ...payload, sequence_number: sequence }, isDelta));
      sequence += 1;
    };
    emit('response.created', { response: responseObject(plan, requestBody, 'in_progress') });
    emit('response.in_progress', { response: responseObject(plan, requestBody, 'in_progress') });
    let outputIndex = 0;
    if (plan.textChunks.length > 0) {
      const itemId = `msg_scripted_${plan.serial}`;
      emit('response.output_item.added', { output_index: outputIndex, item: messageItem(plan, 'in_progress') });
      emit('response.content_part.added', { item_id: itemId, output_index: outputIndex, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } });
      for (const chunk of plan.textChunks) {
        emit('response.output_text.delta', { item_id: itemId, output_index: outputIndex, content_index: 0, delta: chunk, logprobs: [] }, true);
      }
      emit('response.output_text.done', { item_id: itemId, output_index: outputIndex, content_index: 0, text: plan.text, logprobs: [] });
      emit('response.content_part.done', { item_id: itemId, output_index: outputIndex, content_index: 0, part: { type: 'output_text', text: plan.text, annotations: [] } });
      emit('response.output_item.done', { output_index: outputIndex, item: messageItem(plan, 'completed') });
      outputIndex += 1;
    }
    const custom = customToolNames(requestBody);
    plan.toolCalls.forEach((call, index) => {
      if (custom.has(call.name)) {
        // Codex accepts a custom tool call as a complete item (added, then done with the input).
        emit('response.output_item.added', { output_index: outputIndex, item: customToolCallItem(plan, index, 'in_progress') });
        emit('response.output_item.done', { output_index: outputIndex, item: customToolCallItem(plan, index, 'completed') });
        outputIndex += 1;
        return;
      }
      const itemId = `fc_scripted_${plan.serial}_${index}`;
      emit('response.output_item.added', { output_index: outputIndex, item: functionCallItem(plan, index, 'in_progress') });
      for (const chunk of call.argumentChunks) {
        emit('response.function_call_arguments.delta', { item_id: itemId, output_index: outputIndex, delta: chunk }, true);
      }
      emit('response.function_call_arguments.done', { item_id: itemId, output_index: outputIndex, arguments: call.arguments });
      emit('response.output_item.done', { output_index: outputIndex, item: functionCallItem(plan, index, 'completed') });
      outputIndex += 1;
    });
    const final = responseObject(plan, requestBody, 'final');
    emit(final.status === 'incomplete' ? 'response.incomplete' : 'response.completed', { response: final });
    return frames;
  },

  midstreamErrorFrame: (errorType) =>
    sseFrame('error', {
      type: 'error',
      code: errorType ?? 'server_error',
      message: 'The server had an error while processing your request (scripted mid-stream error).',
      param: null,
      sequence_number: 0,
    }),

  errorBody: openAIErrorBody,
};
