import type { ModelPort } from '../model-port.js';
import type { PricingOption } from '../pricing.js';
import { OpenAIChatModel } from './openai-chat-model.js';
import type { OpenAIClientOptions } from './openai-client.js';
import { OpenAIResponsesModel } from './openai-responses-model.js';

export interface OpenAIModelOptions extends OpenAIClientOptions {
  /** `chat` (Chat Completions) or `responses` (Responses API). */
  api: 'chat' | 'responses';
}

/** An OpenAI model over Chat Completions or the Responses API. */
export function createOpenAIModel(options: OpenAIModelOptions): ModelPort {
  const { api, ...clientOptions } = options;
  return api === 'chat' ? new OpenAIChatModel(clientOptions) : new OpenAIResponsesModel(clientOptions);
}

export interface OpenAICompatibleModelOptions {
  /** The server's base URL, usually ending in `/v1` (e.g. a local model server). */
  baseURL: string;
  /** Many local servers need none. */
  apiKey?: string;
  /** The name in logs and errors. Default `openai-compatible`. */
  provider?: string;
  pricing?: PricingOption;
  timeoutMs?: number;
  defaultHeaders?: Record<string, string>;
  /** Some servers reject `stream_options`; set false for them. Default true. */
  includeUsage?: boolean;
  now?: () => number;
}

/** Chat Completions against any OpenAI-compatible base URL. */
export function createOpenAICompatibleModel(options: OpenAICompatibleModelOptions): ModelPort {
  const { apiKey, provider, ...rest } = options;
  return new OpenAIChatModel({ ...rest, apiKey: apiKey ?? 'not-needed', provider: provider ?? 'openai-compatible' });
}
