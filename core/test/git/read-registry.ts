import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { WorktreeRegistryContent } from '../../src/git/worktree-info.js';
import { DATABASE_FILE_NAME } from '../../src/store/sqlite-store.js';

/**
 * The worktree registry as a data directory's database holds it (the document `worktrees`), read
 * behind Kanbots' back by a connection of its own, as a test looks at what a killed process left.
 */
export function readRegistry(dataDir: string): WorktreeRegistryContent | undefined {
  const path = join(dataDir, DATABASE_FILE_NAME);
  if (!existsSync(path)) return undefined;
  const database = new Database(path, { readonly: true });
  try {
    const row = database.prepare("SELECT data FROM documents WHERE kind = 'worktrees'").get() as { data: string } | undefined;
    return row === undefined ? undefined : (JSON.parse(row.data) as WorktreeRegistryContent);
  } finally {
    database.close();
  }
}
