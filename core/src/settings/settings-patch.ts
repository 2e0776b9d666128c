import { z } from 'zod';
import { settingsSchema, type SettingsInput } from './settings.js';

/**
 * The patch `settings.update` takes, derived from the settings schema so the two cannot drift: a
 * deep partial of the settings where every value may also be `null` (a merge patch: remove it,
 * so its default applies again), objects strict as the settings' own. Keys are never settings,
 * so a key-like name is refused with the words that say where keys go. Browser-safe.
 */

/** A deep partial of `T` whose values may be `null` (removed). */
export type SettingsPatchOf<T> = T extends readonly unknown[]
  ? T | null
  : T extends object
    ? { [Key in keyof T]?: SettingsPatchOf<T[Key]> | null }
    : T | null;

export type SettingsPatch = { [Key in keyof SettingsInput]?: SettingsPatchOf<NonNullable<SettingsInput[Key]>> | null };

/** A key that names a credential, refused with a plain message (keys go through `secrets.set`). */
export const credentialKeyPattern = /api[_-]?key|secret|password|token/i;

const unrecognizedKeys = (issue: { code?: string; keys?: readonly string[] }): string | undefined =>
  issue.code === 'unrecognized_keys' && issue.keys?.some((key) => credentialKeyPattern.test(key)) === true
    ? 'API keys are not settings; store them with secrets.set'
    : undefined;

/** The patch schema of one settings schema node: objects recurse, records keep their keys, values become nullable. */
function patchOf(schema: z.ZodType): z.ZodType {
  const definition = schema.def as { type: string; innerType?: z.ZodType; shape?: Record<string, z.ZodType>; keyType?: z.ZodType; valueType?: z.ZodType };
  if ((definition.type === 'default' || definition.type === 'prefault' || definition.type === 'optional') && definition.innerType) return patchOf(definition.innerType);
  if (definition.type === 'object' && definition.shape) {
    const shape = Object.fromEntries(Object.entries(definition.shape).map(([key, value]) => [key, patchOf(value).nullable().optional()]));
    return z.strictObject(shape, { error: unrecognizedKeys });
  }
  if (definition.type === 'record' && definition.keyType && definition.valueType) return z.record(definition.keyType as z.ZodString, definition.valueType.nullable());
  return schema;
}

export const settingsPatchSchema = patchOf(settingsSchema) as z.ZodType<SettingsPatch>;
