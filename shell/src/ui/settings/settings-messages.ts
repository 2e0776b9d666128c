import { providerNameSchema, type ProviderName, type SecretName, type SecretSource } from '@kanbots/core/protocol';

/**
 * How the settings screen names what the protocol carries (core/src/protocol/settings-commands.ts
 * holds the schemas). API key values never appear in the UI — only `{ set, source }`.
 */

export const PROVIDER_NAMES = providerNameSchema.options;

export const PROVIDER_LABELS: Record<ProviderName, string> = {
  anthropic: 'Anthropic',
  openai: 'OpenAI',
  compatible: 'OpenAI-compatible',
};

export const SECRET_OF_PROVIDER: Record<ProviderName, SecretName> = {
  anthropic: 'anthropic.apiKey',
  openai: 'openai.apiKey',
  compatible: 'compatible.apiKey',
};

export const SECRET_SOURCE_LABELS: Record<SecretSource, string> = {
  keychain: 'stored in the system keychain',
  file: 'stored in a local file',
  memory: 'kept in memory until the host stops',
  environment: 'from an environment variable',
  none: 'not set',
};
