import type { Board, Card, Column } from '../model/board.js';

/**
 * Copy-on-write bookkeeping for the cards one command touches. Each column holds two dense
 * sequences: its visible cards (orders 0..v-1, what the board shows) and its archived cards
 * (orders 0..a-1, in the order they were archived). A command rearranges sequences; the draft
 * records which cards really changed so the emitted change carries only those.
 */
export class CardPlacementDraft {
  private readonly cards: Map<string, Card>;
  private readonly original: ReadonlyMap<string, Card>;
  private readonly removed = new Set<string>();

  constructor(private readonly board: Board) {
    this.original = new Map(board.cards.map((card) => [card.id, card]));
    this.cards = new Map(this.original);
  }

  get(cardId: string): Card | undefined {
    return this.removed.has(cardId) ? undefined : this.cards.get(cardId);
  }

  /** Card ids of one sequence, in order (ties broken by position in the board's array). */
  sequence(columnId: string, archived: boolean): string[] {
    return [...this.cards.values()]
      .map((card, position) => ({ card, position }))
      .filter(({ card }) => !this.removed.has(card.id) && card.columnId === columnId && card.archived === archived)
      .sort((a, b) => a.card.order - b.card.order || a.position - b.position)
      .map(({ card }) => card.id);
  }

  /** Replaces some of a card's plain fields (placement, time); a card whose fields do not change keeps its identity. */
  update(cardId: string, patch: Pick<Partial<Card>, 'columnId' | 'archived' | 'order' | 'updatedAt'>): void {
    const current = this.cards.get(cardId);
    if (current === undefined) throw new Error(`card ${cardId} is not in the draft`);
    // Plain values compare as they are: a move re-places a whole column, most of it unchanged.
    if ((Object.keys(patch) as (keyof typeof patch)[]).every((key) => current[key] === patch[key])) return;
    this.cards.set(cardId, { ...current, ...patch });
  }

  /** Replaces a whole card (same id), keeping its position in the board's array. */
  replace(next: Card): void {
    const current = this.cards.get(next.id);
    if (current === undefined) throw new Error(`card ${next.id} is not in the draft`);
    if (!sameCard(current, next)) this.cards.set(next.id, next);
  }

  add(card: Card): void {
    this.cards.set(card.id, card);
  }

  remove(cardId: string): void {
    this.removed.add(cardId);
  }

  /** Makes `cardIds` the sequence of `columnId` (visible or archived), orders 0..n-1. */
  place(columnId: string, archived: boolean, cardIds: readonly string[]): void {
    cardIds.forEach((cardId, order) => this.update(cardId, { columnId, archived, order }));
  }

  /** The board's cards after the command (array order kept, new cards last) and what changed. */
  finish(): { cards: Card[]; upsertedCards: Card[]; removedCardIds: string[] } {
    const cards = [...this.cards.values()].filter((card) => !this.removed.has(card.id));
    const upsertedCards = cards.filter((card) => this.original.get(card.id) !== card);
    const removedCardIds = [...this.removed].filter((cardId) => this.original.has(cardId));
    return { cards, upsertedCards, removedCardIds };
  }

  get columns(): readonly Column[] {
    return this.board.columns;
  }
}

/** Inserts `item` at `index`, clamped to 0..items.length. */
export function insertAt<T>(items: readonly T[], item: T, index: number | undefined): T[] {
  const position = clamp(index ?? items.length, 0, items.length);
  return [...items.slice(0, position), item, ...items.slice(position)];
}

export function clamp(value: number, minimum: number, maximum: number): number {
  return Math.min(Math.max(value, minimum), maximum);
}

/** Columns renumbered 0..n-1 in the given order; unchanged columns keep their identity. */
export function renumberColumns(columns: readonly Column[]): Column[] {
  return columns.map((column, order) => (column.order === order ? column : { ...column, order }));
}

function sameCard(a: Card, b: Card): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as (keyof Card)[]);
  for (const key of keys) {
    if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) return false;
  }
  return true;
}
