import type { ResponseStreamEvent } from 'openai/resources/responses/responses.js';
import { kindFromErrorType } from '../map-provider-error.js';
import type { ModelStreamPart } from '../model-port.js';
import { ProviderError } from '../provider-errors.js';
import { StreamAssembler } from '../stream-assembler.js';
import { responsesStopReason, responsesUsage } from './from-openai-responses-response.js';

/**
 * OpenAI Responses stream events → Kanbots stream parts (pure, one instance per response).
 * Blocks are keyed by output item id; a function call's id is its `call_id` (what results cite).
 * `error` and `response.failed` events throw a ProviderError of the matching kind.
 */
export class OpenAIResponsesStreamConverter {
  private readonly assembler = new StreamAssembler();
  private model = '';
  finished = false;

  constructor(private readonly provider: string) {}

  accept(event: ResponseStreamEvent): ModelStreamPart[] {
    switch (event.type) {
      case 'response.created':
        this.model = event.response.model;
        return [];
      case 'response.output_item.added':
        if (event.item.type === 'function_call' && event.item.id) {
          return this.assembler.startToolCall(event.item.id, event.item.call_id, event.item.name);
        }
        return [];
      case 'response.output_text.delta':
        return this.assembler.appendText(event.item_id, event.delta);
      case 'response.function_call_arguments.delta':
        return this.assembler.appendToolArguments(event.item_id, event.delta);
      case 'response.output_item.done': {
        const item = event.item;
        if (!item.id) return [];
        return this.assembler.end(item.id, item.type === 'function_call' ? item.arguments : undefined);
      }
      case 'response.completed':
      case 'response.incomplete': {
        this.finished = true;
        const response = event.response;
        return this.assembler.finish({
          stopReason: responsesStopReason(response, this.assembler.hasToolCalls()),
          usage: responsesUsage(response.usage),
          model: response.model || this.model,
          providerData: { responseId: response.id, status: response.status },
        });
      }
      case 'error':
        throw this.failure(event.code ?? undefined, event.message);
      case 'response.failed':
        throw this.failure(event.response.error?.code ?? undefined, event.response.error?.message ?? 'response failed');
      default:
        return [];
    }
  }

  private failure(code: string | undefined, message: string): ProviderError {
    const kind = kindFromErrorType(code) ?? 'server_error';
    return new ProviderError(kind, `${this.provider} stream failed (${kind}): ${message}`, { provider: this.provider, details: { errorCode: code } });
  }
}
