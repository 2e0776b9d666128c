import { readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BOARD_FILE_NAME } from '../../src/board/board-document.js';
import { BoardServiceClosedError, openBoardService, type BoardService } from '../../src/board/board-service.js';
import { NotFoundError, ValidationError } from '../../src/errors.js';
import { cardsInColumn, orderedColumns, type Board } from '../../src/model/board.js';
import type { BoardChange } from '../../src/model/board-commands.js';
import { ManualClock } from '../../src/ports/clock.js';
import { SequentialIdGenerator } from '../../src/ports/ids.js';
import { openJsonStore } from '../../src/store/json-store.js';
import { openKanbotsDataDir } from '../../src/store/open-kanbots-data-dir.js';
import { DataDirLockedError, StoreCorruptError, StoreError } from '../../src/store/store-errors.js';

let dataDir: string;
const services: BoardService[] = [];
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kanbots-board-'));
});
afterEach(async () => {
  for (const service of services.splice(0)) await service.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** The board service over the JSON store, whose board.json a test can read, damage and block (the database's documents: the store contract suite). */
async function open(options: { onCorrupt?: 'throw' | 'fresh' } = {}): Promise<BoardService> {
  const clock = new ManualClock(1_000);
  const service = await openBoardService({ dataDir, store: openJsonStore(dataDir, { clock }), clock, ids: new SequentialIdGenerator(), ...options });
  services.push(service);
  return service;
}

async function boardOnDisk(): Promise<Board> {
  return (JSON.parse(await readFile(join(dataDir, BOARD_FILE_NAME), 'utf8')) as { data: Board }).data;
}

describe('board service', () => {
  it('starts a new board with the default columns and writes it at once', async () => {
    const service = await open();
    expect(orderedColumns(service.getBoard()).map((column) => column.name)).toEqual(['Backlog', 'In progress', 'Review', 'Done']);
    expect(await boardOnDisk()).toEqual(service.getBoard());
    expect(service.recoveredFrom).toBeUndefined();
  });

  it('persists before it resolves and before subscribers hear of the change', async () => {
    const service = await open();
    const heard: { change: BoardChange; revisionOnDisk: number }[] = [];
    service.subscribe((change) => {
      const onDisk = JSON.parse(readFileSync(join(dataDir, BOARD_FILE_NAME), 'utf8')) as { data: Board };
      heard.push({ change, revisionOnDisk: onDisk.data.revision });
    });
    const dispatched = service.dispatch({ type: 'card.create', title: 'Write docs' });
    expect(heard).toEqual([]);
    const change = await dispatched;
    expect(heard).toEqual([{ change, revisionOnDisk: 1 }]);
    expect((await boardOnDisk()).cards.map((card) => card.title)).toEqual(['Write docs']);
    expect(service.getBoard().revision).toBe(1);
  });

  it('restores the exact board after close and open', async () => {
    const service = await open();
    const first = service.getBoard().columns[0]!.id;
    const { createdId } = await service.dispatch({ type: 'card.create', title: 'A', labels: ['x'], target: { repository: '/repo' } });
    await service.dispatch({ type: 'card.create', title: 'B', index: 0 });
    await service.dispatch({ type: 'column.add', name: 'Blocked', index: 1 });
    await service.dispatch({ type: 'card.archive', cardId: createdId });
    const before = service.getBoard();
    await service.close();
    const reopened = await open();
    expect(reopened.getBoard()).toEqual(before);
    expect(cardsInColumn(reopened.getBoard(), first).map((card) => card.title)).toEqual(['B']);
  });

  it('serialises concurrent dispatches in arrival order', async () => {
    const service = await open();
    const titles = Array.from({ length: 20 }, (_, index) => `card ${index}`);
    const changes = await Promise.all(titles.map((title) => service.dispatch({ type: 'card.create', title })));
    expect(changes.map((change) => change.revision)).toEqual(titles.map((_, index) => index + 1));
    const backlog = orderedColumns(service.getBoard())[0]!.id;
    expect(cardsInColumn(service.getBoard(), backlog).map((card) => card.title)).toEqual(titles);
    expect((await boardOnDisk()).revision).toBe(20);
  });

  it('refuses invalid input and unknown ids with typed errors and changes nothing', async () => {
    const service = await open();
    const before = await readFile(join(dataDir, BOARD_FILE_NAME), 'utf8');
    await expect(service.dispatch({ type: 'card.create', title: '' })).rejects.toBeInstanceOf(ValidationError);
    await expect(service.dispatch('nonsense')).rejects.toBeInstanceOf(ValidationError);
    const notFound = await service.dispatch({ type: 'card.delete', cardId: 'card_nope' }).catch((error: unknown) => error);
    expect(notFound).toBeInstanceOf(NotFoundError);
    expect(notFound).toMatchObject({ entity: 'card', id: 'card_nope' });
    expect(service.getBoard().revision).toBe(0);
    expect(await readFile(join(dataDir, BOARD_FILE_NAME), 'utf8')).toBe(before);
  });

  it('rolls the board back and throws when the write fails, then carries on once it works again', async () => {
    const service = await open();
    const boardPath = join(dataDir, BOARD_FILE_NAME);
    await rm(boardPath);
    await mkdir(join(boardPath, 'blocker'), { recursive: true }); // the rename over board.json now fails
    const heard: BoardChange[] = [];
    service.subscribe((change) => heard.push(change));
    const failed = service.dispatch({ type: 'card.create', title: 'Lost' });
    const writeError = await failed.catch((error: unknown) => error);
    expect(writeError).toBeInstanceOf(StoreError);
    expect((writeError as StoreError).cause).toBeDefined(); // the original error, not a copy
    expect(service.getBoard().cards).toEqual([]);
    expect(service.getBoard().revision).toBe(0);
    expect(heard).toEqual([]);
    await rm(boardPath, { recursive: true });
    const change = await service.dispatch({ type: 'card.create', title: 'Kept' });
    expect(change.revision).toBe(1);
    expect((await boardOnDisk()).cards.map((card) => card.title)).toEqual(['Kept']);
  });

  it('reports a corrupt board.json, moved aside, and starts fresh only when asked', async () => {
    const boardPath = join(dataDir, BOARD_FILE_NAME);
    await writeFile(boardPath, '{"kind":"board","schemaVersion":1,"data":{"id":');
    const error = await open().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreCorruptError);
    const movedTo = (error as StoreCorruptError).movedTo;
    expect(await readFile(movedTo, 'utf8')).toContain('"schemaVersion":1');

    await copyFile(movedTo, boardPath);
    await rm(movedTo);
    const fresh = await open({ onCorrupt: 'fresh' });
    expect(fresh.recoveredFrom).toBeInstanceOf(StoreCorruptError);
    expect(fresh.getBoard().revision).toBe(0);
    expect((await readdir(dataDir)).sort()).toEqual([BOARD_FILE_NAME, fresh.recoveredFrom!.movedTo.slice(dataDir.length + 1)].sort());
  });

  it('treats a board whose cards point at missing columns as corrupt', async () => {
    const fixture = JSON.parse(await readFile(fileURLToPath(new URL('./fixtures/board-v1.json', import.meta.url)), 'utf8')) as { data: Board };
    fixture.data.cards[0]!.columnId = 'column_gone';
    await writeFile(join(dataDir, BOARD_FILE_NAME), JSON.stringify(fixture));
    await expect(open()).rejects.toMatchObject({ name: 'StoreCorruptError', reason: expect.stringContaining('unknown column "column_gone"') });
  });

  it('loads every released board format (fixture v1)', async () => {
    await copyFile(fileURLToPath(new URL('./fixtures/board-v1.json', import.meta.url)), join(dataDir, BOARD_FILE_NAME));
    const service = await open();
    const board = service.getBoard();
    expect(board).toMatchObject({ id: 'board_fixture', name: 'Fixture board', revision: 7 });
    expect(cardsInColumn(board, 'column_todo').map((card) => card.title)).toEqual(['First', 'Second']);
    expect(board.cards.find((card) => card.id === 'card_a')?.target).toEqual({ repository: '/repos/app', baseBranch: 'main' });
    // Version 1 had no projects: the migration gives the board none, and cards keep their own targets.
    expect(board.projects).toEqual([]);
    expect(board.cards.every((card) => card.projectId === undefined)).toBe(true);
    const change = await service.dispatch({ type: 'card.unarchive', cardId: 'card_c' });
    expect(change.revision).toBe(8);
    expect(JSON.parse(await readFile(join(dataDir, BOARD_FILE_NAME), 'utf8'))).toMatchObject({ schemaVersion: 2, data: { projects: [] } });
  });

  it('loads every released board format (fixture v2: projects, a card in one, a card with its own target)', async () => {
    await copyFile(fileURLToPath(new URL('./fixtures/board-v2.json', import.meta.url)), join(dataDir, BOARD_FILE_NAME));
    const service = await open();
    const board = service.getBoard();
    expect(board.projects).toEqual([
      { id: 'project_shop', name: 'Shop', repository: '/repos/shop', baseBranch: 'main', agents: { models: { developer: 'claude-code' }, personas: {} }, createdAt: 5, updatedAt: 5 },
    ]);
    expect(board.cards.find((card) => card.id === 'card_a')?.projectId).toBe('project_shop');
    expect(board.cards.find((card) => card.id === 'card_b')?.target).toEqual({ repository: '/repos/app', baseBranch: 'main' });
  });

  it('a card whose project is gone (a hand-edited file) loads without a project; nothing else changes', async () => {
    const fixture = JSON.parse(await readFile(fileURLToPath(new URL('./fixtures/board-v2.json', import.meta.url)), 'utf8')) as { data: Board };
    fixture.data.projects = [];
    await writeFile(join(dataDir, BOARD_FILE_NAME), JSON.stringify(fixture));
    const board = (await open()).getBoard();
    expect(board.cards.find((card) => card.id === 'card_a')).toMatchObject({ title: 'First', columnId: 'column_todo' });
    expect(board.cards.find((card) => card.id === 'card_a')).not.toHaveProperty('projectId');
  });

  it('finishes queued commands on close and refuses later ones', async () => {
    const service = await open();
    const pending = service.dispatch({ type: 'board.rename', name: 'Closing' });
    await service.close();
    await expect(pending).resolves.toMatchObject({ boardName: 'Closing' });
    await expect(service.dispatch({ type: 'board.rename', name: 'Late' })).rejects.toBeInstanceOf(BoardServiceClosedError);
    expect((await boardOnDisk()).name).toBe('Closing');
  });

  it('keeps notifying other subscribers when one throws, and stops after unsubscribe', async () => {
    const service = await open();
    const heard: number[] = [];
    service.subscribe(() => {
      throw new Error('bad listener');
    });
    const unsubscribe = service.subscribe((change) => heard.push(change.revision));
    await service.dispatch({ type: 'board.rename', name: 'One' });
    unsubscribe();
    await service.dispatch({ type: 'board.rename', name: 'Two' });
    expect(heard).toEqual([1]);
  });
});

describe('one Kanbots per data directory', () => {
  it('refuses a second host on the same data directory until the first releases it', async () => {
    const first = await openKanbotsDataDir(dataDir);
    await expect(openKanbotsDataDir(dataDir)).rejects.toBeInstanceOf(DataDirLockedError);
    await first.lock.release();
    const second = await openKanbotsDataDir(dataDir);
    const service = await openBoardService({ dataDir: second.dataDir });
    expect(service.getBoard().columns).toHaveLength(4);
    await service.close();
    await second.lock.release();
  });
});
