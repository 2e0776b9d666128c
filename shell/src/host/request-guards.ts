import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The WebSocket transport's checks at upgrade: the per-start token (constant-time compare), the
 * `Host` header (DNS rebinding: a page on evil.example resolving to 127.0.0.1 still sends its own
 * host name) and the `Origin` (a foreign page in the user's browser).
 */

/** A fresh random token: 32 bytes, base64url. */
export function createToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Compares in constant time (hashing first, so lengths do not leak either). */
export function tokensEqual(given: string | null | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected)) && given.length === expected.length;
}

/** `Host` must be exactly `127.0.0.1:<port>` or `localhost:<port>`. */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  const value = host.toLowerCase();
  return value === `127.0.0.1:${port}` || value === `localhost:${port}`;
}

/** `Origin` may be absent (non-browser clients) or exactly the page's own origin. */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  const value = origin.toLowerCase();
  return value === `http://127.0.0.1:${port}` || value === `http://localhost:${port}`;
}
