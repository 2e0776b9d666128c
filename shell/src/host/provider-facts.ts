import {
  KeyDestinationError,
  listProviderModels,
  providerLabels,
  providerNameSchema,
  providerSecretNames,
  resolveSecret,
  secretNames,
  verifyKeyDestination,
  type ModelListing,
  type ProviderFacts,
  type ProviderFactsSource,
} from '@kanbots/core/internals';
import { createHash } from 'node:crypto';
import type { SettingsRuntime } from './settings-runtime.js';

/**
 * What the check before a run knows about the user's providers, from the settings and the secret
 * store: on or off, a key set (never the key), a base URL, whether the stored key may go to it,
 * and the models the provider lists — asked with the key at the address it was saved for, and
 * remembered for a minute so opening the run form twice does not ask twice.
 */

export interface ProviderFactsOptions {
  /** How long a model listing is reused (default 60 s). */
  listingTtlMs?: number;
  /** Timeout of one listing (default 8 s). */
  listingTimeoutMs?: number;
  now?: () => number;
}

export function createProviderFacts(runtime: SettingsRuntime, options: ProviderFactsOptions = {}): ProviderFactsSource {
  const atStart = runtime.settings.get();
  const now = options.now ?? Date.now;
  const listings = new Map<string, { at: number; listing: Promise<ModelListing> }>();
  return async (name) => {
    const parsed = providerNameSchema.safeParse(name);
    if (!parsed.success) return undefined;
    const provider = parsed.data;
    const settings = runtime.settings.get();
    const providerSettings = settings.providers[provider];
    const store = await runtime.secretStore();
    const secretName = providerSecretNames[provider];
    const { value: apiKey } = await resolveSecret(store, secretName, runtime.env);
    const baseURL = providerSettings.baseURL;
    const facts: ProviderFacts = {
      label: providerLabels[provider],
      settingsName: provider,
      enabled: providerSettings.enabled,
      key: apiKey !== undefined ? 'set' : provider === 'compatible' ? 'not-needed' : 'missing',
      keyVariable: secretNames[secretName],
      baseURLMissing: provider === 'compatible' && baseURL === undefined,
    };
    try {
      await verifyKeyDestination({ store, name: secretName, env: runtime.env, environmentVariable: secretNames[secretName], providerLabel: providerLabels[provider], baseURL, baseURLAtStart: atStart.providers[provider].baseURL });
    } catch (error) {
      if (!(error instanceof KeyDestinationError)) throw error;
      facts.keyDestinationProblem = error.message;
      return facts;
    }
    if (facts.key === 'missing' || facts.baseURLMissing) return facts;
    facts.listModels = () => {
      const cacheKey = `${provider}\n${baseURL ?? ''}\n${apiKey === undefined ? '' : createHash('sha256').update(apiKey).digest('hex')}`;
      const cached = listings.get(cacheKey);
      if (cached !== undefined && now() - cached.at < (options.listingTtlMs ?? 60_000)) return cached.listing;
      const listing = listProviderModels({ provider, ...(apiKey === undefined ? {} : { apiKey }), ...(baseURL === undefined ? {} : { baseURL }), timeoutMs: options.listingTimeoutMs ?? 8_000 });
      listings.set(cacheKey, { at: now(), listing });
      return listing;
    };
    return facts;
  };
}
