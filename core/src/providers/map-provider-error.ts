import { ProviderError, type ProviderErrorKind } from './provider-errors.js';
import { parseRetryAfterMs, type HeaderReader } from './retry-after.js';

/**
 * Maps whatever an SDK call threw to a typed ProviderError. Pure and SDK-agnostic: it reads the
 * shape both official SDKs give their errors (`name`, `status`, `headers`, `error` body, `type`),
 * so one mapping serves Anthropic and OpenAI. Messages never carry API keys.
 */
export interface ProviderErrorContext {
  provider: string;
  signal?: AbortSignal | undefined;
  /** For `retry-after` HTTP dates. */
  now: number;
  /** Strings that must never appear in messages (the API key). */
  secrets?: readonly (string | undefined)[];
}

interface SdkErrorShape {
  name?: unknown;
  message?: unknown;
  status?: unknown;
  headers?: unknown;
  error?: unknown;
  type?: unknown;
  code?: unknown;
  cause?: unknown;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** The vendor's error type from an error body: `{error:{type}}`, `{type}` or `{code}`. */
export function errorTypeOf(error: SdkErrorShape): string | undefined {
  const body = record(error.error);
  const nested = record(body.error);
  return (
    textOf(error.type) ??
    textOf(nested.type) ??
    textOf(body.type === 'error' ? undefined : body.type) ??
    textOf(body.code) ??
    textOf(error.code)
  );
}

export function kindFromErrorType(type: string | undefined): ProviderErrorKind | undefined {
  if (type === undefined) return undefined;
  if (/overloaded/i.test(type)) return 'overloaded';
  if (/rate_limit|^requests$|^tokens$/i.test(type)) return 'rate_limited';
  if (/authentication|permission|invalid_api_key/i.test(type)) return 'auth';
  if (/invalid_request|not_found|bad_request|context_length/i.test(type)) return 'bad_request';
  if (/timeout/i.test(type)) return 'timeout';
  if (/api_error|server_error|internal/i.test(type)) return 'server_error';
  return undefined;
}

export function kindFromStatus(status: number): ProviderErrorKind {
  if (status === 429) return 'rate_limited';
  if (status === 529) return 'overloaded';
  if (status === 401 || status === 403) return 'auth';
  if (status === 408) return 'timeout';
  if (status >= 500) return 'server_error';
  if (status >= 400) return 'bad_request';
  return 'unknown';
}

/** True for the errors fetch (undici) raises when a response body's socket closes early. */
export function isDroppedStream(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current !== undefined && current !== null && !seen.has(current)) {
    seen.add(current);
    const shape = current as SdkErrorShape;
    const message = typeof shape.message === 'string' ? shape.message : '';
    const code = typeof shape.code === 'string' ? shape.code : '';
    if (/^terminated$|other side closed|socket hang up|premature close/i.test(message)) return true;
    if (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE') return true;
    current = shape.cause;
  }
  return false;
}

function isAbort(error: SdkErrorShape, signal: AbortSignal | undefined): boolean {
  if (signal?.aborted) return true;
  return error.name === 'APIUserAbortError' || error.name === 'AbortError';
}

/** Removes secrets (and anything shaped like an API key) from a message. */
export function scrubSecrets(message: string, secrets: readonly (string | undefined)[] = []): string {
  let result = message;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) result = result.split(secret).join('[REDACTED]');
  }
  return result.replace(/\b(sk-[A-Za-z0-9_-]{6,}|sk-ant-[A-Za-z0-9_-]{6,})/g, '[REDACTED]');
}

function apiMessageOf(error: SdkErrorShape): string | undefined {
  const body = record(error.error);
  return textOf(record(body.error).message) ?? textOf(body.message) ?? textOf(error.message);
}

export function toProviderError(error: unknown, context: ProviderErrorContext): ProviderError {
  if (error instanceof ProviderError) return error;
  const shape: SdkErrorShape = typeof error === 'object' && error !== null ? (error as SdkErrorShape) : { message: String(error) };
  const status = typeof shape.status === 'number' ? shape.status : undefined;
  const headers = typeof (shape.headers as HeaderReader | undefined)?.get === 'function' ? (shape.headers as HeaderReader) : undefined;
  const retryAfterMs = parseRetryAfterMs(headers, context.now);

  // The OpenAI SDK leaves `name` as "Error"; its class name says what happened.
  const names = new Set([shape.name, (error as { constructor?: { name?: unknown } } | null)?.constructor?.name]);
  let kind: ProviderErrorKind;
  if (isAbort(shape, context.signal)) kind = 'aborted';
  else if (names.has('APIConnectionTimeoutError')) kind = 'timeout';
  else if (isDroppedStream(error)) kind = 'stream_dropped';
  else if (names.has('APIConnectionError')) kind = 'network';
  else if (status !== undefined) kind = status >= 500 && kindFromErrorType(errorTypeOf(shape)) === 'overloaded' ? 'overloaded' : kindFromStatus(status);
  else kind = kindFromErrorType(errorTypeOf(shape)) ?? 'unknown';

  const detail = scrubSecrets(apiMessageOf(shape) ?? 'no message', context.secrets);
  const message = `${context.provider} request failed (${kind}${status === undefined ? '' : `, HTTP ${status}`}): ${detail}`;
  const options: ConstructorParameters<typeof ProviderError>[2] = { provider: context.provider, cause: error };
  if (status !== undefined) options.status = status;
  if (retryAfterMs !== undefined) options.retryAfterMs = retryAfterMs;
  return new ProviderError(kind, message, options);
}

/** The error for a stream that ended without its final event. */
export function streamDroppedError(provider: string, what: string): ProviderError {
  return new ProviderError('stream_dropped', `${provider} stream ended before ${what}`, { provider });
}

/** The error for a request aborted through its signal. */
export function abortedError(provider: string, signal: AbortSignal | undefined): ProviderError {
  return new ProviderError('aborted', `${provider} request was aborted`, { provider, cause: signal?.reason });
}
