import { z } from 'zod';
import { maskSecret } from './mask-secret.js';
import { resolveSecret, secretNames, type SecretName, type SecretSource, type SecretStore } from '../secrets/secret-store.js';

/**
 * What the UI may know about API keys: whether each one is set, where it comes from, and its
 * masked form (`sk-…7890`) — never the value. Also the rules a key entered in the UI must follow before it is stored.
 */

export interface SecretStatus {
  set: boolean;
  source: SecretSource;
  /** The key as Settings shows it, `sk-…7890` (maskSecret): never more than its last four characters. */
  masked?: string;
}

export type SecretStatuses = Record<SecretName, SecretStatus>;

export async function describeSecrets(store: SecretStore, env: Readonly<Record<string, string | undefined>>): Promise<SecretStatuses> {
  const entries = await Promise.all(
    (Object.keys(secretNames) as SecretName[]).map(async (name) => {
      const { value, source } = await resolveSecret(store, name, env);
      const status: SecretStatus = value === undefined ? { set: false, source } : { set: true, source, masked: maskSecret(value) };
      return [name, status] as const;
    }),
  );
  return Object.fromEntries(entries) as SecretStatuses;
}

export const MAX_SECRET_LENGTH = 4096;

export const secretNameSchema = z.enum(Object.keys(secretNames) as [SecretName, ...SecretName[]]);

/** A key as entered: trimmed, not empty, not huge, one line of printable characters. Error messages never contain it. */
export const secretValueSchema = z
  .string({ error: 'expected a string' })
  .trim()
  .min(1, { error: 'the key is empty' })
  .max(MAX_SECRET_LENGTH, { error: `the key is longer than ${MAX_SECRET_LENGTH} characters` })
  // eslint-disable-next-line no-control-regex
  .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), { error: 'the key contains control characters (a line break?)' });
