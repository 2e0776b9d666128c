import { z } from 'zod';

/**
 * The settings as the UI sees them (`settings.get`, `settings.changed`, `secrets.set`), validated
 * leniently: the host owns the full schema (core/src/settings/settings.ts); the UI reads the
 * fields it shows and keeps the rest. API key values never appear here — only `{ set, source }`.
 */

export const PROVIDER_NAMES = ['anthropic', 'openai', 'compatible'] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

export const PROVIDER_LABELS: Record<ProviderName, string> = {
  anthropic: 'Anthropic',
  openai: 'OpenAI',
  compatible: 'OpenAI-compatible',
};

export const SECRET_NAMES = ['anthropic.apiKey', 'openai.apiKey', 'compatible.apiKey'] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

export const SECRET_OF_PROVIDER: Record<ProviderName, SecretName> = {
  anthropic: 'anthropic.apiKey',
  openai: 'openai.apiKey',
  compatible: 'compatible.apiKey',
};

/** A settings section that may be missing: read as `{}`, so every field takes its fallback. */
function section<Schema extends z.ZodType>(schema: Schema): z.ZodPreprocess<Schema, unknown> {
  return z.preprocess((value) => (value === undefined || value === null ? {} : value), schema);
}

const providerSchema = z.looseObject({
  enabled: z.boolean().catch(true),
  baseURL: z.string().optional().catch(undefined),
  defaultModel: z.string().optional().catch(undefined),
  api: z.enum(['chat', 'responses']).optional().catch(undefined),
});

export const toolDecisionSchema = z.enum(['allow', 'ask', 'deny']);
export type ToolDecision = z.infer<typeof toolDecisionSchema>;

export const uiSettingsSchema = z.looseObject({
  providers: section(
    z.looseObject({
      anthropic: section(providerSchema),
      openai: section(providerSchema),
      compatible: section(providerSchema.extend({ enabled: z.boolean().catch(false) })),
    }),
  ),
  defaults: section(
    z.looseObject({
      provider: z.enum(PROVIDER_NAMES).catch('anthropic'),
      workflow: z.enum(['solo', 'dev-review', 'best-of-n', 'pipeline']).catch('dev-review'),
      maxReviewRounds: z.number().catch(3),
      bestOfN: z.number().catch(3),
      personas: z.record(z.string(), z.string()).catch({}),
    }),
  ),
  limits: section(z.looseObject({ global: z.number().catch(4), perProvider: z.record(z.string(), z.number()).catch({}) })),
  toolPolicy: section(z.looseObject({ default: toolDecisionSchema.catch('allow'), rules: z.record(z.string(), toolDecisionSchema).catch({}) })),
  notifications: section(z.looseObject({ needsYou: z.boolean().catch(true), finished: z.boolean().catch(true) })),
});
export type UiSettings = z.infer<typeof uiSettingsSchema>;

export const secretStatusSchema = z.object({ set: z.boolean(), source: z.string() });
export type SecretStatus = z.infer<typeof secretStatusSchema>;

export const settingsViewSchema = z.object({
  settings: uiSettingsSchema,
  secrets: z.record(z.string(), secretStatusSchema).catch({}),
  secretStore: z.object({ backend: z.string(), warning: z.string().optional() }).optional(),
  problem: z.string().optional(),
});
export type SettingsView = z.infer<typeof settingsViewSchema>;

export const SECRET_SOURCE_LABELS: Record<string, string> = {
  keychain: 'stored in the system keychain',
  file: 'stored in a local file',
  memory: 'kept in memory until the host stops',
  environment: 'from an environment variable',
  none: 'not set',
};
