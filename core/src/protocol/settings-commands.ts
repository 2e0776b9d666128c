import { z } from 'zod';
import { secretNameSchema, secretValueSchema } from '../settings/secret-status.js';
import { providerNameSchema, settingsSchema } from '../settings/settings.js';
import { settingsPatchSchema } from '../settings/settings-patch.js';
import { limits } from '../model/limits.js';

/**
 * The settings commands (docs/protocol.md, "Settings"). Keys go one way only: `secrets.set` takes
 * a value and answers `{ set, source }`; nothing ever sends a value back, publishes it or logs it.
 */

export const secretSourceSchema = z.enum(['keychain', 'file', 'memory', 'environment', 'none']);
/** `masked`: the key as Settings shows it (`sk-…7890`, at most its last four characters). */
export const secretStatusSchema = z.object({ set: z.boolean(), source: secretSourceSchema, masked: z.string().max(32).optional() });
export const secretStatusesSchema = z.record(secretNameSchema, secretStatusSchema);

/** What `settings.get` answers: the settings, whether each key is set, and where keys are kept. */
export const settingsViewSchema = z.object({
  settings: settingsSchema,
  secrets: secretStatusesSchema,
  secretStore: z.object({ backend: z.enum(['keychain', 'file', 'memory']), warning: z.string().optional() }),
  /** Why the stored settings could not be used on start (they were set aside; defaults apply). */
  problem: z.string().optional(),
});
export type SettingsView = z.infer<typeof settingsViewSchema>;

const providerErrorKindSchema = z.enum(['rate_limited', 'overloaded', 'server_error', 'auth', 'bad_request', 'network', 'timeout', 'stream_dropped', 'aborted', 'malformed_output', 'unknown']);

export const providerCheckResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), provider: z.string(), model: z.string() }),
  z.object({ ok: z.literal(false), provider: z.string(), model: z.string(), kind: z.union([providerErrorKindSchema, z.enum(['configuration', 'unknown'])]), message: z.string() }),
]);

/** `secrets.changed`: one key's status after it was set or deleted (never its value). */
export const secretChangedSchema = secretStatusSchema.extend({ name: secretNameSchema });

export const settingsCommands = {
  'settings.get': { args: z.strictObject({}), result: settingsViewSchema },
  /** A merge patch of the settings (settings-patch.ts: a deep partial, `null` removes a value), merged and validated by the settings service. */
  'settings.update': { args: z.strictObject({ patch: settingsPatchSchema }), result: z.object({ settings: settingsSchema }) },
  'secrets.set': { args: z.strictObject({ name: secretNameSchema, value: secretValueSchema }), result: secretStatusSchema },
  'secrets.delete': { args: z.strictObject({ name: secretNameSchema }), result: secretStatusSchema },
  /** `apiKey`: the key entered again, needed when the base URL is not the one the stored key was saved for. */
  'providers.test': {
    args: z.strictObject({ provider: providerNameSchema, model: z.string().trim().min(1).max(limits.titleLength).optional(), apiKey: secretValueSchema.optional() }),
    result: providerCheckResultSchema,
  },
} as const;
