import Anthropic from '@anthropic-ai/sdk';
import { toErrorData } from '../errors.js';
import { toProviderError } from '../providers/map-provider-error.js';
import { ProviderError, type ProviderErrorKind } from '../providers/provider-errors.js';
import { createOpenAIClient } from '../providers/openai/openai-client.js';
import type { ProviderName } from './settings.js';

/**
 * The model names a provider lists (`GET /v1/models`: Anthropic's `{ data: [{ type: "model", id }],
 * has_more, last_id }`, OpenAI's `{ object: "list", data: [{ id, object: "model" }] }`), through the
 * official SDKs, without retries and with a short timeout. A failure is an answer, not an
 * exception: the caller decides what an unreachable provider means (a run check skips the model
 * test; the key test says why).
 */

export type ModelListing = { ok: true; models: string[] } | { ok: false; kind: ProviderErrorKind; status?: number };

export interface ListProviderModelsOptions {
  provider: ProviderName;
  /** The key to send (none for a keyless OpenAI-compatible server). */
  apiKey?: string;
  /** Anthropic: without `/v1`; OpenAI and compatible: with it. */
  baseURL?: string;
  /** Default 10 000 ms. */
  timeoutMs?: number;
  /** At most this many pages (Anthropic pages by 1 000). Default 5. */
  maxPages?: number;
  signal?: AbortSignal;
}

export async function listProviderModels(options: ListProviderModelsOptions): Promise<ModelListing> {
  const timeout = options.timeoutMs ?? 10_000;
  const maxPages = options.maxPages ?? 5;
  try {
    const models: string[] = [];
    if (options.provider === 'anthropic') {
      const client = new Anthropic({
        apiKey: options.apiKey ?? null,
        authToken: null,
        ...(options.baseURL === undefined ? {} : { baseURL: options.baseURL }),
        maxRetries: 0,
        timeout,
      });
      let page = await client.models.list({ limit: 1000 }, { signal: options.signal ?? null });
      for (let count = 1; ; count += 1) {
        models.push(...page.data.map((model) => model.id));
        if (!page.hasNextPage() || count >= maxPages) break;
        page = await page.getNextPage();
      }
    } else {
      const client = createOpenAIClient({ apiKey: options.apiKey ?? 'not-needed', ...(options.baseURL === undefined ? {} : { baseURL: options.baseURL }), timeoutMs: timeout });
      const page = await client.models.list({ signal: options.signal ?? null });
      models.push(...page.data.map((model) => model.id));
    }
    return { ok: true, models };
  } catch (error) {
    const mapped = error instanceof ProviderError ? error : toProviderError(error, { provider: options.provider, signal: options.signal, now: Date.now(), secrets: [options.apiKey] });
    const data = toErrorData(mapped);
    const status = typeof data.details?.['status'] === 'number' ? (data.details['status'] as number) : undefined;
    return status === undefined ? { ok: false, kind: mapped.kind } : { ok: false, kind: mapped.kind, status };
  }
}
