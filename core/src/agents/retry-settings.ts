/**
 * Retrying retryable provider failures (rate limit, overloaded, 5xx, network, timeout, a stream
 * dropped mid-way). The SDKs' own retries are off: the agent owns them, so a backoff shows on the
 * card and a pause or cancel interrupts it.
 */
export interface RetrySettings {
  /** Retries after the first attempt before the run fails. */
  maxAttempts: number;
  /** First delay of the exponential backoff. */
  baseDelayMs: number;
  /** The exponential delay never exceeds this (a server's `retry-after` may). */
  maxDelayMs: number;
  /** A request that sends nothing for this long is aborted and counts as a timeout. */
  requestIdleTimeoutMs: number;
}

export const defaultRetrySettings: RetrySettings = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  requestIdleTimeoutMs: 120_000,
};

/**
 * The delay before retry number `attempt` (0 for the first retry): the server's `retryAfterMs`
 * when it sent one, else `min(base·2^attempt, cap)` with "equal jitter" — between half and all of
 * it, `jitter` being a draw from the injected random source in [0, 1).
 */
export function backoffDelayMs(settings: RetrySettings, attempt: number, jitter: number, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs >= 0) return Math.ceil(retryAfterMs);
  const ceiling = Math.min(settings.baseDelayMs * 2 ** attempt, settings.maxDelayMs);
  const clampedJitter = Math.min(Math.max(jitter, 0), 1);
  return Math.round(ceiling / 2 + (ceiling / 2) * clampedJitter);
}
