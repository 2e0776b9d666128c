import OpenAI from 'openai';
import type { PricingOption } from '../pricing.js';
import type { ProviderCallContext } from '../provider-stream.js';
import type { ModelRequest } from '../model-port.js';

/** Options shared by the OpenAI adapters. */
export interface OpenAIClientOptions {
  apiKey: string;
  /** With `/v1`, e.g. `http://127.0.0.1:PORT/v1`. */
  baseURL?: string;
  pricing?: PricingOption;
  /** Per-request timeout. Default 10 minutes. */
  timeoutMs?: number;
  /** Extra headers sent with every request (e.g. for a local gateway). */
  defaultHeaders?: Record<string, string>;
  /** For `retry-after` dates. Default `Date.now`. */
  now?: () => number;
}

/** An SDK client that never retries: the agent actor owns retries and backoff. */
export function createOpenAIClient(options: OpenAIClientOptions): OpenAI {
  return new OpenAI({
    apiKey: options.apiKey,
    ...(options.baseURL === undefined ? {} : { baseURL: options.baseURL }),
    maxRetries: 0,
    timeout: options.timeoutMs ?? 600_000,
    organization: null,
    project: null,
    ...(options.defaultHeaders === undefined ? {} : { defaultHeaders: options.defaultHeaders }),
  });
}

export function openAICallContext(provider: string, options: OpenAIClientOptions, request: ModelRequest): ProviderCallContext {
  return { provider, signal: request.signal, now: options.now ?? Date.now, apiKey: options.apiKey, pricing: options.pricing };
}
