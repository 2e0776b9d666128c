import { join } from 'node:path';
import { JsonDocument } from '../store/json-document.js';
import {
  WORKTREE_REGISTRY_KIND,
  WORKTREE_REGISTRY_VERSION,
  worktreeRegistrySchema,
  type WorktreeInfo,
  type WorktreeRegistryContent,
} from './worktree-info.js';
import { WorktreeNotFoundError } from './git-errors.js';

/**
 * The list of worktrees Kanbots created (`<dataDir>/worktrees.json`, written atomically).
 * Updates are serialised within the process so parallel card runs cannot lose each other's entries.
 */
export class WorktreeRegistry {
  private readonly document: JsonDocument<WorktreeRegistryContent>;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(dataDirectory: string) {
    this.document = new JsonDocument<WorktreeRegistryContent>(join(dataDirectory, 'worktrees.json'), {
      kind: WORKTREE_REGISTRY_KIND,
      schema: worktreeRegistrySchema,
      version: WORKTREE_REGISTRY_VERSION,
    });
  }

  async read(): Promise<WorktreeRegistryContent> {
    return (await this.document.read()) ?? { repositories: [], worktrees: [] };
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
      await this.document.write(content);
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
