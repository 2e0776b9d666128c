import { ConfigurationError } from '../errors.js';
import type { Redactor } from '../log/redact.js';
import type { ModelPort } from '../providers/model-port.js';
import type { PricingOption } from '../providers/pricing.js';
import { createAnthropicModel } from '../providers/anthropic/anthropic-model.js';
import { createOpenAICompatibleModel, createOpenAIModel } from '../providers/openai/openai-model.js';
import { resolveSecret, secretNames, type SecretName, type SecretStore } from '../secrets/secret-store.js';
import type { ProviderName, Settings } from './settings.js';

/**
 * Builds the model port of a provider from the settings and the key in the secret store (or its
 * environment variable). A missing key, a provider turned off, or a compatible server without a
 * base URL is a ConfigurationError that names the setting or variable to fix. The key goes to the
 * adapter and, when a redactor is given, to the redactor — nowhere else.
 */

export const providerSecretNames: Readonly<Record<ProviderName, SecretName>> = {
  anthropic: 'anthropic.apiKey',
  openai: 'openai.apiKey',
  compatible: 'compatible.apiKey',
};

export const providerLabels: Readonly<Record<ProviderName, string>> = {
  anthropic: 'Anthropic',
  openai: 'OpenAI',
  compatible: 'OpenAI-compatible',
};

export interface CreateModelOptions {
  /** A key entered for this request only (e.g. re-entered for a provider test), instead of the stored one. */
  apiKey?: string;
  /** Learns the key, so logs and messages redact it. */
  redactor?: Redactor;
  /** Per-request timeout (adapters default to 10 minutes). */
  timeoutMs?: number;
  pricing?: PricingOption;
  now?: () => number;
}

export type Environment = Readonly<Record<string, string | undefined>>;

export async function createModelForProvider(
  provider: ProviderName,
  settings: Settings,
  secretStore: SecretStore,
  env: Environment,
  options: CreateModelOptions = {},
): Promise<ModelPort> {
  const label = providerLabels[provider];
  const providerSettings = settings.providers[provider];
  if (!providerSettings.enabled) {
    throw new ConfigurationError(`The ${label} provider is turned off (setting providers.${provider}.enabled)`, {
      details: { provider, setting: `providers.${provider}.enabled` },
    });
  }
  const secretName = providerSecretNames[provider];
  const apiKey = options.apiKey ?? (await resolveSecret(secretStore, secretName, env)).value;
  if (apiKey !== undefined) options.redactor?.addSecret(apiKey);
  const common = {
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.pricing === undefined ? {} : { pricing: options.pricing }),
    ...(options.now === undefined ? {} : { now: options.now }),
  };
  const baseURL = providerSettings.baseURL;

  if (provider === 'compatible') {
    if (baseURL === undefined) {
      throw new ConfigurationError(`The ${label} provider needs a base URL (setting providers.compatible.baseURL, e.g. http://127.0.0.1:8080/v1)`, {
        details: { provider, setting: 'providers.compatible.baseURL' },
      });
    }
    return createOpenAICompatibleModel({ baseURL, ...(apiKey === undefined ? {} : { apiKey }), ...common });
  }
  if (apiKey === undefined) throw missingKey(provider, secretName);
  if (provider === 'anthropic') return createAnthropicModel({ apiKey, ...(baseURL === undefined ? {} : { baseURL }), ...common });
  return createOpenAIModel({ api: settings.providers.openai.api, apiKey, ...(baseURL === undefined ? {} : { baseURL }), ...common });
}

function missingKey(provider: ProviderName, secretName: SecretName): ConfigurationError {
  const variable = secretNames[secretName];
  return new ConfigurationError(`No ${providerLabels[provider]} API key: add one in Settings (${secretName}) or set the ${variable} environment variable`, {
    details: { provider, secret: secretName, environmentVariable: variable },
  });
}
