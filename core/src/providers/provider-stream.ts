import { estimateCostUsd, type ModelResponse, type ModelStreamPart } from './model-port.js';
import { abortedError, streamDroppedError, toProviderError } from './map-provider-error.js';
import { resolveModelPricing, type PricingOption } from './pricing.js';

/**
 * The plumbing every adapter shares: open an SDK stream, convert its events, map every failure to
 * a ProviderError, and notice a stream that ends without its final event (dropped or aborted).
 */
export interface ProviderCallContext {
  provider: string;
  signal?: AbortSignal | undefined;
  now: () => number;
  apiKey?: string | undefined;
  pricing?: PricingOption | undefined;
}

/** Adds `providerData.estimatedCostUsd` (0 when the model's price is unknown). */
export function withEstimatedCost(response: ModelResponse, pricing: PricingOption | undefined, requestedModel: string): ModelResponse {
  const price = resolveModelPricing(response.model || requestedModel, pricing) ?? resolveModelPricing(requestedModel, pricing);
  return { ...response, providerData: { ...response.providerData, estimatedCostUsd: estimateCostUsd(response.usage, price) } };
}

export function mapError(error: unknown, context: ProviderCallContext): Error {
  return toProviderError(error, { provider: context.provider, signal: context.signal, now: context.now(), secrets: [context.apiKey] });
}

/** Runs a one-shot call, mapping failures. */
export async function callProvider<Result>(context: ProviderCallContext, call: () => Promise<Result>): Promise<Result> {
  try {
    return await call();
  } catch (error) {
    throw mapError(error, context);
  }
}

export interface StreamConversion<Event> {
  open(): Promise<AsyncIterable<Event>>;
  accept(event: Event): ModelStreamPart[];
  /** True once the vendor's final event arrived. */
  isFinished(): boolean;
  /** Parts to yield after the stream ended normally and finished (e.g. a deferred `response.end`). */
  complete?(): ModelStreamPart[];
  /** Named in the error when the stream ends early, e.g. `message_stop`. */
  finalEvent: string;
  requestedModel: string;
}

export async function* convertProviderStream<Event>(
  context: ProviderCallContext,
  conversion: StreamConversion<Event>,
): AsyncGenerator<ModelStreamPart> {
  let events: AsyncIterable<Event>;
  try {
    events = await conversion.open();
  } catch (error) {
    throw mapError(error, context);
  }
  const iterator = events[Symbol.asyncIterator]();
  try {
    while (true) {
      let next: IteratorResult<Event>;
      try {
        next = await iterator.next();
      } catch (error) {
        throw mapError(error, context);
      }
      if (next.done) break;
      let parts: ModelStreamPart[];
      try {
        parts = conversion.accept(next.value);
      } catch (error) {
        throw mapError(error, context);
      }
      for (const part of parts) yield withCost(part);
    }
  } finally {
    // Ends the HTTP request when the consumer stops early (the SDKs abort on return()).
    await iterator.return?.();
  }
  if (!conversion.isFinished()) {
    if (context.signal?.aborted) throw abortedError(context.provider, context.signal);
    throw streamDroppedError(context.provider, conversion.finalEvent);
  }
  for (const part of conversion.complete?.() ?? []) yield withCost(part);

  function withCost(part: ModelStreamPart): ModelStreamPart {
    return part.type === 'response.end' ? { ...part, response: withEstimatedCost(part.response, context.pricing, conversion.requestedModel) } : part;
  }
}
