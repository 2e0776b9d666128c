import { toErrorData } from '../errors.js';
import type { Redactor } from '../log/redact.js';
import type { ModelPort } from '../providers/model-port.js';
import { ProviderError, type ProviderErrorKind } from '../providers/provider-errors.js';

/**
 * A tiny request through a provider's adapter, to tell the user whether the key and the base URL
 * work. Failures become a readable sentence; every message goes through the redactor (which knows
 * the key), because some providers quote part of a refused key back.
 */

export type ProviderCheckResult =
  | { ok: true; provider: string; model: string }
  | { ok: false; provider: string; model: string; kind: ProviderErrorKind | 'configuration' | 'unknown'; message: string };

const readableKinds: Record<ProviderErrorKind, string> = {
  auth: 'The API key was refused. Check that it is the whole key, made for this provider (or the environment variable that holds it).',
  rate_limited: 'The key works, but the provider is rate limiting it right now.',
  overloaded: 'The provider is overloaded right now; try again in a moment.',
  server_error: 'The provider answered with a server error; try again later.',
  bad_request: 'The provider refused the request (is the model name right?).',
  network: 'Could not reach the provider. Check the base URL and your connection.',
  timeout: 'The provider did not answer in time.',
  stream_dropped: 'The connection dropped while the provider was answering.',
  aborted: 'The check was cancelled.',
  malformed_output: 'The provider answered with something that is not a model response (is the base URL right?).',
  unknown: 'The check failed.',
};

export interface CheckProviderOptions {
  redactor?: Redactor;
  signal?: AbortSignal;
}

export async function checkProvider(model: ModelPort, modelName: string, options: CheckProviderOptions = {}): Promise<ProviderCheckResult> {
  const redact = (text: string) => options.redactor?.text(text) ?? text;
  try {
    await model.generate({
      model: modelName,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Reply with the word ok.' }] }],
      maxOutputTokens: 16,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    return { ok: true, provider: model.provider, model: modelName };
  } catch (error) {
    if (error instanceof ProviderError) {
      const status = error.status === undefined ? '' : ` (HTTP ${error.status})`;
      const words = providersOwnWords(error.message);
      const detail = words === '' ? '' : ` The provider said: “${redact(words)}”`;
      return { ok: false, provider: model.provider, model: modelName, kind: error.kind, message: `${readableKinds[error.kind]}${status}${detail}` };
    }
    return { ok: false, provider: model.provider, model: modelName, kind: 'unknown', message: `${readableKinds.unknown} ${redact(toErrorData(error).message)}` };
  }
}

/** The provider's own words in an adapter's error message, without its "anthropic request failed (auth, HTTP 401): " prefix. */
function providersOwnWords(message: string): string {
  return message.replace(/^\S+ request failed \([^)]*\): /, '').trim();
}
