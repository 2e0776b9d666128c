import { ManualClock } from '../../src/ports/clock.js';
import { SequentialIdGenerator } from '../../src/ports/ids.js';
import { WorktreeManager } from '../../src/git/worktree-manager.js';
import { createTemporaryDirectory, createTestRepository, type TestRepository, type TestRepositoryOptions } from '../../src/testing/git-fixtures.js';

/** A fresh repository, a separate data directory and a manager with a manual clock and sequential ids. */
export interface WorktreeContext {
  repository: TestRepository;
  dataDir: string;
  manager: WorktreeManager;
  clock: ManualClock;
  cleanup(): Promise<void>;
}

export async function createWorktreeContext(options: { repository?: TestRepositoryOptions; dataDirName?: string } = {}): Promise<WorktreeContext> {
  const repository = await createTestRepository(options.repository);
  const data = await createTemporaryDirectory(options.dataDirName === undefined ? {} : { name: options.dataDirName });
  const clock = new ManualClock();
  const manager = new WorktreeManager({ dataDir: data.path, clock, ids: new SequentialIdGenerator(), gitEnvironment: repository.gitEnvironment });
  return {
    repository,
    dataDir: data.path,
    manager,
    clock,
    async cleanup() {
      await repository.cleanup();
      await data.cleanup();
    },
  };
}
