import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { systemClock, type Clock } from '../ports/clock.js';
import { decodeEnvelope, setAsideStamp, UntrustedDocument, validateForWrite } from './decode-document.js';
import { isStoreName, MACHINE_DOCUMENT_KINDS, type KanbotsStore, type RunStep, type RunStore, type StoreContents, type StoredDocumentSpec, type StoredEnvelope, type StoredLines } from './kanbots-store.js';
import { RunStepQueue } from './run-step-queue.js';
import { DOCUMENT_ROWS_SCHEMA, SqliteDocumentRows, type AssembledDocument, type RowsDocumentSpec } from './sqlite-document-rows.js';
import { loadSqlite } from './load-sqlite.js';
import { StoreCorruptError, StoreError } from './store-errors.js';
import { KanbotsError } from '../errors.js';

/**
 * The store as one SQLite database, `kanbots.db` in the data directory, in WAL mode: a commit is
 * one transaction (a run's step — its documents and lines — is stored whole or not at all), in
 * the write-ahead log when `commit` returns, so a kill -9 of Kanbots at any instant keeps every
 * step before it. With the default `synchronous = NORMAL` a commit does not wait for the disk
 * (no fsync on the event loop; the log is synced at checkpoints): a power cut or an OS crash may
 * lose the last steps, never the database's consistency. `synchronous: 'full'` fsyncs every
 * commit. Readers (another connection, `kanbots board`, `kanbots export`) read while Kanbots writes.
 *
 *   documents (kind, schema_version, data)     documents kept whole: the settings, the worktree registry
 *   document_headers, document_rows            documents kept as rows: the board (one row per card,
 *                                              ordered by rank keys; see sqlite-document-rows.ts)
 *   runs (run_id)                              every run that has anything stored
 *   run_documents (run_id, name, data)         run record, agent snapshots, git-config snapshot, damage note
 *   run_lines (id, run_id, stream, data)       tool journals, activity logs, in append order
 *   set_aside (id, place, name, reason, data, set_aside_at)  what could not be trusted, kept
 *   meta (key, value)                          e.g. when a JSON data directory was imported
 *
 * A value that cannot be read (bad JSON, a damaged database page) is moved to `set_aside` as far
 * as it can still be read, never deleted without a copy when a copy is possible.
 */

export const DATABASE_FILE_NAME = 'kanbots.db';
/** `PRAGMA user_version` of the tables above; 2 added documents kept as rows (a board of format 1 is kept whole until its next write). */
export const DATABASE_SCHEMA_VERSION = 2;
/** A document imported from a file that was not a Kanbots document at all. */
const NOT_AN_ENVELOPE = -1;

export interface SqliteStoreOptions {
  clock?: Clock;
  /** `normal` (default): a commit survives a crash of Kanbots, a power cut may lose the last ones; `full`: every commit is fsynced first. */
  synchronous?: 'full' | 'normal';
  /** How long a write waits for another connection's write to finish before failing (default 5 s). */
  busyTimeoutMs?: number;
  /** Reads an existing database without changing anything (`kanbots board` while Kanbots runs). */
  readOnly?: boolean;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS documents (kind TEXT PRIMARY KEY, schema_version INTEGER NOT NULL, data TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS runs (run_id TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS run_documents (run_id TEXT NOT NULL, name TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (run_id, name)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS run_lines (id INTEGER PRIMARY KEY, run_id TEXT NOT NULL, stream TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS run_lines_by_stream ON run_lines (run_id, stream, id);
CREATE TABLE IF NOT EXISTS set_aside (id INTEGER PRIMARY KEY, place TEXT NOT NULL, name TEXT NOT NULL, reason TEXT NOT NULL, data TEXT, set_aside_at INTEGER NOT NULL);
${DOCUMENT_ROWS_SCHEMA}`;

/** Opens (creating when needed) the database of a data directory. */
export function openSqliteStore(dataDir: string, options: SqliteStoreOptions = {}): SqliteStore {
  const Database = loadSqlite();
  const path = join(dataDir, DATABASE_FILE_NAME);
  let database: BetterSqlite3.Database;
  try {
    if (options.readOnly === true) {
      database = new Database(path, { readonly: true, fileMustExist: true });
    } else {
      mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      // Created 0600 before SQLite opens it: its -wal and -shm files take the database file's mode.
      closeSync(openSync(path, 'a', 0o600));
      database = new Database(path);
    }
  } catch (error) {
    throw new StoreError(path, 'read', `Could not open the database ${path}: ${describe(error)}`, { cause: error });
  }
  if (options.readOnly === true) return new SqliteStore(dataDir, path, database, options.clock ?? systemClock);
  try {
    database.pragma('journal_mode = WAL');
    database.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    database.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    const version = database.pragma('user_version', { simple: true }) as number;
    if (version > DATABASE_SCHEMA_VERSION) {
      throw new StoreError(path, 'migrate', `The database ${path} was written by a newer Kanbots (format ${version}; this one reads format ${DATABASE_SCHEMA_VERSION}). Use that Kanbots, or export with it and import here.`, { code: 'store_database_too_new' });
    }
    database.exec(SCHEMA);
    if (version < DATABASE_SCHEMA_VERSION) database.pragma(`user_version = ${DATABASE_SCHEMA_VERSION}`);
  } catch (error) {
    database.close();
    if (error instanceof StoreError) throw error;
    throw new StoreError(path, 'read', `Could not open the database ${path}: ${describe(error)}`, { cause: error });
  }
  return new SqliteStore(dataDir, path, database, options.clock ?? systemClock);
}

export class SqliteStore implements KanbotsStore {
  readonly implementation = 'sqlite';
  readonly runs: SqliteRunStore;
  private readonly rows: SqliteDocumentRows;

  constructor(
    readonly dataDir: string,
    readonly location: string,
    /** The connection (for the migration and tests; everything else goes through the port). */
    readonly database: BetterSqlite3.Database,
    private readonly clock: Clock,
  ) {
    this.runs = new SqliteRunStore(location, database);
    this.rows = new SqliteDocumentRows(database);
  }

  async readDocument<T>(spec: StoredDocumentSpec<T>): Promise<T | undefined> {
    const place = `${this.location}: ${spec.kind}`;
    let row: { schema_version: number; data: string } | undefined;
    let assembled: AssembledDocument | undefined;
    try {
      row = this.database.prepare('SELECT schema_version, data FROM documents WHERE kind = ?').get(spec.kind) as typeof row;
      if (row === undefined) assembled = this.rows.read(spec.kind);
    } catch (error) {
      throw this.setDocumentAside(spec.kind, `the database could not read it (${describe(error)})`, error);
    }
    if (assembled !== undefined) {
      try {
        if (assembled.problem !== undefined) throw new UntrustedDocument(assembled.problem);
        const value = decodeEnvelope(assembled, spec, place);
        this.rows.remember(spec, value, assembled.schemaVersion);
        return value;
      } catch (error) {
        if (!(error instanceof UntrustedDocument)) throw error;
        throw this.setDocumentAside(spec.kind, error.message, error.cause);
      }
    }
    if (row === undefined) return undefined;
    if (spec.blankIsAbsent === true && row.data.trim() === '') return undefined;
    try {
      if (row.schema_version === NOT_AN_ENVELOPE) throw new UntrustedDocument('not a Kanbots document (kind, schemaVersion and data expected)');
      let data: unknown;
      try {
        data = JSON.parse(row.data);
      } catch (error) {
        throw new UntrustedDocument(`not valid JSON: ${describe(error)}`, { cause: error });
      }
      return decodeEnvelope({ schemaVersion: row.schema_version, data }, spec, place);
    } catch (error) {
      if (!(error instanceof UntrustedDocument)) throw error;
      throw this.setDocumentAside(spec.kind, error.message, error.cause);
    }
  }

  async writeDocument<T>(spec: StoredDocumentSpec<T>, value: T): Promise<void> {
    if (spec.rows !== undefined) {
      this.writeRows(spec as RowsDocumentSpec<T>, value);
      return;
    }
    const data = validateForWrite(spec, value);
    await this.writeEnvelope(spec.kind, { schemaVersion: spec.version, data });
  }

  async documentKinds(): Promise<string[]> {
    return this.allKinds();
  }

  async readEnvelope(kind: string): Promise<StoredEnvelope | undefined> {
    const row = this.database.prepare('SELECT schema_version, data FROM documents WHERE kind = ?').get(kind) as { schema_version: number; data: string } | undefined;
    if (row === undefined) {
      const assembled = this.rows.read(kind);
      if (assembled === undefined) return undefined;
      if (assembled.problem !== undefined) throw this.setDocumentAside(kind, assembled.problem, undefined);
      return { schemaVersion: assembled.schemaVersion, data: assembled.data };
    }
    try {
      return { schemaVersion: row.schema_version, data: JSON.parse(row.data) as unknown };
    } catch (error) {
      throw this.setDocumentAside(kind, `not valid JSON: ${describe(error)}`, error);
    }
  }

  async writeEnvelope(kind: string, envelope: StoredEnvelope): Promise<void> {
    this.writeRawDocument(kind, envelope.schemaVersion, JSON.stringify(envelope.data));
  }

  /** Stores a document's text as found (the migration keeps a damaged file's text so it is set aside here, like any other). */
  writeRawDocument(kind: string, schemaVersion: number | 'not-an-envelope', text: string): void {
    checked(kind, this.location);
    try {
      this.database.transaction(() => {
        this.rows.remove(kind);
        this.database.prepare('INSERT INTO documents (kind, schema_version, data) VALUES (?, ?, ?) ON CONFLICT (kind) DO UPDATE SET schema_version = excluded.schema_version, data = excluded.data').run(kind, schemaVersion === 'not-an-envelope' ? NOT_AN_ENVELOPE : schemaVersion, text);
      })();
    } catch (error) {
      throw new StoreError(this.location, 'write', `Could not store the ${kind} in ${this.location}: ${describe(error)}`, { cause: error });
    }
  }

  readAll(): StoreContents {
    this.runs.flush();
    return this.database.transaction((): StoreContents => {
      const whole = (this.database.prepare('SELECT kind, schema_version, data FROM documents ORDER BY kind').all() as { kind: string; schema_version: number; data: string }[]).map((row) => ({
        kind: row.kind,
        schemaVersion: row.schema_version,
        data: parseOrText(row.data),
      }));
      const assembled = this.rows.kinds().flatMap((kind) => {
        const document = this.rows.read(kind);
        return document === undefined ? [] : [{ kind, schemaVersion: document.schemaVersion, data: document.data }];
      });
      const documents = [...whole, ...assembled].sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
      const runs = this.runs.list().map((runId) => ({
        runId,
        documents: (this.database.prepare('SELECT name, data FROM run_documents WHERE run_id = ? ORDER BY name').all(runId) as { name: string; data: string }[]).map((row) => ({ name: row.name, text: row.data })),
        lines: (this.database.prepare('SELECT stream, data FROM run_lines WHERE run_id = ? ORDER BY id').all(runId) as { stream: string; data: string }[]).flatMap((row) => {
          try {
            return [{ stream: row.stream, value: JSON.parse(row.data) as unknown }];
          } catch {
            return [];
          }
        }),
      }));
      return { documents, runs };
    })();
  }

  async replaceAll(contents: StoreContents, now: number): Promise<string | undefined> {
    this.runs.flush();
    const hasData = (this.database.prepare('SELECT (SELECT count(*) FROM documents) + (SELECT count(*) FROM document_headers) + (SELECT count(*) FROM runs) AS n').get() as { n: number }).n > 0;
    let keptAs: string | undefined;
    if (hasData) {
      keptAs = `${this.location}.before-import.${setAsideStamp(now)}`;
      try {
        await this.database.backup(keptAs);
      } catch (error) {
        throw new StoreError(this.location, 'write', `Could not keep a copy of ${this.location} before the import: ${describe(error)}`, { cause: error });
      }
    }
    try {
      this.database.transaction(() => {
        const machine = MACHINE_DOCUMENT_KINDS.map(() => '?').join(', ');
        this.database.prepare(`DELETE FROM documents WHERE kind NOT IN (${machine})`).run(...MACHINE_DOCUMENT_KINDS);
        for (const table of ['document_headers', 'document_rows', 'runs', 'run_documents', 'run_lines']) this.database.prepare(`DELETE FROM ${table}`).run();
        this.rows.forget();
        for (const document of contents.documents.filter((item) => !MACHINE_DOCUMENT_KINDS.includes(item.kind))) this.writeRawDocument(document.kind, document.schemaVersion, JSON.stringify(document.data));
        for (const run of contents.runs) this.runs.importRaw(run.runId, Object.fromEntries(run.documents.map((document) => [document.name, document.text])), run.lines);
      })();
    } catch (error) {
      if (error instanceof StoreError) throw error;
      throw new StoreError(this.location, 'write', `Could not import into ${this.location}: ${describe(error)}`, { cause: error });
    }
    return keptAs;
  }

  close(): void {
    try {
      this.runs.flush();
    } finally {
      if (this.database.open) this.database.close();
    }
  }

  private writeRows<T>(spec: RowsDocumentSpec<T>, value: T): void {
    checked(spec.kind, this.location);
    try {
      this.database.transaction(() => {
        // A document stored whole (by an import, or by an earlier Kanbots) becomes rows with this write.
        this.database.prepare('DELETE FROM documents WHERE kind = ?').run(spec.kind);
        this.rows.write(spec, value);
      })();
    } catch (error) {
      // What the database holds is not known for sure now: the next write stores the whole document.
      this.rows.forget(spec.kind);
      if (error instanceof KanbotsError) throw error;
      throw new StoreError(this.location, 'write', `Could not store the ${spec.kind} in ${this.location}: ${describe(error)}`, { cause: error });
    }
  }

  private allKinds(): string[] {
    const kinds = (this.database.prepare('SELECT kind FROM documents').all() as { kind: string }[]).map((row) => row.kind);
    return [...new Set([...kinds, ...this.rows.kinds()])].sort();
  }

  private setDocumentAside(kind: string, reason: string, cause: unknown): StoreCorruptError {
    const movedTo = setAsideRow(this.database, this.location, 'documents', kind, reason, this.clock.now(), () => {
      const row = this.database.prepare('SELECT data FROM documents WHERE kind = ?').get(kind) as { data: string } | undefined;
      return row?.data ?? this.rows.read(kind)?.text();
    }, () => {
      this.database.prepare('DELETE FROM documents WHERE kind = ?').run(kind);
      this.rows.remove(kind);
    });
    return new StoreCorruptError(`${this.location}: ${kind}`, movedTo, reason, { cause });
  }
}

class SqliteRunStore implements RunStore {
  private readonly queued = new RunStepQueue((steps) => this.write(steps));
  private readonly statements;
  private readonly writeSteps: (steps: readonly RunStep[]) => void;

  constructor(
    private readonly location: string,
    private readonly database: BetterSqlite3.Database,
  ) {
    this.statements = {
      list: database.prepare('SELECT run_id FROM runs ORDER BY run_id'),
      addRun: database.prepare('INSERT OR IGNORE INTO runs (run_id) VALUES (?)'),
      documentNames: database.prepare('SELECT name FROM run_documents WHERE run_id = ? ORDER BY name'),
      streamNames: database.prepare('SELECT DISTINCT stream FROM run_lines WHERE run_id = ? ORDER BY stream'),
      read: database.prepare('SELECT data FROM run_documents WHERE run_id = ? AND name = ?'),
      put: database.prepare('INSERT INTO run_documents (run_id, name, data) VALUES (?, ?, ?) ON CONFLICT (run_id, name) DO UPDATE SET data = excluded.data'),
      remove: database.prepare('DELETE FROM run_documents WHERE run_id = ? AND name = ?'),
      lines: database.prepare('SELECT data FROM run_lines WHERE run_id = ? AND stream = ? ORDER BY id'),
      append: database.prepare('INSERT INTO run_lines (run_id, stream, data) VALUES (?, ?, ?)'),
    };
    this.writeSteps = database.transaction((steps: readonly RunStep[]) => {
      for (const step of steps) {
        this.statements.addRun.run(step.runId);
        for (const line of step.lines ?? []) this.statements.append.run(step.runId, line.stream, JSON.stringify(line.value));
        for (const [name, value] of Object.entries(step.documents ?? {})) this.statements.put.run(step.runId, name, JSON.stringify(value));
      }
    });
  }

  list(): string[] {
    return (this.statements.list.all() as { run_id: string }[]).map((row) => row.run_id);
  }

  contents(runId: string): { documents: string[]; streams: string[] } {
    return {
      documents: (this.statements.documentNames.all(runId) as { name: string }[]).map((row) => row.name),
      streams: (this.statements.streamNames.all(runId) as { stream: string }[]).map((row) => row.stream),
    };
  }

  readText(runId: string, name: string): string | undefined {
    try {
      return (this.statements.read.get(runId, name) as { data: string } | undefined)?.data;
    } catch (error) {
      throw new StoreError(`${this.location}: ${runId}/${name}`, 'read', `The database could not read ${name} of run ${runId}: ${describe(error)}`, { cause: error, code: 'store_unreadable' });
    }
  }

  setAside(runId: string, name: string, now: number): string {
    return setAsideRow(this.database, this.location, `run/${runId}`, name, 'it could not be trusted', now, () => this.readText(runId, name), () => this.statements.remove.run(runId, name));
  }

  readLines(runId: string, stream: string): StoredLines {
    let rows: { data: string }[];
    try {
      rows = this.statements.lines.all(runId, stream) as { data: string }[];
    } catch (error) {
      throw new StoreError(`${this.location}: ${runId}/${stream}`, 'read', `The database could not read ${stream} of run ${runId}: ${describe(error)}`, { cause: error, code: 'store_unreadable' });
    }
    const values: unknown[] = [];
    const skipped: number[] = [];
    rows.forEach((row, index) => {
      try {
        values.push(JSON.parse(row.data));
      } catch {
        skipped.push(index + 1);
      }
    });
    return { values, skipped };
  }

  commit(step: RunStep): void {
    this.queued.commit(step);
  }

  queue(step: RunStep): void {
    this.queued.queue(step);
  }

  flush(): void {
    if (this.database.open) this.queued.flush();
  }

  /** Stores a run document's text as found and lines as read (the migration of a JSON data directory), in the caller's transaction. */
  importRaw(runId: string, documents: Record<string, string>, lines: readonly { stream: string; value: unknown }[]): void {
    if (!isStoreName(runId)) throw new StoreError(this.location, 'write', `"${runId}" cannot name a run in the store`, { code: 'store_bad_name' });
    this.statements.addRun.run(runId);
    for (const [name, text] of Object.entries(documents)) {
      checked(name, this.location);
      this.statements.put.run(runId, name, text);
    }
    for (const line of lines) {
      checked(line.stream, this.location);
      this.statements.append.run(runId, line.stream, JSON.stringify(line.value));
    }
  }

  removeLeftovers(): string[] {
    return []; // a transaction either committed or left nothing
  }

  private write(steps: readonly RunStep[]): void {
    for (const step of steps) {
      if (!isStoreName(step.runId)) throw new StoreError(this.location, 'write', `"${step.runId}" cannot name a run in the store`, { code: 'store_bad_name' });
      for (const name of Object.keys(step.documents ?? {})) checked(name, this.location);
      for (const line of step.lines ?? []) checked(line.stream, this.location);
    }
    try {
      this.writeSteps(steps);
    } catch (error) {
      throw new StoreError(this.location, 'write', `Could not store a step of run ${steps.at(-1)?.runId ?? ''} in ${this.location}: ${describe(error)}`, { cause: error });
    }
  }
}

/** Copies a row to `set_aside` (as far as it can still be read) and deletes it, in one transaction; returns where it went, in words. */
function setAsideRow(database: BetterSqlite3.Database, location: string, place: string, name: string, reason: string, now: number, read: () => string | undefined, remove: () => unknown): string {
  let data: string | null = null;
  try {
    data = read() ?? null;
  } catch {
    // Unreadable (a damaged page): what is left of it stays in the file; the row is still taken out.
  }
  try {
    const id = database.transaction(() => {
      const inserted = database.prepare('INSERT INTO set_aside (place, name, reason, data, set_aside_at) VALUES (?, ?, ?, ?, ?)').run(place, name, reason, data, now);
      remove();
      return Number(inserted.lastInsertRowid);
    })();
    return `set-aside record ${id} of ${DATABASE_FILE_NAME} (${setAsideStamp(now)})`;
  } catch (error) {
    throw new StoreError(location, 'rename', `Could not set ${place}/${name} aside in ${location}: ${describe(error)}`, { cause: error });
  }
}

/** Names in the database are names in exports and, in the JSON store, file names: the same rule for both. */
function checked(name: string, location: string): void {
  const parts = name.split('/');
  if (parts.length > 2 || parts.some((part) => !isStoreName(part))) throw new StoreError(location, 'write', `"${name}" cannot name a record in the store`, { code: 'store_bad_name' });
}

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
