import { KanbotsError, type KanbotsErrorOptions } from '../errors.js';

/**
 * Typed provider failures. `retryable` ones send the agent to `backingOff`; `retryAfterMs` is the
 * server's wish (from `retry-after-ms` / `retry-after`) when it expressed one.
 */
export type ProviderErrorKind =
  | 'rate_limited'
  | 'overloaded'
  | 'server_error'
  | 'auth'
  | 'bad_request'
  | 'network'
  | 'timeout'
  | 'stream_dropped'
  | 'aborted'
  | 'malformed_output'
  | 'unknown';

const retryableKinds: ReadonlySet<ProviderErrorKind> = new Set([
  'rate_limited',
  'overloaded',
  'server_error',
  'network',
  'timeout',
  'stream_dropped',
]);

export interface ProviderErrorOptions extends KanbotsErrorOptions {
  provider: string;
  status?: number;
  retryAfterMs?: number;
}

export class ProviderError extends KanbotsError {
  override readonly name = 'ProviderError';
  readonly kind: ProviderErrorKind;
  readonly provider: string;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(kind: ProviderErrorKind, message: string, options: ProviderErrorOptions) {
    super(`provider_${kind}`, message, {
      ...options,
      retryable: options.retryable ?? retryableKinds.has(kind),
      details: { ...options.details, kind, provider: options.provider, status: options.status, retryAfterMs: options.retryAfterMs },
    });
    this.kind = kind;
    this.provider = options.provider;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }
}
