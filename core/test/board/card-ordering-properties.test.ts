import { describe, expect, it } from 'vitest';
import { cardsInColumn } from '../../src/model/board.js';
import { boardTestContext } from './board-test-context.js';

/** mulberry32: a tiny seeded PRNG, so a failing run can be replayed from its seed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('card ordering under random commands', () => {
  for (const seed of [1, 42, 2026]) {
    it(`keeps orders dense and every card exactly once, matching a plain-list model (seed ${seed})`, () => {
      const random = seededRandom(seed);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
      const test = boardTestContext();
      const columnIds = Object.values(test.columns);
      // The model: per column, the visible card ids in order, and the archived ones.
      const visible = new Map(columnIds.map((columnId) => [columnId, [] as string[]]));
      const archived = new Map(columnIds.map((columnId) => [columnId, [] as string[]]));
      const where = (cardId: string) => columnIds.find((columnId) => visible.get(columnId)!.includes(cardId) || archived.get(columnId)!.includes(cardId))!;
      const without = (list: string[], cardId: string) => list.splice(list.indexOf(cardId), 1);

      for (const title of Array.from({ length: 12 }, (_, i) => `card ${i}`)) {
        const columnId = pick(columnIds);
        const id = test.apply({ type: 'card.create', title, columnId }).createdId!;
        visible.get(columnId)!.push(id);
      }

      for (let step = 0; step < 200; step += 1) {
        const visibleIds = [...visible.values()].flat();
        const archivedIds = [...archived.values()].flat();
        const roll = random();
        if (roll < 0.8 && visibleIds.length > 0) {
          const cardId = pick(visibleIds);
          const columnId = pick(columnIds);
          const index = Math.floor(random() * 8);
          test.apply({ type: 'card.move', cardId, columnId, index });
          without(visible.get(where(cardId))!, cardId);
          const destination = visible.get(columnId)!;
          destination.splice(Math.min(index, destination.length), 0, cardId);
        } else if (roll < 0.88 && visibleIds.length > 0) {
          const cardId = pick(visibleIds);
          const columnId = where(cardId);
          test.apply({ type: 'card.archive', cardId });
          without(visible.get(columnId)!, cardId);
          archived.get(columnId)!.push(cardId);
        } else if (roll < 0.96 && archivedIds.length > 0) {
          const cardId = pick(archivedIds);
          const columnId = where(cardId);
          test.apply({ type: 'card.unarchive', cardId });
          without(archived.get(columnId)!, cardId);
          visible.get(columnId)!.push(cardId);
        } else {
          const columnId = pick(columnIds);
          const index = Math.floor(random() * 8);
          const id = test.apply({ type: 'card.create', title: `new ${step}`, columnId, index }).createdId!;
          const list = visible.get(columnId)!;
          list.splice(Math.min(index, list.length), 0, id);
        }
        // boardTestContext.apply already asserts dense orders and unique ids after every command.
        for (const columnId of columnIds) {
          expect(cardsInColumn(test.board, columnId).map((card) => card.id)).toEqual(visible.get(columnId));
          const archivedInOrder = test.board.cards.filter((card) => card.columnId === columnId && card.archived).sort((a, b) => a.order - b.order);
          expect(archivedInOrder.map((card) => card.id)).toEqual(archived.get(columnId));
        }
      }
      const allIds = test.board.cards.map((card) => card.id);
      expect(new Set(allIds).size).toBe(allIds.length);
      expect(allIds.length).toBe([...visible.values(), ...archived.values()].flat().length);
      expect(test.board.revision).toBe(12 + 200);
    });
  }
});
