import { z } from 'zod';
import { KanbotsError, type KanbotsErrorOptions } from '../errors.js';
import { isStoreName } from './kanbots-store.js';

/**
 * The export format (docs/export-format.md): JSON lines, one object per line, each with a `type`
 * and the `version` of its shape. A file opens with `kanbots.export` and closes with
 * `kanbots.export.end`, whose counts tell a whole file from a cut one.
 */

export const EXPORT_FORMAT_VERSION = 1;

const storeName = z.string().refine(isStoreName, 'not a name the store can keep (letters, digits, . _ -)');
/** Run document and stream names: one name, or `agent/<id>` / `tools/<id>`. */
const runEntryName = z.string().refine((name) => {
  const parts = name.split('/');
  return parts.length <= 2 && parts.every(isStoreName);
}, 'not a name the store can keep');
const version = z.literal(EXPORT_FORMAT_VERSION);

export const exportLineSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('kanbots.export'), version, exportedAt: z.string(), from: z.enum(['sqlite', 'json']) }),
  z.strictObject({ type: z.literal('document'), version, kind: storeName, schemaVersion: z.number().int(), data: z.unknown() }),
  z.strictObject({ type: z.literal('run'), version, runId: storeName }),
  /** `data`: the document; `text`: instead, a document that is not JSON (a damaged one, exported as found). */
  z.strictObject({ type: z.literal('run.document'), version, runId: storeName, name: runEntryName, data: z.unknown().optional(), text: z.string().optional() }),
  z.strictObject({ type: z.literal('run.line'), version, runId: storeName, stream: runEntryName, data: z.unknown() }),
  z.strictObject({ type: z.literal('kanbots.export.end'), version, documents: z.number().int().nonnegative(), runs: z.number().int().nonnegative(), runDocuments: z.number().int().nonnegative(), runLines: z.number().int().nonnegative() }),
]);
export type ExportLine = z.infer<typeof exportLineSchema>;

/** The line types, for a line of a newer version (its shape is not checked: only that this Kanbots cannot read it). */
export const exportLineTypes = ['kanbots.export', 'document', 'run', 'run.document', 'run.line', 'kanbots.export.end'] as const;

/** An export file this Kanbots cannot read: nothing was imported. */
export class ExportFormatError extends KanbotsError {
  override readonly name = 'ExportFormatError';
  constructor(
    readonly line: number | undefined,
    readonly reason: string,
    options: KanbotsErrorOptions = {},
  ) {
    super('export_format_invalid', `${line === undefined ? 'The export file' : `Line ${line} of the export file`} cannot be imported: ${reason}. Nothing was imported.`, { ...options, details: { ...options.details, ...(line === undefined ? {} : { line }), reason } });
  }
}

/** Importing into a data directory that already holds a board or runs, without asking to replace them. */
export class ImportTargetNotEmptyError extends KanbotsError {
  override readonly name = 'ImportTargetNotEmptyError';
  constructor(
    readonly location: string,
    readonly holds: { documents: number; runs: number },
    options: KanbotsErrorOptions = {},
  ) {
    super(
      'import_target_not_empty',
      `${location} already holds data (${holds.documents} documents, ${holds.runs} runs). Nothing was imported. Import into an empty data directory, or ask to replace what is there (kanbots import --replace; the old data is kept beside it).`,
      { ...options, details: { ...options.details, location, ...holds } },
    );
  }
}
