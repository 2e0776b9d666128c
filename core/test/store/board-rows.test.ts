import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { boardDocument } from '../../src/board/board-document.js';
import { findBoardInconsistencies } from '../../src/board/board-invariants.js';
import { openBoardService, type BoardService } from '../../src/board/board-service.js';
import { ValidationError } from '../../src/errors.js';
import { orderedColumns, type Board } from '../../src/model/board.js';
import { ManualClock } from '../../src/ports/clock.js';
import { SequentialIdGenerator } from '../../src/ports/ids.js';
import { DATABASE_FILE_NAME, openSqliteStore, type SqliteStore } from '../../src/store/sqlite-store.js';
import { StoreCorruptError } from '../../src/store/store-errors.js';

/**
 * The board in the database as a header and one row per card: a move stores the header and the
 * moved card, and whatever sequence of commands ran, the board read back from the file is the
 * board the actor holds. Real database files in temp dirs, read behind the store's back with a
 * second connection.
 */

let dataDir: string;
const open: { store: SqliteStore; service: BoardService }[] = [];
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kanbots-board-rows-'));
});
afterEach(async () => {
  for (const { store, service } of open.splice(0)) {
    await service.close();
    store.close();
  }
  await rm(dataDir, { recursive: true, force: true });
});

async function openBoard(options: { onCorrupt?: 'throw' | 'fresh' } = {}): Promise<{ store: SqliteStore; service: BoardService }> {
  const clock = new ManualClock(1_000);
  const store = openSqliteStore(dataDir, { clock });
  try {
    const service = await openBoardService({ dataDir, store, clock, ids: new SequentialIdGenerator(), ...options });
    open.push({ store, service });
    return { store, service };
  } catch (error) {
    store.close();
    throw error;
  }
}

async function reopen(): Promise<{ store: SqliteStore; service: BoardService }> {
  const last = open.pop()!;
  await last.service.close();
  last.store.close();
  return openBoard();
}

/** The card rows as stored, read by another connection: id → `rank|data`. */
function storedRows(): Map<string, string> {
  const database = new Database(join(dataDir, DATABASE_FILE_NAME), { readonly: true });
  try {
    const rows = database.prepare("SELECT id, grp, rank, data FROM document_rows WHERE kind = 'board'").all() as { id: string; grp: string; rank: string; data: string }[];
    return new Map(rows.map((row) => [row.id, `${row.grp}|${row.rank}|${row.data}`]));
  } finally {
    database.close();
  }
}

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

describe('the board as rows of the database', () => {
  it('stores a move as the moved card alone: no other card row changes, though their indexes shifted', async () => {
    const { service } = await openBoard();
    const [backlog, inProgress] = orderedColumns(service.getBoard()).map((column) => column.id) as [string, string];
    for (let index = 0; index < 40; index += 1) await service.dispatch({ type: 'card.create', title: `card ${index}`, columnId: index % 2 === 0 ? backlog : inProgress });
    const before = storedRows();
    expect(before.size).toBe(40);
    const moved = service.getBoard().cards.find((card) => card.columnId === backlog && card.order === 15)!;
    const change = await service.dispatch({ type: 'card.move', cardId: moved.id, columnId: inProgress, index: 0 });
    // The protocol still tells of every card whose index changed; the database stores one row.
    expect(change.upsertedCards.length).toBeGreaterThan(10);
    const after = storedRows();
    const changed = [...after].filter(([id, row]) => before.get(id) !== row).map(([id]) => id);
    expect(changed).toEqual([moved.id]);

    const again = await reopen();
    expect(again.service.getBoard()).toEqual(service.getBoard());
  });

  it('reads back exactly the board the actor holds after hundreds of random commands, at every reopen', async () => {
    const random = seededRandom(2026);
    let { service } = await openBoard();
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    for (let step = 0; step < 400; step += 1) {
      const board = service.getBoard();
      const columns = orderedColumns(board).map((column) => column.id);
      const visible = board.cards.filter((card) => !card.archived);
      const archived = board.cards.filter((card) => card.archived);
      const roll = random();
      if (roll < 0.25 || visible.length < 3) await service.dispatch({ type: 'card.create', title: `card ${step}`, columnId: pick(columns), index: Math.floor(random() * 6) });
      else if (roll < 0.75) await service.dispatch({ type: 'card.move', cardId: pick(visible).id, columnId: pick(columns), index: Math.floor(random() * 12) });
      else if (roll < 0.82) await service.dispatch({ type: 'card.archive', cardId: pick(visible).id });
      else if (roll < 0.87 && archived.length > 0) await service.dispatch({ type: 'card.unarchive', cardId: pick(archived).id });
      else if (roll < 0.91) await service.dispatch({ type: 'card.update', cardId: pick(visible).id, patch: { title: `renamed ${step}`, labels: ['x'] } });
      else if (roll < 0.95) await service.dispatch({ type: 'card.delete', cardId: pick(board.cards).id });
      else if (roll < 0.97) await service.dispatch({ type: 'column.move', columnId: pick(columns), index: Math.floor(random() * 4) });
      else await service.dispatch({ type: 'board.rename', name: `Board ${step}` });
      if (step % 50 === 49) {
        const held = service.getBoard();
        ({ service } = await reopen());
        expect(service.getBoard()).toEqual(held);
        expect(findBoardInconsistencies(service.getBoard())).toEqual([]);
      }
    }
  });

  it('turns a board kept whole (a database of the previous format, an import) into rows with its first change', async () => {
    const first = await openBoard();
    await first.service.dispatch({ type: 'card.create', title: 'kept whole' });
    const whole = first.service.getBoard();
    await first.service.close();
    first.store.close();
    open.pop();
    const database = new Database(join(dataDir, DATABASE_FILE_NAME));
    database.transaction(() => {
      database.prepare("INSERT INTO documents (kind, schema_version, data) VALUES ('board', 1, ?)").run(JSON.stringify({ ...whole, projects: undefined }));
      database.prepare("DELETE FROM document_rows WHERE kind = 'board'").run();
      database.prepare("DELETE FROM document_headers WHERE kind = 'board'").run();
    })();
    database.close();

    const { service } = await openBoard();
    expect(service.getBoard()).toEqual(whole);
    await service.dispatch({ type: 'card.create', title: 'after' });
    expect(storedRows().size).toBe(2);
    const check = new Database(join(dataDir, DATABASE_FILE_NAME), { readonly: true });
    expect(check.prepare("SELECT count(*) AS n FROM documents WHERE kind = 'board'").get()).toEqual({ n: 0 });
    check.close();
    const held = service.getBoard();
    expect((await reopen()).service.getBoard()).toEqual(held);
  });

  it('is read by a read-only connection to a database of the previous format, which has no row tables', async () => {
    const first = await openBoard();
    await first.service.dispatch({ type: 'card.create', title: 'older format' });
    const whole = first.service.getBoard();
    await first.service.close();
    first.store.close();
    open.pop();
    const database = new Database(join(dataDir, DATABASE_FILE_NAME));
    database.exec('DROP TABLE document_rows; DROP TABLE document_headers; PRAGMA user_version = 1;');
    database.prepare("INSERT INTO documents (kind, schema_version, data) VALUES ('board', 2, ?)").run(JSON.stringify(whole));
    database.close();

    const reader = openSqliteStore(dataDir, { readOnly: true });
    try {
      expect(await reader.readEnvelope('board')).toEqual({ schemaVersion: 2, data: whole });
      expect(await reader.documentKinds()).toEqual(['board']);
    } finally {
      reader.close();
    }
    const { service } = await openBoard();
    expect(service.getBoard()).toEqual(whole);
  });

  it('sets a board with a damaged card row aside, keeps what is left of it, and reports it', async () => {
    const { service } = await openBoard();
    const cardId = (await service.dispatch({ type: 'card.create', title: 'to be damaged' })).createdId!;
    await service.dispatch({ type: 'card.create', title: 'fine' });
    const last = open.pop()!;
    await last.service.close();
    last.store.close();
    const database = new Database(join(dataDir, DATABASE_FILE_NAME));
    database.prepare("UPDATE document_rows SET data = '{\"id\": \"cut' WHERE id = ?").run(cardId);
    database.close();

    await expect(openBoard()).rejects.toBeInstanceOf(StoreCorruptError);
    const fresh = await openBoard({ onCorrupt: 'fresh' });
    expect(fresh.service.getBoard().cards).toEqual([]);
    const check = new Database(join(dataDir, DATABASE_FILE_NAME), { readonly: true });
    const kept = check.prepare("SELECT name, reason, data FROM set_aside WHERE place = 'documents'").all() as { name: string; reason: string; data: string }[];
    check.close();
    expect(kept).toHaveLength(1);
    expect(kept[0]!.name).toBe('board');
    expect(kept[0]!.reason).toContain('not valid JSON');
    // What is left of it: the header, the damaged row's text as found, the sound rows.
    expect(kept[0]!.data).toContain('{\\"id\\": \\"cut');
    expect(kept[0]!.data).toContain('fine');
    expect(kept[0]!.data).toContain('Backlog');
  });

  it('refuses a bad card or header with a validation error and stores nothing', async () => {
    const { store, service } = await openBoard();
    await service.dispatch({ type: 'card.create', title: 'good' });
    const board = service.getBoard();
    const before = storedRows();
    const spec = boardDocument();
    const badCard: Board = { ...board, cards: board.cards.map((card) => ({ ...card, title: '' })) };
    await expect(store.writeDocument(spec, badCard)).rejects.toBeInstanceOf(ValidationError);
    const badHeader: Board = { ...board, name: '', cards: [...board.cards] };
    await expect(store.writeDocument(spec, badHeader)).rejects.toBeInstanceOf(ValidationError);
    const twice: Board = { ...board, cards: [...board.cards, { ...board.cards[0]! }] };
    await expect(store.writeDocument(spec, twice)).rejects.toBeInstanceOf(ValidationError);
    expect(storedRows()).toEqual(before);
    expect(await store.readDocument(spec)).toEqual(board);
  });
});
