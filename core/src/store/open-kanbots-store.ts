import { resolve } from 'node:path';
import { systemClock, type Clock } from '../ports/clock.js';
import { hasJsonData, importJsonDataDir } from './import-json-data-dir.js';
import { openJsonStore } from './json-store.js';
import type { KanbotsStore } from './kanbots-store.js';
import { sqliteAvailability } from './load-sqlite.js';
import { openSqliteStore } from './sqlite-store.js';

/**
 * Opens the store of a data directory: the SQLite database `kanbots.db`, importing the JSON data
 * directory of an earlier Kanbots on the first start (its files are left as they were). Where
 * the database module cannot load (a package without a build for this machine) the data stays
 * in the JSON files and `notes` says why; `KANBOTS_STORE=json` asks for that on purpose.
 *
 * One process shares one open store per data directory (the settings, the board and the runs of
 * a host open it separately): each call returns a handle; the store closes with the last one.
 */

export interface OpenKanbotsStoreOptions {
  clock?: Clock;
  /** `auto` (default): the database when it loads, else the JSON files. */
  implementation?: 'auto' | 'sqlite' | 'json';
  /** Where `KANBOTS_STORE` is read (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
}

/** What opening found worth telling the user (an import, the JSON fallback). */
export interface OpenedStore extends KanbotsStore {
  readonly notes: readonly string[];
}

interface SharedStore {
  store: KanbotsStore;
  notes: string[];
  handles: number;
}

const openStores = new Map<string, Promise<SharedStore>>();

export async function openKanbotsStore(dataDir: string, options: OpenKanbotsStoreOptions = {}): Promise<OpenedStore> {
  const key = resolve(dataDir);
  let opening = openStores.get(key);
  if (opening === undefined) {
    opening = Promise.resolve().then(() => openShared(key, options));
    openStores.set(key, opening);
    opening.catch(() => openStores.delete(key));
  }
  const shared = await opening;
  shared.handles += 1;
  return handleOf(key, shared);
}

function openShared(dataDir: string, options: OpenKanbotsStoreOptions): SharedStore {
  const clock = options.clock ?? systemClock;
  const requested = options.implementation ?? ((options.env ?? process.env).KANBOTS_STORE === 'json' ? 'json' : 'auto');
  const notes: string[] = [];
  if (requested !== 'json') {
    const availability = sqliteAvailability();
    if (availability.available || requested === 'sqlite') {
      const store = openSqliteStore(dataDir, { clock });
      try {
        if (hasJsonData(dataDir)) {
          const report = importJsonDataDir(store, clock.now());
          if (report.imported) notes.push(`Moved the data of ${dataDir} into the database ${store.location} (${report.documents.length} documents, ${report.runs} runs, ${report.lines} log lines); the old files were left as they were and are no longer used.`);
        }
      } catch (error) {
        store.close();
        throw error;
      }
      return { store, notes, handles: 0 };
    }
    notes.push(`${availability.reason}. Kanbots keeps its data in JSON files in ${dataDir} instead (moved into the database on a start where it loads).`);
  }
  return { store: openJsonStore(dataDir, { clock }), notes, handles: 0 };
}

function handleOf(key: string, shared: SharedStore): OpenedStore {
  let closed = false;
  const { store } = shared;
  return {
    notes: shared.notes,
    dataDir: store.dataDir,
    implementation: store.implementation,
    location: store.location,
    readDocument: (spec) => store.readDocument(spec),
    writeDocument: (spec, value) => store.writeDocument(spec, value),
    documentKinds: () => store.documentKinds(),
    readEnvelope: (kind) => store.readEnvelope(kind),
    writeEnvelope: (kind, envelope) => store.writeEnvelope(kind, envelope),
    runs: store.runs,
    readAll: () => store.readAll(),
    replaceAll: (contents, now) => store.replaceAll(contents, now),
    close() {
      if (closed) return;
      closed = true;
      shared.handles -= 1;
      if (shared.handles > 0) {
        store.runs.flush();
        return;
      }
      openStores.delete(key);
      store.close();
    },
  };
}
