import { boardDocument } from '../board/board-document.js';
import { createRedactor, type Redactor } from '../log/redact.js';
import { settingsDocument } from '../settings/settings-service.js';
import { decodeEnvelope, UntrustedDocument } from './decode-document.js';
import { EXPORT_FORMAT_VERSION, ExportFormatError, exportLineSchema, exportLineTypes, ImportTargetNotEmptyError, type ExportLine } from './export-format.js';
import { MACHINE_DOCUMENT_KINDS, type KanbotsStore, type StoreContents, type StoredDocumentSpec } from './kanbots-store.js';

/**
 * `kanbots export` / `kanbots import`: the whole store — board, settings, every run's documents
 * (record, agent snapshots, git-config snapshot) and lines (tool journals, activity logs) — as the
 * JSON lines of docs/export-format.md. Everything is redacted once more on the way out (keys are
 * never stored, but a key learnt after a line was written is not exported either). An import is
 * checked whole before anything is written, goes into an empty store only unless asked to
 * replace, and then lands at once (one transaction in the database).
 */

export interface ExportOptions {
  now: number;
  redactor?: Redactor;
}

export interface ExportCounts {
  documents: number;
  runs: number;
  runDocuments: number;
  runLines: number;
}

/** The export, line by line (each a JSON text without its newline). */
export function* exportStore(store: KanbotsStore, options: ExportOptions): Generator<string, ExportCounts> {
  const redactor = options.redactor ?? createRedactor();
  const contents = store.readAll();
  const counts: ExportCounts = { documents: 0, runs: 0, runDocuments: 0, runLines: 0 };
  const line = (value: ExportLine): string => JSON.stringify(redactor.value(value));
  yield line({ type: 'kanbots.export', version: EXPORT_FORMAT_VERSION, exportedAt: new Date(options.now).toISOString(), from: store.implementation });
  for (const document of contents.documents) {
    if (MACHINE_DOCUMENT_KINDS.includes(document.kind)) continue;
    counts.documents += 1;
    yield line({ type: 'document', version: EXPORT_FORMAT_VERSION, kind: document.kind, schemaVersion: document.schemaVersion, data: document.data });
  }
  for (const run of contents.runs) {
    counts.runs += 1;
    yield line({ type: 'run', version: EXPORT_FORMAT_VERSION, runId: run.runId });
    for (const document of run.documents) {
      counts.runDocuments += 1;
      const data = parsed(document.text);
      yield line(data === undefined ? { type: 'run.document', version: EXPORT_FORMAT_VERSION, runId: run.runId, name: document.name, text: document.text } : { type: 'run.document', version: EXPORT_FORMAT_VERSION, runId: run.runId, name: document.name, data: data.value });
    }
    for (const entry of run.lines) {
      counts.runLines += 1;
      yield line({ type: 'run.line', version: EXPORT_FORMAT_VERSION, runId: run.runId, stream: entry.stream, data: entry.value });
    }
  }
  yield line({ type: 'kanbots.export.end', version: EXPORT_FORMAT_VERSION, ...counts });
  return counts;
}

/** Documents whose content import checks before it writes anything (others are kept as they are). */
const checkedDocuments: Record<string, StoredDocumentSpec<unknown>> = {
  board: boardDocument() as StoredDocumentSpec<unknown>,
  settings: settingsDocument as StoredDocumentSpec<unknown>,
};

/** Reads a whole export; any line it cannot read is an `ExportFormatError` (with its line number). */
export function parseExport(text: string): StoreContents {
  const contents: StoreContents = { documents: [], runs: [] };
  const runs = new Map<string, StoreContents['runs'][number]>();
  const counts: ExportCounts = { documents: 0, runs: 0, runDocuments: 0, runLines: 0 };
  let started = false;
  let ended = false;
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  lines.forEach((raw, index) => {
    const number = index + 1;
    if (ended) throw new ExportFormatError(number, 'there is more after the end of the export');
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw new ExportFormatError(number, 'it is not a JSON object');
    }
    const claimed = json as { type?: unknown; version?: unknown } | null;
    if (typeof claimed?.version === 'number' && claimed.version > EXPORT_FORMAT_VERSION && exportLineTypes.includes(claimed.type as (typeof exportLineTypes)[number])) {
      throw new ExportFormatError(number, `it was written by a newer Kanbots (a "${String(claimed.type)}" of version ${claimed.version}; this one reads version ${EXPORT_FORMAT_VERSION})`);
    }
    const result = exportLineSchema.safeParse(json);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new ExportFormatError(number, `it is not a Kanbots export line (${issue?.path.join('.') || 'the line'}: ${issue?.message ?? 'invalid'})`);
    }
    const line = result.data;
    if (!started && line.type !== 'kanbots.export') throw new ExportFormatError(number, 'an export starts with a "kanbots.export" line');
    if (started && line.type === 'kanbots.export') throw new ExportFormatError(number, 'a second "kanbots.export" line');
    started = true;
    const runOf = (runId: string) => {
      const run = runs.get(runId);
      if (run === undefined) throw new ExportFormatError(number, `run ${runId} was not declared by a "run" line before`);
      return run;
    };
    switch (line.type) {
      case 'kanbots.export':
        return;
      case 'document': {
        if (contents.documents.some((document) => document.kind === line.kind)) throw new ExportFormatError(number, `a second "${line.kind}" document`);
        const spec = checkedDocuments[line.kind];
        if (spec !== undefined) {
          try {
            decodeEnvelope({ schemaVersion: line.schemaVersion, data: line.data }, spec, `line ${number}`);
          } catch (error) {
            if (error instanceof UntrustedDocument || error instanceof Error) throw new ExportFormatError(number, `its ${line.kind} is not one this Kanbots can use (${error.message})`);
            throw error;
          }
        }
        counts.documents += 1;
        contents.documents.push({ kind: line.kind, schemaVersion: line.schemaVersion, data: line.data });
        return;
      }
      case 'run': {
        if (runs.has(line.runId)) throw new ExportFormatError(number, `run ${line.runId} is declared twice`);
        const run = { runId: line.runId, documents: [], lines: [] };
        runs.set(line.runId, run);
        contents.runs.push(run);
        counts.runs += 1;
        return;
      }
      case 'run.document': {
        const run = runOf(line.runId);
        if (run.documents.some((document) => document.name === line.name)) throw new ExportFormatError(number, `a second "${line.name}" of run ${line.runId}`);
        if ((line.text === undefined) === !('data' in line)) throw new ExportFormatError(number, 'a run document has either "data" or "text"');
        run.documents.push({ name: line.name, text: line.text ?? JSON.stringify(line.data) });
        counts.runDocuments += 1;
        return;
      }
      case 'run.line':
        runOf(line.runId).lines.push({ stream: line.stream, value: line.data });
        counts.runLines += 1;
        return;
      case 'kanbots.export.end': {
        const expected = { documents: line.documents, runs: line.runs, runDocuments: line.runDocuments, runLines: line.runLines };
        if (JSON.stringify(expected) !== JSON.stringify(counts)) throw new ExportFormatError(number, `its counts (${describeCounts(expected)}) do not match what the file holds (${describeCounts(counts)})`);
        ended = true;
        return;
      }
    }
  });
  if (!started) throw new ExportFormatError(undefined, 'it is empty');
  if (!ended) throw new ExportFormatError(undefined, 'it ends before its "kanbots.export.end" line (a cut or unfinished file)');
  return contents;
}

export interface ImportResult extends ExportCounts {
  /** Where the data that was replaced is kept (with `replace`). */
  replacedKeptAt?: string;
}

/** Imports an export (already parsed) into a store: an empty one, or any when `replace` is asked for. */
export async function importIntoStore(store: KanbotsStore, contents: StoreContents, options: { now: number; replace?: boolean }): Promise<ImportResult> {
  const holds = { documents: (await store.documentKinds()).filter((kind) => !MACHINE_DOCUMENT_KINDS.includes(kind)).length, runs: store.runs.list().length };
  if (options.replace !== true && holds.documents + holds.runs > 0) throw new ImportTargetNotEmptyError(store.location, holds);
  const keptAt = await store.replaceAll(contents, options.now);
  return {
    documents: contents.documents.length,
    runs: contents.runs.length,
    runDocuments: contents.runs.reduce((total, run) => total + run.documents.length, 0),
    runLines: contents.runs.reduce((total, run) => total + run.lines.length, 0),
    ...(keptAt === undefined ? {} : { replacedKeptAt: keptAt }),
  };
}

function parsed(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

function describeCounts(counts: ExportCounts): string {
  return `${counts.documents} documents, ${counts.runs} runs, ${counts.runDocuments} run documents, ${counts.runLines} run lines`;
}
