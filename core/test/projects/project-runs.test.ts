import { afterEach, describe, expect, it } from 'vitest';
import { withProjectChecks } from '../../src/projects/project-checks.js';
import { createRunFixture, finish, write, type RunFixture } from '../runs/run-fixture.js';

let fixture: RunFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

/** A card in a project runs on the project's repository, from the project's branch, with nothing else given. */
describe('runs of a card in a project', () => {
  it('work on the project’s repository and start from its branch', async () => {
    fixture = await createRunFixture();
    const { kanbots, repository } = fixture;
    await repository.git(['checkout', '--quiet', '-b', 'develop']);
    await repository.writeFiles({ 'src/develop-only.txt': 'only on develop\n' });
    await repository.commitAll('develop work');
    await repository.git(['checkout', '--quiet', 'main']);
    const board = withProjectChecks(kanbots.board, kanbots.worktrees.git);
    const projectId = (await board.dispatch({ type: 'project.add', repository: repository.path, baseBranch: 'develop' })).createdId!;
    const cardId = (await board.dispatch({ type: 'card.create', title: 'Work on develop', projectId })).createdId!;

    fixture.server.script('dev-model', [write('src/app.txt', 'changed\n'), finish('Done.')]);
    const run = await kanbots.run(cardId, 'solo', { policy: { default: 'allow' } });
    await kanbots.runs.waitFor(run.id, (summary) => summary.status === 'needs_you');
    const [worktree] = (await kanbots.worktrees.list()).filter((item) => item.cardId === cardId);
    expect(worktree).toMatchObject({ repository: repository.path, baseBranch: 'develop' });
    expect(await repository.readFile('src/develop-only.txt', worktree!.path)).toBe('only on develop\n');
  });
});
