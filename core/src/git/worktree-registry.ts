import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { JsonDocument } from '../store/json-document.js';
import type { KanbotsStore, StoredDocumentSpec } from '../store/kanbots-store.js';
import {
  WORKTREE_REGISTRY_KIND,
  WORKTREE_REGISTRY_VERSION,
  worktreeRegistrySchema,
  type WorktreeInfo,
  type WorktreeRegistryContent,
} from './worktree-info.js';
import { WorktreeNotFoundError } from './git-errors.js';

/** The file the registry was kept in before the database (and still is beside the JSON store). */
export const WORKTREE_REGISTRY_FILE_NAME = 'worktrees.json';

/** The registry as a document of the database. */
export const worktreeRegistryDocument: StoredDocumentSpec<WorktreeRegistryContent> = {
  kind: 'worktrees',
  schema: worktreeRegistrySchema,
  version: WORKTREE_REGISTRY_VERSION,
};

/** Where the registry's content is read from and written to. */
interface RegistryPlace {
  read(): Promise<WorktreeRegistryContent | undefined>;
  /** Durable when it resolves: the worktree manager's crash ordering relies on it. */
  write(content: WorktreeRegistryContent): Promise<void>;
}

/**
 * The list of worktrees Kanbots created: the document `worktrees` of the data directory's
 * database (one transaction per update), or `<dataDir>/worktrees.json` (written atomically) when
 * there is no database. A database that has no registry yet takes `worktrees.json` in on first
 * read (the file is left as it was). Updates are serialised within the process so parallel card
 * runs cannot lose each other's entries; an update is durable before it resolves.
 */
export class WorktreeRegistry {
  private readonly place: RegistryPlace;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(dataDirectory: string, store?: KanbotsStore) {
    const file = new JsonDocument<WorktreeRegistryContent>(join(dataDirectory, WORKTREE_REGISTRY_FILE_NAME), {
      kind: WORKTREE_REGISTRY_KIND,
      schema: worktreeRegistrySchema,
      version: WORKTREE_REGISTRY_VERSION,
    });
    this.place = store === undefined || store.implementation !== 'sqlite' ? file : storePlace(store, file, join(dataDirectory, WORKTREE_REGISTRY_FILE_NAME));
  }

  async read(): Promise<WorktreeRegistryContent> {
    return (await this.place.read()) ?? { repositories: [], worktrees: [], pool: [] };
  }

  async get(id: string): Promise<WorktreeInfo> {
    const found = (await this.read()).worktrees.find((worktree) => worktree.id === id);
    if (!found) throw new WorktreeNotFoundError(id);
    return found;
  }

  /** Applies `change` to the latest content and writes the result; calls run one at a time. */
  update<T>(change: (content: WorktreeRegistryContent) => T | Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      const content = await this.read();
      const result = await change(content);
      await this.place.write(content);
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  async addRepository(path: string): Promise<void> {
    if ((await this.read()).repositories.includes(path)) return;
    await this.update((content) => {
      if (!content.repositories.includes(path)) content.repositories.push(path);
    });
  }

  async put(worktree: WorktreeInfo): Promise<void> {
    await this.update((content) => {
      const index = content.worktrees.findIndex((entry) => entry.id === worktree.id);
      if (index === -1) content.worktrees.push(worktree);
      else content.worktrees[index] = worktree;
      if (!content.repositories.includes(worktree.repository)) content.repositories.push(worktree.repository);
    });
  }

  async delete(id: string): Promise<void> {
    await this.update((content) => {
      content.worktrees = content.worktrees.filter((entry) => entry.id !== id);
    });
  }
}

function storePlace(store: KanbotsStore, file: JsonDocument<WorktreeRegistryContent>, filePath: string): RegistryPlace {
  let migrated = false;
  return {
    async read() {
      const stored = await store.readDocument(worktreeRegistryDocument);
      if (stored !== undefined || migrated) return stored;
      migrated = true;
      if (!existsSync(filePath)) return undefined;
      // The registry of a Kanbots before the database: taken in once, the file kept as it was.
      const earlier = await file.read();
      if (earlier !== undefined) await store.writeDocument(worktreeRegistryDocument, earlier);
      return earlier;
    },
    write: (content) => store.writeDocument(worktreeRegistryDocument, content),
  };
}
