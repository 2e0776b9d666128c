import { ConfigurationError } from '../errors.js';
import { providerNameSchema, type ProviderName, type Settings } from './settings.js';

/**
 * Which provider and model a persona or a run uses: `provider:model` (e.g. `openai:gpt-5`), a bare
 * model name (the default provider), or nothing (the default provider's default model).
 */

export interface ModelChoice {
  provider: ProviderName;
  model: string;
}

export function resolveModelChoice(settings: Settings, choice?: string): ModelChoice {
  const trimmed = choice?.trim() ?? '';
  const separator = trimmed.indexOf(':');
  const prefix = separator > 0 ? providerNameSchema.safeParse(trimmed.slice(0, separator)) : undefined;
  if (prefix?.success === true) return withModel(settings, prefix.data, trimmed.slice(separator + 1).trim());
  return withModel(settings, settings.defaults.provider, trimmed);
}

function withModel(settings: Settings, provider: ProviderName, model: string): ModelChoice {
  if (model !== '') return { provider, model };
  const fallback = settings.providers[provider].defaultModel;
  if (fallback === undefined) {
    throw new ConfigurationError(`No model chosen for the ${provider} provider (setting providers.${provider}.defaultModel)`, {
      details: { provider, setting: `providers.${provider}.defaultModel` },
    });
  }
  return { provider, model: fallback };
}
