import type { Locator, Page } from 'playwright-core';

/** Reading and driving the board page the way a person does (visible text, roles, pointer, keys). */
export class BoardPage {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.waitOnline();
  }

  async waitOnline(): Promise<void> {
    await this.page.locator('[data-testid="connection-state"][data-state="online"]').waitFor();
    await this.page.locator('.app[data-board-source="host"]').waitFor();
  }

  column(name: string): Locator {
    return this.page.locator('section.column', { has: this.page.locator('.column-name', { hasText: new RegExp(`^${name}$`) }) });
  }

  card(title: string): Locator {
    return this.page.locator('.card', { has: this.page.locator('.card-title', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }) });
  }

  /** Card titles per column, as on screen. */
  titles(): Promise<Record<string, string[]>> {
    return this.page.evaluate(() => {
      const result: Record<string, string[]> = {};
      for (const column of document.querySelectorAll('section.column')) {
        const name = column.querySelector('.column-name')?.textContent ?? '?';
        result[name] = [...column.querySelectorAll('.card .card-title')].map((title) => title.textContent ?? '');
      }
      return result;
    });
  }

  async addCards(columnName: string, titles: string[]): Promise<void> {
    await this.column(columnName).getByRole('button', { name: 'Add card' }).click();
    const input = this.column(columnName).getByRole('textbox');
    for (const title of titles) {
      await input.fill(title);
      await input.press('Enter');
    }
    await input.press('Escape');
  }

  /** Drags with real pointer events in small steps, from the card's centre to a point. */
  async dragCard(title: string, to: { x: number; y: number }): Promise<void> {
    const box = await this.card(title).boundingBox();
    if (!box) throw new Error(`card "${title}" is not visible`);
    const mouse = this.page.mouse;
    await mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await mouse.down();
    await mouse.move(box.x + box.width / 2 + 4, box.y + box.height / 2 + 14, { steps: 4 });
    await mouse.move(to.x, to.y, { steps: 16 });
    await mouse.move(to.x, to.y + 1, { steps: 2 });
    await mouse.up();
  }

  async pendingSettled(): Promise<void> {
    await this.page.locator('.connection-pending').waitFor({ state: 'detached' });
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
