import { fromCallback, type EventObject } from 'xstate';
import { toErrorData } from '../errors.js';
import type { ModelPort, ModelRequest, ModelToolSpec, ToolCallPart } from '../providers/model-port.js';
import type { Clock } from '../ports/clock.js';
import type { AgentTool } from './tools/tool.js';
import type { ModelStreamEvent } from './agent-commands.js';
import type { CheckedResponse } from './agent-context.js';
import type { RequestModelInput } from './agent-machine-effects.js';
import { checkToolCall } from './check-tool-call.js';
import { ResponseCollector } from './response-collector.js';

export interface ModelRequestDependencies {
  model: ModelPort;
  tools: readonly AgentTool[];
  toolSpecs: readonly ModelToolSpec[];
  clock: Clock;
}

/**
 * The `requestModel` actor: streams one request through the model port, forwards text parts to
 * the agent as they arrive, and hands back the assembled answer with its tool calls checked.
 * Stopping the actor (pause, cancel, timeout) aborts the request.
 */
export function createModelRequestActor(dependencies: ModelRequestDependencies) {
  const { model, tools, toolSpecs, clock } = dependencies;
  return fromCallback<EventObject, RequestModelInput>(({ input, sendBack }) => {
    const controller = new AbortController();
    const send = (event: ModelStreamEvent): void => {
      if (!controller.signal.aborted) sendBack(event);
    };
    const request: ModelRequest = { model: input.modelName, messages: input.messages, signal: controller.signal };
    if (input.system !== undefined) request.system = input.system;
    if (input.maxOutputTokens !== undefined) request.maxOutputTokens = input.maxOutputTokens;
    if (toolSpecs.length > 0) request.tools = [...toolSpecs];

    const run = async (): Promise<void> => {
      const startedAt = clock.now();
      const collector = new ResponseCollector(model.provider);
      for await (const part of model.stream(request)) {
        if (controller.signal.aborted) return;
        collector.add(part);
        if (part.type === 'text.start') send({ type: 'MODEL_TEXT_START', index: part.index });
        else if (part.type === 'text.delta') send({ type: 'MODEL_TEXT_DELTA', index: part.index, text: part.text });
        else if (part.type === 'text.end') send({ type: 'MODEL_TEXT_END', index: part.index });
        else send({ type: 'MODEL_ACTIVITY' });
      }
      if (controller.signal.aborted) return;
      const response = collector.finish();
      const calls = response.content.filter((part): part is ToolCallPart => part.type === 'tool_call');
      const checked: CheckedResponse = {
        content: response.content,
        stopReason: response.stopReason,
        usage: response.usage,
        model: response.model,
        latencyMs: clock.now() - startedAt,
        toolCalls: calls.map((call) => checkToolCall(call, tools)),
      };
      send({ type: 'MODEL_RESPONDED', response: checked });
    };

    run().catch((error: unknown) => send({ type: 'MODEL_FAILED', error: toErrorData(error) }));
    return () => controller.abort();
  });
}
