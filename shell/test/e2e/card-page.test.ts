import { demoCard } from '@kanbots/core/testing';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { saveScreenshot, saveScreenshotsWideAndNarrow } from './chromium-session.js';
import { useDemoSession } from './host-fixture.js';

/**
 * The card page against the demo, in Chromium: a whole dev ⇄ review round without the drawer —
 * the page opened from the tile, approvals on the page, the diff unified and side by side at
 * 1440×900 and 1280×720, a comment on a line sent as a review and answered by the scripted
 * developer in the next round (shown answered), the conversation in lanes, the diagram with its
 * active state lit (the SVG queried), the merge with its branch and merge commit, the diff still
 * readable. Then best-of-N side by side: a candidate discarded from the page, another merged.
 * Steps build on each other, so they run in order.
 */

describe('the card page, on the demo', () => {
  const session = useDemoSession({ latencyMs: 40, chunkDelayMs: 2 });
  const page = (): Locator => session.page.getByTestId('card-page');

  it('starts a dev ⇄ review run from the panel and opens the card page from the tile', async () => {
    await session.board.card(demoCard.title).click();
    const section = session.page.getByTestId('card-panel').getByTestId('run-section');
    await section.getByRole('radio', { name: 'Dev ⇄ review' }).check();
    await section.getByRole('button', { name: 'Run', exact: true }).click();
    await session.page.getByTestId('card-panel').locator('section.run').waitFor();
    await session.page.getByRole('button', { name: 'Close card details' }).click();
    await session.board.card(demoCard.title).getByRole('link', { name: `Open the page of “${demoCard.title}”` }).click();
    await page().waitFor();
    expect(session.page.url()).toMatch(/#\/cards\/[^/]+$/);
    expect(await page().getByRole('heading', { level: 1 }).textContent()).toBe(demoCard.title);
    expect(await page().locator('.card-page-usage').textContent()).toMatch(/tokens · \$/);
    // The board is hidden behind the page, the drawer is closed.
    expect(await session.page.getByRole('main', { name: 'Board' }).isVisible()).toBe(false);
    expect(await session.page.getByTestId('card-panel').count()).toBe(0);
  });

  it('approves the developer’s command on the page and shows the changes so far, then the gate', async () => {
    const approval = page().getByRole('group', { name: /^Developer wants to run npm test/ });
    await approval.waitFor();
    await page().getByTestId('changes').getByText('Changes so far:').waitFor();
    await approval.getByRole('button', { name: 'Approve' }).click();
    await page().getByTestId('card-page-gate').waitFor();
    expect(await page().locator('.card-page-status').textContent()).toContain('round 2 of 3');
    await page().getByRole('navigation', { name: 'Changed files' }).getByRole('button', { name: /slugify\.test\.js/ }).waitFor();
    expect(await page().locator('.card-page-branches').textContent()).toMatch(/kanbots\//);
  });

  it('shows the diff unified and side by side, wrapped, at 1440×900 and 1280×720', async () => {
    const changes = page().getByTestId('changes');
    const diff = changes.getByRole('region', { name: 'Changes to src/slugify.js' });
    await diff.waitFor();
    expect(await diff.getAttribute('data-mode')).toBe('unified');
    expect(await diff.locator('tr.diff-added', { hasText: ".normalize('NFD')" }).count()).toBe(1);
    expect(await diff.locator('.token-keyword').count()).toBeGreaterThan(0);
    await saveScreenshotsWideAndNarrow(session.page, 'card-page-unified');
    await changes.getByRole('button', { name: 'Side by side' }).click();
    expect(await diff.getAttribute('data-mode')).toBe('split');
    // A changed line has its old text on the left and its new text on the right, in one row.
    const row = diff.locator('tr.diff-split-line', { has: session.page.locator('td.diff-removed') }).first();
    expect(await row.locator('td.diff-code.diff-removed').count()).toBe(1);
    expect(await row.locator('td.diff-code.diff-added').count()).toBe(1);
    await changes.getByLabel('Wrap lines').check();
    expect(await diff.evaluate((element) => element.classList.contains('page-diff-wrap'))).toBe(true);
    await saveScreenshot(session.page, 'card-page-split-1440');
    await session.page.setViewportSize({ width: 1280, height: 720 });
    await saveScreenshot(session.page, 'card-page-split-1280');
    const overflow = await session.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
    await session.page.setViewportSize({ width: 1440, height: 900 });
    await changes.getByRole('button', { name: 'Unified' }).click();
    await changes.getByLabel('Wrap lines').uncheck();
  });

  it('moves between files and changes with the keyboard', async () => {
    const tree = page().getByRole('navigation', { name: 'Changed files' });
    await tree.getByRole('button', { name: /slugify\.js/ }).first().click();
    const current = (): Promise<string | null> => tree.locator('[aria-current="true"]').getAttribute('title');
    expect(await current()).toBe('src/slugify.js');
    await session.page.keyboard.press('j');
    expect(await current()).toBe('test/slugify.test.js');
    await session.page.keyboard.press('k');
    expect(await current()).toBe('src/slugify.js');
    await session.page.keyboard.press('n');
    await page().locator('.diff-hunk-current').waitFor();
  });

  it('sends a comment on a line as a review; the scripted developer answers it in the next round', async () => {
    const changes = page().getByTestId('changes');
    const diff = changes.getByRole('region', { name: 'Changes to src/slugify.js' });
    await diff.getByRole('button', { name: 'Comment on line 3 of src/slugify.js' }).click();
    await diff.getByRole('textbox').fill('Say in a comment why the accents are stripped.');
    await diff.getByRole('button', { name: 'Add to review' }).click();
    await diff.locator('.line-comment[data-state="draft"]', { hasText: 'why the accents are stripped' }).waitFor();
    await changes.getByText('1 comment in your review.').waitFor();
    await saveScreenshotsWideAndNarrow(session.page, 'card-page-comment', async () => {
      await diff.locator('.line-comment[data-state="draft"]').scrollIntoViewIfNeeded();
    });
    await changes.getByRole('textbox', { name: 'Summary of your review' }).fill('One thing before it merges.');
    await changes.getByRole('button', { name: 'Send review to the developer' }).click();
    // Sent: open while the developer works on it.
    await diff.locator('.line-comment[data-state="open"]', { hasText: 'why the accents are stripped' }).waitFor();
    await page().getByTestId('card-page-gate').waitFor({ state: 'detached' });
    // The developer answered (a file of answers), the reviewer approved again: back at the gate, the comment answered.
    await page().getByTestId('card-page-gate').waitFor({ timeout: 30_000 });
    await changes.getByRole('region', { name: 'Changes to REVIEW-ANSWERS.md' }).getByText(/why the accents are stripped.* — done/).waitFor();
    await diff.locator('.line-comment[data-state="answered"]', { hasText: 'why the accents are stripped' }).waitFor();
    expect(await page().locator('.card-page-status').textContent()).toContain('round 4');
  });

  it('shows the conversation in lanes: what each agent was told, tool calls, approvals and who gave them, reviews', async () => {
    await page().getByRole('tab', { name: 'Conversation' }).click();
    const conversation = page().getByTestId('conversation');
    await conversation.waitFor();
    const developer = conversation.getByRole('region', { name: 'Developer' });
    const reviewer = conversation.getByRole('region', { name: 'Reviewer' });
    await developer.locator('.talk-message', { hasText: 'The person reviewing your change requested changes' }).waitFor();
    expect(await developer.locator('.talk-tool[data-tool="run_command"] .tool-call-status').first().textContent()).toContain('approved by you');
    await reviewer.locator('.talk-review', { hasText: 'changes requested' }).first().waitFor();
    // An edit opens as a diff; arguments are pretty-printed, not one line of escapes.
    const edit = developer.locator('.talk-tool[data-tool="edit_file"]').first();
    await edit.locator('summary.tool-call-summary').click();
    await edit.locator('.diff-added').first().waitFor();
    const list = developer.locator('.talk-tool[data-tool="list_files"]').first();
    await list.locator('summary.tool-call-summary').click();
    expect(await list.locator('pre.code-block').first().textContent()).toBe('{}');
    await saveScreenshotsWideAndNarrow(session.page, 'card-page-conversation');
    await page().getByRole('tab', { name: 'Activity' }).click();
    await page().getByTestId('activity').getByText('Approved by you').waitFor();
  });

  it('draws the run as a statechart with the active state lit', async () => {
    await page().getByRole('tab', { name: 'Details' }).click();
    const svg = page().getByTestId('statechart-svg');
    await svg.waitFor();
    const lit = await svg.locator('[data-active="true"]').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-state-id')));
    expect(lit).toEqual(['devReview.gate']);
    expect(await svg.locator('.statechart-node').count()).toBeGreaterThanOrEqual(8);
    expect(await svg.locator('.statechart-edge').count()).toBeGreaterThanOrEqual(8);
    expect(await svg.locator('text', { hasText: 'HUMAN_REVIEW' }).count()).toBeGreaterThan(0);
    const fill = await svg.locator('[data-active="true"] rect').evaluate((rect) => getComputedStyle(rect).fill);
    const other = await svg.locator('.statechart-node:not([data-active]) rect').first().evaluate((rect) => getComputedStyle(rect).fill);
    expect(fill).not.toBe(other);
    await saveScreenshotsWideAndNarrow(session.page, 'card-page-details');
  });

  it('merges from the page; the branch and merge commit stay, and so does the diff', async () => {
    await page().getByRole('tab', { name: 'Changes' }).click();
    await page().getByTestId('card-page-gate').getByRole('button', { name: 'Merge', exact: true }).click();
    await page().locator('.card-page-branches', { hasText: 'merged as' }).waitFor();
    expect(await page().locator('.card-page-branches').textContent()).toMatch(/merged as [0-9a-f]{10}/);
    await page().getByTestId('changes').getByText('Merged: the diff shows what the merge brought.').waitFor();
    await page().getByRole('region', { name: 'Changes to src/slugify.js' }).locator('tr.diff-added', { hasText: ".normalize('NFD')" }).waitFor();
    await saveScreenshot(session.page, 'card-page-merged-1440');
  });

  it('best-of-N side by side: a candidate discarded from the page, another merged', async () => {
    await page().getByRole('link', { name: '← Board' }).click();
    await session.page.getByTestId('card-page').waitFor({ state: 'detached' });
    await session.board.card('Try your own card').click();
    const section = session.page.getByTestId('card-panel').getByTestId('run-section');
    // The segmented control's label takes the click (the radio itself is hidden under it).
    await section.locator('label.segmented-option', { hasText: /^Best of N$/ }).click();
    await section.getByRole('radio', { name: 'Best of N', checked: true }).waitFor({ state: 'attached' });
    await section.getByRole('button', { name: 'Run', exact: true }).click();
    await session.page.getByTestId('card-panel').getByRole('link', { name: 'Open page' }).click();
    const candidates = page().getByRole('region', { name: 'Candidates' });
    await candidates.waitFor({ timeout: 30_000 });
    const cards = candidates.locator('article.candidate-card');
    expect(await cards.count()).toBe(3);
    expect(await cards.locator('h3').allTextContents()).toEqual(['Candidate A', 'Candidate B', 'Candidate C']);
    expect(await candidates.locator('.candidate-card-pick').count()).toBe(1);
    await expect.poll(() => cards.first().locator('.candidate-facts').textContent()).toMatch(/^Modelscripted:.+Cost\$[\d.]+Tests.+Changes1 file \+\d+ −0$/);
    await saveScreenshotsWideAndNarrow(session.page, 'card-page-best-of-n');
    const notPicked = candidates.locator('article.candidate-card:not(.candidate-card-pick)');
    const discardedLabel = await notPicked.first().locator('h3').textContent();
    await notPicked.first().getByRole('button', { name: 'Discard…' }).click();
    await session.page.getByTestId('confirm-dialog').getByRole('button', { name: 'Discard', exact: true }).click();
    await candidates.locator('article.candidate-card').nth(1).waitFor();
    await expect.poll(() => candidates.locator('article.candidate-card').count(), { timeout: 20_000 }).toBe(2);
    expect(await candidates.locator('h3').allTextContents()).not.toContain(discardedLabel);
    await candidates.locator('.candidate-card-pick').getByRole('button', { name: 'Merge this one' }).click();
    await page().locator('.card-page-branches', { hasText: 'merged as' }).waitFor();
  });
});
