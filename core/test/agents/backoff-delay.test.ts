import { describe, expect, it } from 'vitest';
import { backoffDelayMs, defaultRetrySettings } from '../../src/agents/retry-settings.js';

const settings = { ...defaultRetrySettings, baseDelayMs: 500, maxDelayMs: 8_000 };

describe('backoff delay', () => {
  it('honours the server retry-after when it sent one', () => {
    expect(backoffDelayMs(settings, 3, 0.9, 2_000)).toBe(2_000);
    expect(backoffDelayMs(settings, 0, 0.1, 0)).toBe(0);
  });

  it('grows exponentially between half and all of min(base·2^n, cap)', () => {
    expect(backoffDelayMs(settings, 0, 0)).toBe(250);
    expect(backoffDelayMs(settings, 0, 1)).toBe(500);
    expect(backoffDelayMs(settings, 2, 1)).toBe(2_000);
    expect(backoffDelayMs(settings, 2, 0.5)).toBe(1_500);
  });

  it('never exceeds the cap', () => {
    expect(backoffDelayMs(settings, 10, 1)).toBe(8_000);
    expect(backoffDelayMs(settings, 30, 0)).toBe(4_000);
  });
});
