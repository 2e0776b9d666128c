import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openJsonStore } from '../../src/store/json-store.js';
import { DATABASE_FILE_NAME, openSqliteStore } from '../../src/store/sqlite-store.js';
import type { KanbotsStore } from '../../src/store/kanbots-store.js';
import type { Clock } from '../../src/ports/clock.js';

/** Every implementation of the store port, with what the contract suite needs to damage a stored value behind its back. */
export interface StoreImplementation {
  name: string;
  open(dataDir: string, clock?: Clock): KanbotsStore | Promise<KanbotsStore>;
  /** Replaces what is stored for a document with raw text, as a crash or another program might. */
  overwriteDocument(dataDir: string, kind: string, text: string): Promise<void>;
}

export const storeImplementations: StoreImplementation[] = [
  {
    name: 'SQLite database',
    open: (dataDir, clock) => openSqliteStore(dataDir, clock === undefined ? {} : { clock }),
    async overwriteDocument(dataDir, kind, text) {
      // Another connection, as another program (or a damaged file) would change it.
      const database = new Database(join(dataDir, DATABASE_FILE_NAME));
      try {
        database.prepare('UPDATE documents SET data = ? WHERE kind = ?').run(text, kind);
      } finally {
        database.close();
      }
    },
  },
  {
    name: 'JSON data directory',
    open: (dataDir, clock) => openJsonStore(dataDir, clock === undefined ? {} : { clock }),
    overwriteDocument: (dataDir, kind, text) => writeFile(join(dataDir, `${kind}.json`), text),
  },
];
