import { describe, expect, it } from 'vitest';
import { estimateCostUsd } from '../../src/providers/model-port.js';
import { findModelPricing, resolveModelPricing } from '../../src/providers/pricing.js';

describe('model pricing', () => {
  it('finds a known family by the longest prefix, including dated snapshots', () => {
    expect(findModelPricing('claude-sonnet-4-5-20250929')?.inputPerMillion).toBe(3);
    expect(findModelPricing('gpt-4o-mini')?.inputPerMillion).toBe(0.15);
    expect(findModelPricing('gpt-4o-2024-08-06')?.inputPerMillion).toBe(2.5);
    expect(findModelPricing('my-local-llama')).toBeUndefined();
  });

  it('prefers the caller pricing, as one price or a table', () => {
    expect(resolveModelPricing('anything', { inputPerMillion: 1, outputPerMillion: 2 })).toEqual({ inputPerMillion: 1, outputPerMillion: 2 });
    expect(resolveModelPricing('local-7b', { local: { inputPerMillion: 0, outputPerMillion: 0.1 } })?.outputPerMillion).toBe(0.1);
    expect(resolveModelPricing('gpt-4o', { local: { inputPerMillion: 0, outputPerMillion: 0.1 } })?.inputPerMillion).toBe(2.5);
  });

  it('estimates cost in USD', () => {
    expect(estimateCostUsd({ inputTokens: 1_000_000, outputTokens: 100_000 }, findModelPricing('claude-sonnet-4'))).toBeCloseTo(4.5, 10);
  });
});
