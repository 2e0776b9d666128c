import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { StoreError } from './store-errors.js';

/**
 * better-sqlite3, loaded when a store is first opened: it is a native module (built for one
 * platform and Node ABI), so a package without a build for this machine still starts and says why
 * (`openKanbotsStore` then keeps the data in the JSON files).
 */

type DatabaseConstructor = typeof BetterSqlite3;

let loaded: { Database: DatabaseConstructor } | { error: unknown } | undefined;

export function loadSqlite(): DatabaseConstructor {
  loaded ??= tryLoad();
  if ('error' in loaded) {
    throw new StoreError('better-sqlite3', 'read', `The database module (better-sqlite3) cannot be loaded on this machine: ${loaded.error instanceof Error ? loaded.error.message.split('\n')[0] : String(loaded.error)}`, { cause: loaded.error, code: 'store_database_unavailable' });
  }
  return loaded.Database;
}

/** Whether the database module loads here (and why not). */
export function sqliteAvailability(): { available: true } | { available: false; reason: string } {
  try {
    loadSqlite();
    return { available: true };
  } catch (error) {
    return { available: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

function tryLoad(): { Database: DatabaseConstructor } | { error: unknown } {
  try {
    const Database = createRequire(import.meta.url)('better-sqlite3') as DatabaseConstructor;
    // A module built for another Node ABI loads its binding on first use: open one to find out now.
    new Database(':memory:').close();
    return { Database };
  } catch (error) {
    return { error };
  }
}
