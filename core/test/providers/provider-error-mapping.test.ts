import { describe, expect, it } from 'vitest';
import { scrubSecrets, toProviderError } from '../../src/providers/map-provider-error.js';
import { ProviderError } from '../../src/providers/provider-errors.js';
import { parseRetryAfterMs } from '../../src/providers/retry-after.js';

/** SDK error shapes → ProviderError kinds, retry-after parsing and secret scrubbing (pure). */

const context = { provider: 'test', now: Date.UTC(2026, 0, 1) };

function named(name: string, fields: Record<string, unknown> = {}): Error {
  const error = new Error(String(fields.message ?? name));
  Object.defineProperty(error, 'name', { value: name });
  return Object.assign(error, fields);
}

describe('retry-after parsing', () => {
  const headers = (values: Record<string, string>) => new Headers(values);
  it('prefers retry-after-ms, then seconds, then an HTTP date', () => {
    expect(parseRetryAfterMs(headers({ 'retry-after-ms': '250', 'retry-after': '9' }), 0)).toBe(250);
    expect(parseRetryAfterMs(headers({ 'retry-after': '1.5' }), 0)).toBe(1500);
    expect(parseRetryAfterMs(headers({ 'retry-after': new Date(context.now + 4000).toUTCString() }), context.now)).toBe(4000);
  });
  it('ignores what does not parse and dates in the past clamp to zero', () => {
    expect(parseRetryAfterMs(headers({ 'retry-after': 'soon' }), 0)).toBeUndefined();
    expect(parseRetryAfterMs(headers({ 'retry-after-ms': 'x', 'retry-after': '2' }), 0)).toBe(2000);
    expect(parseRetryAfterMs(headers({ 'retry-after': new Date(context.now - 4000).toUTCString() }), context.now)).toBe(0);
    expect(parseRetryAfterMs(undefined, 0)).toBeUndefined();
  });
});

describe('mapping SDK errors to ProviderError', () => {
  it.each([
    [429, 'rate_limited'],
    [529, 'overloaded'],
    [500, 'server_error'],
    [502, 'server_error'],
    [401, 'auth'],
    [403, 'auth'],
    [400, 'bad_request'],
    [404, 'bad_request'],
    [408, 'timeout'],
  ] as const)('HTTP %i → %s', (status, kind) => {
    const error = toProviderError(named('APIError', { status, headers: new Headers() }), context);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind, status, provider: 'test' });
  });

  it('an overloaded body on a 5xx is overloaded', () => {
    expect(toProviderError(named('InternalServerError', { status: 503, error: { type: 'error', error: { type: 'overloaded_error' } } }), context).kind).toBe('overloaded');
  });

  it('mid-stream error events (no status) map by their type', () => {
    expect(toProviderError(named('APIError', { type: 'overloaded_error', error: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } }), context).kind).toBe('overloaded');
    expect(toProviderError(named('APIError', { error: { type: 'server_error', message: 'boom' } }), context).kind).toBe('server_error');
    expect(toProviderError(named('APIError', { error: { type: 'rate_limit_error' } }), context).kind).toBe('rate_limited');
  });

  it('connection, timeout, abort and terminated sockets', () => {
    expect(toProviderError(named('APIConnectionError', { message: 'Connection error.' }), context).kind).toBe('network');
    expect(toProviderError(named('APIConnectionTimeoutError'), context).kind).toBe('timeout');
    expect(toProviderError(named('APIUserAbortError'), context).kind).toBe('aborted');
    const aborted = new AbortController();
    aborted.abort();
    expect(toProviderError(new Error('whatever'), { ...context, signal: aborted.signal }).kind).toBe('aborted');
    const terminated = new TypeError('terminated', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
    expect(toProviderError(terminated, context).kind).toBe('stream_dropped');
    expect(toProviderError('strange', context).kind).toBe('unknown');
  });

  it('carries retryAfterMs and keeps ProviderErrors as they are', () => {
    const error = toProviderError(named('RateLimitError', { status: 429, headers: new Headers({ 'retry-after': '3' }) }), context);
    expect(error.retryAfterMs).toBe(3000);
    expect(error.retryable).toBe(true);
    expect(toProviderError(error, context)).toBe(error);
  });

  it('never lets the API key into the message', () => {
    const key = 'my-private-key-value';
    const error = toProviderError(named('AuthenticationError', { status: 401, error: { error: { message: `bad key ${key} and sk-abcdefghijkl` } } }), { ...context, secrets: [key] });
    expect(error.message).not.toContain(key);
    expect(error.message).not.toContain('sk-abcdefghijkl');
    expect(scrubSecrets('sk-ant-api03-xyzxyzxyz')).toBe('[REDACTED]');
  });
});
