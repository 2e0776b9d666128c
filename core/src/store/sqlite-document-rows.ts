import type BetterSqlite3 from 'better-sqlite3';
import { validationErrorFrom, ValidationError } from '../errors.js';
import type { DocumentRowsLayout, StoredDocumentSpec, StoredEnvelope } from './kanbots-store.js';
import { freshRanks, rerank } from './rank-keys.js';

/**
 * A document kept as a header and rows (the board: its fields, and one row per card), so that a
 * change stores what changed — the header and the rows whose content, group or position moved —
 * in one transaction, not the whole document. Each row sits in a group (the values of the
 * layout's `groupBy` fields: a card's column and whether it is archived) at a rank key; the
 * dense `orderField` (a card's `order`) is not stored but given back from the ranks on read.
 *
 *   document_headers (kind, schema_version, data, layout)   the document without its rows
 *   document_rows (seq, kind, id, grp, rank, data)          its rows, `seq` keeping their array order
 *
 * What is stored is remembered (by the identity of each row object last written or read, plus its
 * text), so a change costs the rows it touched: values are treated as immutable, as the board
 * actor's are. A row that changed object but not content (a card whose index shifted) is compared
 * by text and not written.
 */

export const DOCUMENT_ROWS_SCHEMA = `
CREATE TABLE IF NOT EXISTS document_headers (kind TEXT PRIMARY KEY, schema_version INTEGER NOT NULL, data TEXT NOT NULL, layout TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS document_rows (seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, id TEXT NOT NULL, grp TEXT NOT NULL, rank TEXT NOT NULL, data TEXT NOT NULL, UNIQUE (kind, id));
`;

interface StoredRow {
  /** The row object last written or read (unchanged identity: nothing to look at). */
  ref: unknown;
  group: string;
  rank: string;
  text: string;
}

interface Remembered {
  rows: Map<string, StoredRow>;
}

interface RowRecord {
  id: string;
  grp: string;
  rank: string;
  data: string;
}

/** A rows document as stored: its envelope with the rows in place (each parsed, or its text when it is not JSON). */
export interface AssembledDocument extends StoredEnvelope {
  /** Why it cannot be trusted as it is (its header or rows are not JSON: their text is in the data instead). */
  problem: string | undefined;
  /** The stored form as text, for setting it aside. */
  text(): string;
}

type Row = Record<string, unknown>;

/** A document spec with its rows layout. */
export type RowsDocumentSpec<T> = StoredDocumentSpec<T> & { rows: NonNullable<StoredDocumentSpec<T>['rows']> };

export class SqliteDocumentRows {
  private readonly remembered = new Map<string, Remembered>();
  private prepared: ReturnType<SqliteDocumentRows['prepare']> | undefined;

  constructor(private readonly database: BetterSqlite3.Database) {}

  /** Prepared on first use: a read-only connection to a database of the previous format has no such tables (nothing is kept as rows there). */
  private get statements(): ReturnType<SqliteDocumentRows['prepare']> {
    this.prepared ??= this.prepare();
    return this.prepared;
  }

  private get present(): boolean {
    return this.prepared !== undefined || this.database.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'document_headers'").get() !== undefined;
  }

  private prepare() {
    const database = this.database;
    return {
      kinds: database.prepare('SELECT kind FROM document_headers ORDER BY kind'),
      header: database.prepare('SELECT schema_version, data, layout FROM document_headers WHERE kind = ?'),
      rows: database.prepare('SELECT id, grp, rank, data FROM document_rows WHERE kind = ? ORDER BY seq'),
      putHeader: database.prepare('INSERT INTO document_headers (kind, schema_version, data, layout) VALUES (?, ?, ?, ?) ON CONFLICT (kind) DO UPDATE SET schema_version = excluded.schema_version, data = excluded.data, layout = excluded.layout'),
      putRow: database.prepare('INSERT INTO document_rows (kind, id, grp, rank, data) VALUES (?, ?, ?, ?, ?) ON CONFLICT (kind, id) DO UPDATE SET grp = excluded.grp, rank = excluded.rank, data = excluded.data'),
      deleteRow: database.prepare('DELETE FROM document_rows WHERE kind = ? AND id = ?'),
      deleteHeader: database.prepare('DELETE FROM document_headers WHERE kind = ?'),
      deleteRows: database.prepare('DELETE FROM document_rows WHERE kind = ?'),
    };
  }

  kinds(): string[] {
    if (!this.present) return [];
    return (this.statements.kinds.all() as { kind: string }[]).map((row) => row.kind);
  }

  has(kind: string): boolean {
    return this.present && this.statements.header.get(kind) !== undefined;
  }

  /** The document as stored (no migration); `undefined` when it is not kept as rows. */
  read(kind: string): AssembledDocument | undefined {
    if (!this.present) return undefined;
    const header = this.statements.header.get(kind) as { schema_version: number; data: string; layout: string } | undefined;
    if (header === undefined) return undefined;
    const records = this.statements.rows.all(kind) as RowRecord[];
    const text = (): string => JSON.stringify({ schemaVersion: header.schema_version, layout: header.layout, header: header.data, rows: records });
    let layout: DocumentRowsLayout;
    let data: Row;
    try {
      layout = JSON.parse(header.layout) as DocumentRowsLayout;
      data = JSON.parse(header.data) as Row;
    } catch (error) {
      return { schemaVersion: header.schema_version, data: header.data, problem: `not valid JSON: ${describe(error)}`, text };
    }
    let unreadable = 0;
    const rows = records.map((record) => {
      try {
        return JSON.parse(record.data) as Row;
      } catch {
        unreadable += 1;
        return record.data;
      }
    });
    const groups = new Map<string, number[]>();
    records.forEach((record, index) => {
      const members = groups.get(record.grp) ?? [];
      members.push(index);
      groups.set(record.grp, members);
    });
    for (const members of groups.values()) {
      members.sort((a, b) => (records[a]!.rank < records[b]!.rank ? -1 : records[a]!.rank > records[b]!.rank ? 1 : 0));
      members.forEach((index, order) => {
        const row = rows[index];
        if (typeof row === 'object' && row !== null) row[layout.orderField] = order;
      });
    }
    const problem = unreadable === 0 ? undefined : `${unreadable} of its ${layout.field} are not valid JSON`;
    return { schemaVersion: header.schema_version, data: { ...data, [layout.field]: rows }, problem, text };
  }

  /**
   * Remembers what a read returned, so the next write stores only what changed — when it is of
   * the version this Kanbots writes (an older one is written whole, at the current version).
   */
  remember<T>(spec: StoredDocumentSpec<T>, value: T, storedVersion: number): void {
    const layout = spec.rows;
    if (layout === undefined || storedVersion !== spec.version) {
      this.remembered.delete(spec.kind);
      return;
    }
    const ranks = new Map((this.statements.rows.all(spec.kind) as RowRecord[]).map((record) => [record.id, record.rank]));
    const rows = new Map<string, StoredRow>();
    for (const row of rowsOf(value, layout)) {
      const rank = ranks.get(row.id as string);
      if (rank === undefined) {
        this.remembered.delete(spec.kind);
        return;
      }
      rows.set(row.id as string, { ref: row, group: groupOf(row, layout), rank, text: rowText(row, layout) });
    }
    this.remembered.set(spec.kind, { rows });
  }

  /** Validates and stores `value` in one transaction: what changed when the stored form is known, else the whole of it. */
  write<T>(spec: RowsDocumentSpec<T>, value: T): void {
    const known = this.remembered.get(spec.kind);
    if (known === undefined) this.writeWhole(spec, value);
    else this.writeChanges(spec, value, known);
  }

  /** Removes the rows form of a document (it is stored whole, or set aside, instead). */
  remove(kind: string): void {
    this.remembered.delete(kind);
    if (!this.present) return;
    this.statements.deleteRows.run(kind);
    this.statements.deleteHeader.run(kind);
  }

  /** Forgets what is stored (of one document, or of all when everything was replaced): the next write is whole. */
  forget(kind?: string): void {
    if (kind === undefined) this.remembered.clear();
    else this.remembered.delete(kind);
  }

  private writeWhole<T>(spec: RowsDocumentSpec<T>, value: T): void {
    const parsed = spec.schema.safeParse(value);
    if (!parsed.success) throw validationErrorFrom(`${spec.kind} document`, parsed.error);
    const layout = spec.rows;
    const rows = rowsOf(parsed.data, layout);
    const byGroup = new Map<string, Row[]>();
    for (const row of rows) {
      const group = groupOf(row, layout);
      byGroup.set(group, [...(byGroup.get(group) ?? []), row]);
    }
    const ranks = new Map<string, string>();
    for (const members of byGroup.values()) {
      const ordered = [...members].sort((a, b) => orderOf(a, layout) - orderOf(b, layout));
      freshRanks(ordered.length).forEach((rank, index) => ranks.set(ordered[index]!.id as string, rank));
    }
    const stored = new Map<string, StoredRow>();
    const originals = rowsOf(value, layout);
    this.database.transaction(() => {
      this.statements.deleteRows.run(spec.kind);
      this.statements.putHeader.run(spec.kind, spec.version, headerText(parsed.data, layout), JSON.stringify(layoutOf(layout)));
      rows.forEach((row, index) => {
        const id = row.id as string;
        const entry: StoredRow = { ref: originals[index], group: groupOf(row, layout), rank: ranks.get(id)!, text: rowText(row, layout) };
        this.statements.putRow.run(spec.kind, id, entry.group, entry.rank, entry.text);
        stored.set(id, entry);
      });
    })();
    this.remembered.set(spec.kind, { rows: stored });
  }

  private writeChanges<T>(spec: RowsDocumentSpec<T>, value: T, known: Remembered): void {
    const layout = spec.rows;
    const rows = rowsOf(value, layout);
    const header = spec.schema.safeParse({ ...(value as Row), [layout.field]: [] });
    if (!header.success) throw validationErrorFrom(`${spec.kind} document`, header.error);
    const next = new Map<string, StoredRow>();
    const written = new Set<string>();
    const touchedGroups = new Set<string>();
    const seen = new Set<string>();
    const positions = new Map<string, number>();
    for (const [position, row] of rows.entries()) {
      const id = row.id;
      if (typeof id !== 'string') throw new ValidationError(`${spec.kind} document: ${layout.field}[${position}] has no id`);
      if (seen.has(id)) throw new ValidationError(`${spec.kind} document: ${layout.field} holds "${id}" twice`);
      seen.add(id);
      positions.set(id, position);
      const before = known.rows.get(id);
      if (before?.ref === row) continue;
      let group = groupOf(row, layout);
      if (before !== undefined && before.group === group && sameApartFrom(before.ref, row, layout.orderField)) {
        // A copy with only its position changed (its index shifted): same text, maybe a new rank.
        next.set(id, { ...before, ref: row });
        touchedGroups.add(group);
        continue;
      }
      let text = rowText(row, layout);
      if (before === undefined || before.group !== group || before.text !== text) {
        const checked = layout.schema.safeParse(row);
        if (!checked.success) throw validationErrorFrom(`${spec.kind} document: ${layout.field}[${position}]`, checked.error);
        group = groupOf(checked.data as Row, layout);
        text = rowText(checked.data as Row, layout);
        written.add(id);
      }
      next.set(id, { ref: row, group, rank: before?.group === group ? before.rank : '', text });
      touchedGroups.add(group);
    }
    const removed = [...known.rows.keys()].filter((id) => !seen.has(id));
    const stored = (id: string): StoredRow => next.get(id) ?? known.rows.get(id)!;
    for (const group of touchedGroups) {
      const members = rows.filter((row) => stored(row.id as string).group === group);
      members.sort((a, b) => orderOf(a, layout) - orderOf(b, layout) || positions.get(a.id as string)! - positions.get(b.id as string)!);
      const ranks = rerank(members.map((row) => ({ id: row.id as string, rank: stored(row.id as string).rank || undefined })));
      for (const [id, rank] of ranks) {
        next.set(id, { ...stored(id), rank });
        written.add(id);
      }
    }
    this.database.transaction(() => {
      this.statements.putHeader.run(spec.kind, spec.version, headerText(header.data, layout), JSON.stringify(layoutOf(layout)));
      for (const id of written) {
        const entry = next.get(id)!;
        this.statements.putRow.run(spec.kind, id, entry.group, entry.rank, entry.text);
      }
      for (const id of removed) this.statements.deleteRow.run(spec.kind, id);
    })();
    for (const [id, entry] of next) known.rows.set(id, entry);
    for (const id of removed) known.rows.delete(id);
  }
}

/** Whether two rows hold the same values (compared as they are, not deeply) in every field but `field`. */
function sameApartFrom(previous: unknown, row: Row, field: string): boolean {
  if (typeof previous !== 'object' || previous === null) return false;
  const before = previous as Row;
  const keys = Object.keys(row);
  if (Object.keys(before).length !== keys.length) return false;
  return keys.every((key) => key === field || (key in before && Object.is(before[key], row[key])));
}

function layoutOf(layout: DocumentRowsLayout): DocumentRowsLayout {
  return { field: layout.field, groupBy: [...layout.groupBy], orderField: layout.orderField };
}

function rowsOf(value: unknown, layout: DocumentRowsLayout): Row[] {
  const rows = (value as Row | undefined)?.[layout.field];
  if (!Array.isArray(rows)) throw new ValidationError(`the document has no ${layout.field} list`);
  return rows as Row[];
}

function headerText(value: unknown, layout: DocumentRowsLayout): string {
  const { [layout.field]: _rows, ...header } = value as Row;
  return JSON.stringify(header);
}

function rowText(row: Row, layout: DocumentRowsLayout): string {
  const { [layout.orderField]: _order, ...rest } = row;
  return JSON.stringify(rest);
}

function groupOf(row: Row, layout: DocumentRowsLayout): string {
  return JSON.stringify(layout.groupBy.map((field) => row[field] ?? null));
}

function orderOf(row: Row, layout: DocumentRowsLayout): number {
  const order = row[layout.orderField];
  return typeof order === 'number' ? order : Number.MAX_SAFE_INTEGER;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
