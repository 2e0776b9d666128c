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
  /**
   * The longest the agent keeps retrying one failing request, counted from its first failure
   * (the attempts' own time included): a persistent network failure stops after this and says so.
   */
  maxRetryWindowMs: number;
}

export const defaultRetrySettings: RetrySettings = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  requestIdleTimeoutMs: 120_000,
  maxRetryWindowMs: 90_000,
};

/** Why an agent stopped retrying a failing request: it gave up (attempts or time spent), or the person stopped it. */
export interface RetriesGivenUp {
  attempts: number;
  /** From the first failure to the last. */
  elapsedMs: number;
  stoppedBy: 'attempts' | 'time' | 'person';
}

/** Whether another retry fits: attempts left, and the time since the first failure (plus a server's `retry-after`) inside the window. */
export function retryFits(settings: RetrySettings, attempt: number, elapsedMs: number, retryAfterMs?: number): 'yes' | 'attempts' | 'time' {
  if (attempt >= settings.maxAttempts) return 'attempts';
  const window = settings.maxRetryWindowMs ?? defaultRetrySettings.maxRetryWindowMs;
  if (elapsedMs + Math.max(0, retryAfterMs ?? 0) >= window) return 'time';
  return 'yes';
}

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
