/** Capped exponential backoff for reconnecting: 250 ms, 500 ms, 1 s, … up to `maximumMs`. */
export interface BackoffOptions {
  initialMs: number;
  maximumMs: number;
  factor: number;
  /** Failed attempts after which the connection reports `offline` (it keeps trying). */
  attemptsBeforeOffline: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 250, maximumMs: 10_000, factor: 2, attemptsBeforeOffline: 4 };

export function backoffDelay(options: BackoffOptions, attempt: number): number {
  return Math.min(options.maximumMs, options.initialMs * options.factor ** Math.max(0, attempt));
}
