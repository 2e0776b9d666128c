import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnvelope, UntrustedDocument } from './decode-document.js';
import { openJsonStore } from './json-store.js';
import type { StoredEnvelope } from './kanbots-store.js';
import type { SqliteStore } from './sqlite-store.js';

/**
 * The migration of a JSON data directory (Kanbots before the database) into `kanbots.db`, on the
 * first start with the database: the board, the settings and every run — records, agent
 * snapshots, git-config snapshots, damage notes, tool journals, activity logs — in one
 * transaction (a crash midway imports nothing, and the next start tries again). Records are
 * copied as found, damaged ones too, so the database sets them aside and reports them like any
 * other. The JSON files are left where they are, untouched; Kanbots does not read them again.
 */

export const JSON_IMPORT_META_KEY = 'json-import';

export interface JsonImportReport {
  /** False when the database had imported (or found nothing to import) before. */
  imported: boolean;
  documents: string[];
  runs: number;
  lines: number;
}

const DOCUMENT_KINDS = ['board', 'settings'] as const;

export function hasJsonData(dataDir: string): boolean {
  if (DOCUMENT_KINDS.some((kind) => existsSync(join(dataDir, `${kind}.json`)))) return true;
  const runs = join(dataDir, 'runs');
  return existsSync(runs) && readdirSync(runs).length > 0;
}

export function importJsonDataDir(store: SqliteStore, now: number): JsonImportReport {
  const { database, dataDir } = store;
  const done = (): boolean => database.prepare('SELECT 1 FROM meta WHERE key = ?').get(JSON_IMPORT_META_KEY) !== undefined;
  if (done()) return { imported: false, documents: [], runs: 0, lines: 0 };
  const json = openJsonStore(dataDir).runs;
  const report: JsonImportReport = { imported: true, documents: [], runs: 0, lines: 0 };
  database.transaction(() => {
    if (done()) {
      report.imported = false;
      return;
    }
    for (const kind of DOCUMENT_KINDS) {
      const text = readIfPresent(join(dataDir, `${kind}.json`));
      if (text === undefined) continue;
      const envelope = envelopeOrText(text, kind);
      // Text that is not JSON is kept as it is (read back, it is "not valid JSON", as the file was); JSON that is not a document is marked so.
      if (typeof envelope === 'string') store.writeRawDocument(kind, isJson(text) ? 'not-an-envelope' : 0, envelope);
      else store.writeRawDocument(kind, envelope.schemaVersion, JSON.stringify(envelope.data));
      report.documents.push(kind);
    }
    for (const runId of json.list()) {
      json.removeLeftovers(runId);
      const { documents, streams } = json.contents(runId);
      const texts: Record<string, string> = {};
      for (const name of documents) {
        const text = json.readText(runId, name);
        if (text !== undefined) texts[name] = text.trimEnd();
      }
      const lines = streams.flatMap((stream) => json.readLines(runId, stream).values.map((value) => ({ stream, value })));
      store.runs.importRaw(runId, texts, lines);
      report.runs += 1;
      report.lines += lines.length;
    }
    database.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(JSON_IMPORT_META_KEY, JSON.stringify({ at: now, documents: report.documents, runs: report.runs, lines: report.lines }));
  })();
  return report;
}

/** The envelope of a document file, or its text when it is not one (it is set aside on first read). */
function envelopeOrText(text: string, kind: string): StoredEnvelope | string {
  try {
    return parseEnvelope(text, kind);
  } catch (error) {
    if (error instanceof UntrustedDocument) return text;
    throw error;
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function readIfPresent(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
