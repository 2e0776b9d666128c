/**
 * The server's wish for when to retry, in milliseconds: `retry-after-ms` (preferred) or
 * `retry-after` (seconds, or an HTTP date relative to `now`). Undefined when neither parses.
 */
export interface HeaderReader {
  get(name: string): string | null | undefined;
}

export function parseRetryAfterMs(headers: HeaderReader | undefined, now: number): number | undefined {
  if (!headers) return undefined;
  const milliseconds = headers.get('retry-after-ms');
  if (milliseconds !== null && milliseconds !== undefined && milliseconds.trim() !== '') {
    const value = Number(milliseconds);
    if (Number.isFinite(value) && value >= 0) return Math.round(value);
  }
  const retryAfter = headers.get('retry-after');
  if (retryAfter === null || retryAfter === undefined || retryAfter.trim() === '') return undefined;
  const seconds = Number(retryAfter);
  if (Number.isFinite(seconds)) return seconds >= 0 ? Math.round(seconds * 1000) : undefined;
  const date = Date.parse(retryAfter);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
