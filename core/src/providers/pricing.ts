import type { ModelPricing } from './model-port.js';

/**
 * A small table of list prices (USD per million tokens) for well-known model names, used to
 * estimate cost when the caller gives no pricing of their own. Matched by longest prefix, so
 * dated snapshots (`claude-sonnet-4-5-20250929`) find their family. Prices drift: callers that
 * care pass `pricing` explicitly.
 */
export const knownModelPricing: Readonly<Record<string, ModelPricing>> = {
  'claude-opus-4': { inputPerMillion: 15, outputPerMillion: 75, cacheReadPerMillion: 1.5, cacheWritePerMillion: 18.75 },
  'claude-opus-4-5': { inputPerMillion: 5, outputPerMillion: 25, cacheReadPerMillion: 0.5, cacheWritePerMillion: 6.25 },
  'claude-sonnet-4': { inputPerMillion: 3, outputPerMillion: 15, cacheReadPerMillion: 0.3, cacheWritePerMillion: 3.75 },
  'claude-3-7-sonnet': { inputPerMillion: 3, outputPerMillion: 15, cacheReadPerMillion: 0.3, cacheWritePerMillion: 3.75 },
  'claude-haiku-4': { inputPerMillion: 1, outputPerMillion: 5, cacheReadPerMillion: 0.1, cacheWritePerMillion: 1.25 },
  'claude-3-5-haiku': { inputPerMillion: 0.8, outputPerMillion: 4, cacheReadPerMillion: 0.08, cacheWritePerMillion: 1 },
  'gpt-5': { inputPerMillion: 1.25, outputPerMillion: 10, cacheReadPerMillion: 0.125 },
  'gpt-5-mini': { inputPerMillion: 0.25, outputPerMillion: 2, cacheReadPerMillion: 0.025 },
  'gpt-5-nano': { inputPerMillion: 0.05, outputPerMillion: 0.4, cacheReadPerMillion: 0.005 },
  'gpt-4.1': { inputPerMillion: 2, outputPerMillion: 8, cacheReadPerMillion: 0.5 },
  'gpt-4.1-mini': { inputPerMillion: 0.4, outputPerMillion: 1.6, cacheReadPerMillion: 0.1 },
  'gpt-4o': { inputPerMillion: 2.5, outputPerMillion: 10, cacheReadPerMillion: 1.25 },
  'gpt-4o-mini': { inputPerMillion: 0.15, outputPerMillion: 0.6, cacheReadPerMillion: 0.075 },
  'o3': { inputPerMillion: 2, outputPerMillion: 8, cacheReadPerMillion: 0.5 },
  'o4-mini': { inputPerMillion: 1.1, outputPerMillion: 4.4, cacheReadPerMillion: 0.275 },
};

/** The pricing for `model`: an explicit table first, then the known one; longest prefix wins. */
export function findModelPricing(
  model: string,
  table: Readonly<Record<string, ModelPricing>> = knownModelPricing,
): ModelPricing | undefined {
  let best: string | undefined;
  for (const prefix of Object.keys(table)) {
    if ((model === prefix || model.startsWith(`${prefix}-`) || model.startsWith(`${prefix}.`)) && (best === undefined || prefix.length > best.length)) {
      best = prefix;
    }
  }
  return best === undefined ? undefined : table[best];
}

/** Pricing as adapters accept it: one price for every model, or a table keyed by model-name prefix. */
export type PricingOption = ModelPricing | Readonly<Record<string, ModelPricing>>;

function isModelPricing(value: PricingOption): value is ModelPricing {
  return typeof (value as ModelPricing).inputPerMillion === 'number';
}

/** The caller's pricing for `model` when given, else the known table's. */
export function resolveModelPricing(model: string, pricing?: PricingOption): ModelPricing | undefined {
  if (pricing !== undefined) {
    if (isModelPricing(pricing)) return pricing;
    const custom = findModelPricing(model, pricing);
    if (custom !== undefined) return custom;
  }
  return findModelPricing(model);
}
