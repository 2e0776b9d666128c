/**
 * A child process for the registry's kill -9 test: opens the data directory's store and puts
 * worktree entries into the registry one after another, printing each id once its put resolved
 * (durable, by the registry's contract), until it is killed.
 */
import { WorktreeRegistry } from '../../src/git/worktree-registry.js';
import { openKanbotsStore } from '../../src/store/open-kanbots-store.js';

const dataDir = process.argv[2]!;
const store = await openKanbotsStore(dataDir);
const registry = new WorktreeRegistry(dataDir, store);
for (let index = 1; ; index += 1) {
  const id = `wt_${index}`;
  await registry.put({ id, cardId: `card_${index}`, repository: '/repository', path: `/data/worktrees/${id}`, branch: `kanbots/card-${index}`, baseBranch: 'main', baseCommit: 'a'.repeat(40), createdAt: index, state: index % 2 === 0 ? 'active' : 'creating', owner: `run_${index}/developer` });
  process.stdout.write(`${id}\n`);
  // Lets the event loop run (the database's writes resolve without waiting on it): the output goes out.
  await new Promise((resolve) => setImmediate(resolve));
}
