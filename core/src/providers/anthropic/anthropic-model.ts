import Anthropic from '@anthropic-ai/sdk';
import type { RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages/messages.js';
import type { ModelPort, ModelRequest, ModelResponse, ModelStreamPart } from '../model-port.js';
import type { PricingOption } from '../pricing.js';
import { callProvider, convertProviderStream, withEstimatedCost, type ProviderCallContext } from '../provider-stream.js';
import { AnthropicStreamConverter } from './from-anthropic-stream.js';
import { fromAnthropicMessage } from './from-anthropic-message.js';
import { toAnthropicRequest } from './to-anthropic-messages.js';

export interface AnthropicModelOptions {
  apiKey: string;
  /** Without `/v1`, e.g. `http://127.0.0.1:PORT`. */
  baseURL?: string;
  pricing?: PricingOption;
  /** `max_tokens` when the request names none. Default 4096. */
  defaultMaxOutputTokens?: number;
  /** Per-request timeout. Default 10 minutes. */
  timeoutMs?: number;
  /** For `retry-after` dates. Default `Date.now`. */
  now?: () => number;
  /** The HTTP client the SDK calls. Default: the global `fetch`. */
  fetch?: typeof fetch;
}

/**
 * The Anthropic Messages adapter: a thin class wiring the pure converters to `@anthropic-ai/sdk`.
 * The SDK never retries (`maxRetries: 0`): the agent actor owns retries so they are visible.
 */
export class AnthropicModel implements ModelPort {
  readonly provider = 'anthropic';
  private readonly client: Anthropic;
  private readonly defaultMaxOutputTokens: number;
  private readonly timeoutMs: number;

  constructor(private readonly options: AnthropicModelOptions) {
    this.timeoutMs = options.timeoutMs ?? 600_000;
    this.defaultMaxOutputTokens = options.defaultMaxOutputTokens ?? 4096;
    this.client = new Anthropic({
      apiKey: options.apiKey,
      authToken: null,
      ...(options.baseURL === undefined ? {} : { baseURL: options.baseURL }),
      maxRetries: 0,
      timeout: this.timeoutMs,
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    });
  }

  private context(request: ModelRequest): ProviderCallContext {
    return { provider: this.provider, signal: request.signal, now: this.options.now ?? Date.now, apiKey: this.options.apiKey, pricing: this.options.pricing };
  }

  async generate(request: ModelRequest): Promise<ModelResponse> {
    const message = await callProvider(this.context(request), () =>
      this.client.messages.create(
        { ...toAnthropicRequest(request, this.defaultMaxOutputTokens), stream: false },
        { signal: request.signal ?? null, timeout: this.timeoutMs },
      ),
    );
    return withEstimatedCost(fromAnthropicMessage(message), this.options.pricing, request.model);
  }

  stream(request: ModelRequest): AsyncIterable<ModelStreamPart> {
    const converter = new AnthropicStreamConverter();
    return convertProviderStream<RawMessageStreamEvent>(this.context(request), {
      open: async () =>
        this.client.messages.create(
          { ...toAnthropicRequest(request, this.defaultMaxOutputTokens), stream: true },
          { signal: request.signal ?? null, timeout: this.timeoutMs },
        ),
      accept: (event) => converter.accept(event),
      isFinished: () => converter.finished,
      finalEvent: 'message_stop',
      requestedModel: request.model,
    });
  }
}

export function createAnthropicModel(options: AnthropicModelOptions): AnthropicModel {
  return new AnthropicModel(options);
}
