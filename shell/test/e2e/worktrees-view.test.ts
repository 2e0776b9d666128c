import { createTestRepository, type TestRepository } from '@kanbots/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveScreenshotsWideAndNarrow } from './chromium-session.js';
import { useHostSession } from './host-fixture.js';

/**
 * The Worktrees view in headless Chromium against the real host: every worktree with its card,
 * branch, state and size, the total; removing one is asked once, commits its uncommitted work to
 * the branch first, and says which branch keeps it.
 */
describe('the Worktrees view', () => {
  let repository: TestRepository;
  beforeAll(async () => {
    repository = await createTestRepository();
  });
  afterAll(async () => {
    await repository?.cleanup();
  });
  const session = useHostSession();

  it('lists the worktrees with their sizes and removes one without losing its work', async () => {
    const kanbots = session.host.running.kanbots;
    const made: { id: string; path: string; branch: string }[] = [];
    for (const title of ['Make slugify handle accents', 'Add a dark theme']) {
      const card = await kanbots.board.dispatch({ type: 'card.create', title, target: { repository: repository.path } });
      made.push(await kanbots.worktrees.createWorktree({ repository: repository.path, cardId: card.createdId!, title }));
    }
    await repository.writeFiles({ 'assets/big.bin': new Uint8Array(2 * 1024 * 1024).fill(1) }, made[1]!.path);
    const page = session.page;
    await page.getByRole('button', { name: 'Worktrees' }).click();
    const panel = page.getByTestId('worktrees-panel');
    await panel.locator('.worktree-item').nth(1).waitFor();
    expect(await panel.locator('.worktree-item .inbox-card').allTextContents()).toEqual(['Add a dark theme', 'Make slugify handle accents']);
    expect(await panel.locator(`[data-worktree-id="${made[1]!.id}"] .inbox-what`).textContent()).toMatch(new RegExp(`^${made[1]!.branch} from main · ready · no run · 2\\.\\d MB$`));
    expect(await panel.getByTestId('worktrees-total').textContent()).toMatch(/^2 · 2\.\d MB on disk$/);
    await saveScreenshotsWideAndNarrow(page, 'worktrees-view');

    const row = panel.locator(`[data-worktree-id="${made[1]!.id}"]`);
    await row.getByRole('button', { name: 'Remove…' }).click();
    await row.getByRole('button', { name: 'Commit its work and remove' }).click();
    await panel.getByText(`The work stays on branch ${made[1]!.branch}`).waitFor();
    expect(await panel.locator('.worktree-item').count()).toBe(1);
    expect((await repository.git(['show', '--stat', '--format=%s', made[1]!.branch])).split('\n')[0]).toBe('kanbots: snapshot before removal');
    await saveScreenshotsWideAndNarrow(page, 'worktrees-view-removed');
  });
  it('cuts a long branch name with an ellipsis, whole in its title, and keeps the size on the row at 1440 and 900 px', async () => {
    const kanbots = session.host.running.kanbots;
    const longBranch = `feature/${'a-rather-long-description-of-the-work-'.repeat(4)}end`;
    await repository.git(['branch', longBranch]);
    const card = await kanbots.board.dispatch({ type: 'card.create', title: 'Long branch', target: { repository: repository.path } });
    const made = await kanbots.worktrees.createWorktree({ repository: repository.path, cardId: card.createdId!, title: 'Long branch', branch: longBranch });
    const page = session.page;
    const panel = page.getByTestId('worktrees-panel');
    if (!(await panel.isVisible())) await page.getByRole('button', { name: 'Worktrees' }).click();
    await panel.getByRole('button', { name: 'Close worktrees' }).click();
    await page.getByRole('button', { name: 'Worktrees' }).click();
    const row = panel.locator(`[data-worktree-id="${made.id}"]`);
    await row.waitFor();
    const branch = row.locator('.worktree-branch');
    expect(await branch.getAttribute('title')).toBe(longBranch);
    for (const width of [1440, 900]) {
      await page.setViewportSize({ width, height: 900 });
      const shown = await row.evaluate((element) => {
        const code = element.querySelector('.worktree-branch') as HTMLElement;
        const size = (element.querySelector('.worktree-size') as HTMLElement).getBoundingClientRect();
        const what = (element.querySelector('.worktree-what') as HTMLElement).getBoundingClientRect();
        return { cut: code.scrollWidth > code.clientWidth, sizeInside: size.width > 0 && size.right <= what.right + 0.5, sizeText: element.querySelector('.worktree-size')!.textContent };
      });
      expect(shown, `at ${width} px`).toMatchObject({ cut: true, sizeInside: true });
      expect(shown.sizeText).toMatch(/^ · \d+(\.\d)? (KB|MB)$/);
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    await saveScreenshotsWideAndNarrow(page, 'worktrees-view-long-branch');
  });
});
