import type { z } from 'zod';

/**
 * The store port: everything Kanbots keeps about a data directory — the board, the settings and
 * every run (its record, each agent's persisted snapshot, the tool journal, the activity log) —
 * behind one interface. Two implementations: the SQLite database (`sqlite-store.ts`, the default)
 * and the JSON data directory of earlier versions (`json-store.ts`, kept for the migration and
 * for machines where the database module cannot load).
 *
 * Documents (board, settings) are whole, versioned values; older versions are migrated on read
 * and a value that cannot be trusted is set aside (never overwritten, never deleted) and reported
 * as a `StoreCorruptError`. A run holds named documents (written whole) and named streams of
 * lines (appended). A `commit` is one step boundary: its documents and lines are stored together
 * or not at all (one transaction in SQLite) before `commit` returns.
 */

/** A versioned document the store keeps whole: the board, the settings. */
export interface StoredDocumentSpec<T> {
  /** Its name in the store (`board`, `settings`). */
  kind: string;
  schema: z.ZodType<T>;
  /** The version this Kanbots writes. */
  version: number;
  /** Key n migrates data of version n to n+1. */
  migrations?: Record<number, (data: unknown) => unknown>;
  /** An empty stored value reads as absent instead of corrupt (a settings file a user emptied). */
  blankIsAbsent?: boolean;
  /**
   * Keeps the document's list `field` as rows of their own where the store can (the database),
   * so a change stores the rows it touched instead of the whole document. Values written are
   * treated as immutable (a row object that is the same object as last time is not looked at).
   */
  rows?: DocumentRowsLayout & {
    /** One item, validated when it is written. */
    schema: z.ZodType;
  };
}

/** How a document's list is kept as rows: each item has a string `id`, sits in a group and has a dense order inside it. */
export interface DocumentRowsLayout {
  /** The list (`cards`). */
  field: string;
  /** The fields whose values make an item's group (`columnId`, `archived`). */
  groupBy: readonly string[];
  /** The item's position in its group, 0..n-1 (`order`): stored as a rank key, given back dense. */
  orderField: string;
}

/** A document as stored: its version and data before migration and validation (export, import). */
export interface StoredEnvelope {
  schemaVersion: number;
  data: unknown;
}

/** What one step boundary of a run stores, all together. */
export interface RunStep {
  runId: string;
  /** Documents replaced whole, by name (see `runDocumentNames`). */
  documents?: Record<string, unknown>;
  /** Lines appended in this order, each to its stream (see `runStreamNames`). */
  lines?: readonly { stream: string; value: unknown }[];
}

/** The lines of a stream; lines that could not be read (a line cut by a crash) are skipped and counted. */
export interface StoredLines {
  values: unknown[];
  /** Positions (1-based) of the lines that were skipped. */
  skipped: number[];
}

export interface RunStore {
  /** The ids of the runs that have anything stored, sorted. */
  list(): string[];
  /** What a run holds: its document names and stream names. */
  contents(runId: string): { documents: string[]; streams: string[] };
  /** A run document as stored (JSON text); `undefined` when absent. Throws a `StoreError` when the store cannot read it. */
  readText(runId: string, name: string): string | undefined;
  /** Moves a run document aside (kept, never overwritten); returns a name for where it went. */
  setAside(runId: string, name: string, now: number): string;
  readLines(runId: string, stream: string): StoredLines;
  /** Stores one step boundary (with anything `queue`d for the run before it) before returning. */
  commit(step: RunStep): void;
  /** Stores `step` with the run's next `commit`, or at the end of the current tick, whichever is first. */
  queue(step: RunStep): void;
  /** Stores everything queued now. */
  flush(): void;
  /** Removes what a crashed writer left (temp files); only at startup, under the data directory's lock. Returns what went. */
  removeLeftovers(runId: string): string[];
}

/** Everything a store holds, as stored (documents not migrated, run documents as their JSON text): for export and import. */
export interface StoreContents {
  documents: { kind: string; schemaVersion: number; data: unknown }[];
  runs: { runId: string; documents: { name: string; text: string }[]; lines: { stream: string; value: unknown }[] }[];
}

export interface KanbotsStore {
  readonly dataDir: string;
  /** `sqlite`: the database `kanbots.db`; `json`: one file per record in the data directory. */
  readonly implementation: 'sqlite' | 'json';
  /** Where the data lives (the database file, or the data directory), for messages. */
  readonly location: string;
  /** The document migrated to the current version; `undefined` when absent. Throws a `StoreCorruptError` (already set aside) when it cannot be trusted. */
  readDocument<T>(spec: StoredDocumentSpec<T>): Promise<T | undefined>;
  /** Validates and replaces the document. */
  writeDocument<T>(spec: StoredDocumentSpec<T>, value: T): Promise<void>;
  /** The kinds of document stored. */
  documentKinds(): Promise<string[]>;
  /** A document as stored (no migration): for export. */
  readEnvelope(kind: string): Promise<StoredEnvelope | undefined>;
  /** Replaces a document as given (no validation): for import, which validates first. */
  writeEnvelope(kind: string, envelope: StoredEnvelope): Promise<void>;
  readonly runs: RunStore;
  /** Everything stored, read at one instant (one read transaction in the database). */
  readAll(): StoreContents;
  /**
   * Replaces everything with `contents` (the caller validated it): in the database one
   * transaction, after a copy of the database as it was (`kanbots.db.before-import.<time>`);
   * the JSON store renames what it replaces (`*.replaced.<time>`). Returns where the old data was kept, if anywhere.
   */
  replaceAll(contents: StoreContents, now: number): Promise<string | undefined>;
  /** Stores what is queued and lets go of the store (the database connection). */
  close(): void;
}

/**
 * Documents about this machine rather than the board's data: the worktree registry (paths of
 * checkouts on this disk). Export leaves them out and an import keeps them, as it keeps the
 * worktrees themselves.
 */
export const MACHINE_DOCUMENT_KINDS: readonly string[] = ['worktrees'];

/** The names of a run's documents. */
export const runDocumentNames = {
  record: 'record',
  /** Why the record was set aside (written when it was). */
  damage: 'damage',
  gitConfig: 'git-config',
  agent: (agentId: string) => `agent/${agentId}`,
} as const;

/** The names of a run's streams. */
export const runStreamNames = {
  activity: 'activity',
  toolJournal: (agentId: string) => `tools/${agentId}`,
} as const;

/** Run ids, agent ids and document names become file and row names: plain characters only. */
export const STORE_NAME_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,199}$/;

export function isStoreName(name: string): boolean {
  return STORE_NAME_PATTERN.test(name) && !name.includes('..');
}
