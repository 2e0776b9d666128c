import { z } from 'zod';
import { validationErrorFrom } from '../errors.js';
import type { StoredDocumentSpec, StoredEnvelope } from './kanbots-store.js';
import { StoreError } from './store-errors.js';

/**
 * Decoding a stored document, the same for every store: the envelope `{ kind, schemaVersion,
 * data }`, then the migrations from its version to the current one, step by step, then the
 * schema. A document that cannot be trusted throws an `UntrustedDocument` (the store sets it
 * aside and reports a `StoreCorruptError`); a missing migration is a `StoreError` (a bug of this
 * Kanbots, not of the data: nothing is moved).
 */

export const envelopeSchema = z.object({
  kind: z.string(),
  schemaVersion: z.number().int().nonnegative(),
  data: z.unknown(),
});

/** Why a stored document is not trusted. */
export class UntrustedDocument extends Error {
  override readonly name = 'UntrustedDocument';
}

/** Parses the text of a whole envelope (a JSON file of the JSON store). */
export function parseEnvelope(text: string, kind: string): StoredEnvelope {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UntrustedDocument(`not valid JSON: ${describe(error)}`, { cause: error });
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) throw new UntrustedDocument('not a Kanbots document (kind, schemaVersion and data expected)', { cause: envelope.error });
  if (envelope.data.kind !== kind) throw new UntrustedDocument(`expected kind "${kind}", found "${envelope.data.kind}"`);
  return { schemaVersion: envelope.data.schemaVersion, data: envelope.data.data };
}

/** Migrates and validates a stored envelope; `location` names it in errors. */
export function decodeEnvelope<T>(envelope: StoredEnvelope, spec: StoredDocumentSpec<T>, location: string): T {
  const { schemaVersion } = envelope;
  if (schemaVersion > spec.version) throw new UntrustedDocument(`schema version ${schemaVersion} is newer than the supported version ${spec.version}`);
  let data = envelope.data;
  for (let version = schemaVersion; version < spec.version; version += 1) {
    const migrate = spec.migrations?.[version];
    if (migrate === undefined) {
      throw new StoreError(location, 'migrate', `No migration of "${spec.kind}" documents from version ${version} to ${version + 1}`, { code: 'store_migration_missing' });
    }
    try {
      data = migrate(data);
    } catch (error) {
      throw new UntrustedDocument(`migration from version ${version} failed: ${describe(error)}`, { cause: error });
    }
  }
  const parsed = spec.schema.safeParse(data);
  if (!parsed.success) throw new UntrustedDocument(validationErrorFrom(`${spec.kind} document`, parsed.error).message, { cause: parsed.error });
  return parsed.data;
}

/** Validates a value before it is stored (a bad one is the caller's error: nothing is written). */
export function validateForWrite<T>(spec: StoredDocumentSpec<T>, value: T): T {
  const parsed = spec.schema.safeParse(value);
  if (!parsed.success) throw validationErrorFrom(`${spec.kind} document`, parsed.error);
  return parsed.data;
}

/** A suffix naming the moment something was set aside: `2026-01-01T00-00-00-000Z`. */
export function setAsideStamp(now: number): string {
  return new Date(now).toISOString().replace(/[:.]/g, '-');
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
