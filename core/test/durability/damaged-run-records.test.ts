import { existsSync } from 'node:fs';
import { open, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { RunRecordDamagedError } from '../../src/runs/read-run-record.js';
import { agentFilePath, runFilePath } from '../../src/runs/run-files.js';
import { openJsonStore } from '../../src/store/json-store.js';
import { DATABASE_FILE_NAME } from '../../src/store/sqlite-store.js';
import { createRunFixture, finish, write, type RunFixture } from '../runs/run-fixture.js';

/**
 * A run record a crash, a disk or a newer Kanbots left unreadable never keeps Kanbots from
 * opening: the board and every other run are there, the bad run is set aside (kept, never
 * deleted) and shown on its card as damaged, with why, on every start. The records are damaged
 * behind Kanbots' back, through another connection to its database or in its file, as another
 * program or a failing disk would.
 */

let fixture: RunFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

/** A long card text, so the run's record spills onto pages of its own in the database. */
const MARKER = 'DAMAGE-MARKER-3f9c';
const longDescription = `${'Spell it out. '.repeat(600)}${MARKER}${' And keep it short.'.repeat(400)}`;

/** Two runs at their gate on two cards: the first one's records get damaged, the second must survive it. */
async function twoRunsAtTheGate() {
  fixture = await createRunFixture({}, { description: longDescription });
  fixture.server.script('dev-model', [write('src/app.txt', 'one\n'), finish('Done.'), write('src/app.txt', 'two\n'), finish('Done.')]);
  const damaged = await fixture.kanbots.run(fixture.cardId, 'solo', { policy: { default: 'allow' } });
  await fixture.kanbots.runs.waitFor(damaged.id, (summary) => summary.status === 'needs_you');
  // The card's own text no longer holds the marker: only the run's records do.
  await fixture.kanbots.board.dispatch({ type: 'card.update', cardId: fixture.cardId, patch: { description: 'Spell out line two.' } });
  const other = await fixture.kanbots.board.dispatch({ type: 'card.create', title: 'Another card', target: { repository: fixture.repository.path } });
  const healthy = await fixture.kanbots.run(other.createdId!, 'solo', { policy: { default: 'allow' } });
  await fixture.kanbots.runs.waitFor(healthy.id, (summary) => summary.status === 'needs_you');
  return { fixture, damaged, healthy };
}

/** Another connection to the closed Kanbots' database. */
function withDatabase<T>(dataDir: string, use: (database: Database.Database) => T): T {
  const database = new Database(join(dataDir, DATABASE_FILE_NAME));
  try {
    return use(database);
  } finally {
    database.close();
  }
}

const storedRecord = (database: Database.Database, runId: string, name = 'record') =>
  (database.prepare('SELECT data FROM run_documents WHERE run_id = ? AND name = ?').get(runId, name) as { data: string } | undefined)?.data;

describe('a damaged run record at startup', () => {
  it('a half-written run record: Kanbots opens, the other run goes on, the bad one is set aside and shown damaged on its card', async () => {
    const { fixture, damaged, healthy } = await twoRunsAtTheGate();
    await fixture.kanbots.close();
    const half = withDatabase(fixture.dataDir, (database) => {
      const original = storedRecord(database, damaged.id)!;
      database.prepare("UPDATE run_documents SET data = ? WHERE run_id = ? AND name = 'record'").run(original.slice(0, Math.floor(original.length / 2)), damaged.id);
      return original.slice(0, Math.floor(original.length / 2));
    });

    const kanbots = await fixture.reopen();
    const shown = kanbots.runs.get(damaged.id);
    expect(shown).toMatchObject({ id: damaged.id, cardId: fixture.cardId, status: 'failed', damaged: { reason: expect.stringContaining('not valid JSON') } });
    expect(shown.statusText).toMatch(/^This run's record is damaged: it is not valid JSON .*It was kept as set-aside record \d+ of kanbots\.db .* The run cannot go on\.$/);
    expect(kanbots.runs.list().map((run) => run.id).sort()).toEqual([damaged.id, healthy.id].sort());
    expect(() => kanbots.merge(damaged.id)).toThrow(RunRecordDamagedError);
    expect(kanbots.board.getBoard().cards.map((card) => card.title).sort()).toEqual(['Another card', 'Spell out line two']);

    kanbots.merge(healthy.id);
    expect((await kanbots.runs.waitFor(healthy.id, (summary) => summary.status === 'merged')).status).toBe('merged');
    await kanbots.close();
    // Kept, exactly as it was found.
    const kept = withDatabase(fixture.dataDir, (database) => database.prepare("SELECT data FROM set_aside WHERE place = ? AND name = 'record'").all(`run/${damaged.id}`) as { data: string }[]);
    expect(kept.map((row) => row.data)).toEqual([half]);

    // Still reported after the next start.
    const again = await fixture.reopen();
    expect(again.runs.get(damaged.id)).toMatchObject({ status: 'failed', cardId: fixture.cardId, damaged: { reason: expect.stringContaining('not valid JSON') } });
  });

  it('a record of a newer, unknown version is set aside and reported, not guessed at', async () => {
    const { fixture, damaged, healthy } = await twoRunsAtTheGate();
    await fixture.kanbots.close();
    withDatabase(fixture.dataDir, (database) => {
      const record = JSON.parse(storedRecord(database, damaged.id)!) as Record<string, unknown>;
      database.prepare("UPDATE run_documents SET data = ? WHERE run_id = ? AND name = 'record'").run(JSON.stringify({ ...record, version: 7, somethingNew: true }), damaged.id);
    });

    const kanbots = await fixture.reopen();
    expect(kanbots.runs.get(damaged.id)).toMatchObject({ status: 'failed', cardId: fixture.cardId, damaged: { reason: expect.stringContaining('newer version of Kanbots (record version 7') } });
    expect(kanbots.runs.get(healthy.id).status).toBe('needs_you');
    expect(kanbots.store.runs.readText(damaged.id, 'record')).toBeUndefined();
  });

  it('a damaged database page under the run\'s records (half of it zeroed): the board is there, the bad run is reported on its card', async () => {
    const { fixture, damaged, healthy } = await twoRunsAtTheGate();
    await fixture.kanbots.close(); // the last connection: the WAL is checkpointed into kanbots.db
    const path = join(fixture.dataDir, DATABASE_FILE_NAME);
    const { pageSize, pages } = withDatabase(fixture.dataDir, (database) => ({
      pageSize: database.pragma('page_size', { simple: true }) as number,
      // Pages holding only the spilled-over part of a long value (of the damaged run's records: the marker is nowhere else now).
      pages: new Set((database.prepare("SELECT pageno FROM dbstat WHERE pagetype = 'overflow'").all() as { pageno: number }[]).map((row) => row.pageno)),
    }));
    const bytes = await readFile(path);
    const hit = new Set<number>();
    for (let at = bytes.indexOf(MARKER); at !== -1; at = bytes.indexOf(MARKER, at + 1)) {
      const page = Math.floor(at / pageSize) + 1;
      if (pages.has(page)) hit.add(page);
    }
    expect(hit.size).toBeGreaterThan(0);
    const file = await open(path, 'r+');
    try {
      for (const page of hit) await file.write(Buffer.alloc(pageSize / 2), 0, pageSize / 2, (page - 1) * pageSize + pageSize / 2);
    } finally {
      await file.close();
    }

    const kanbots = await fixture.reopen();
    expect(kanbots.board.getBoard().cards.map((card) => card.title).sort()).toEqual(['Another card', 'Spell out line two']);
    const shown = kanbots.runs.get(damaged.id);
    expect(shown.status).toBe('failed');
    expect(shown.damaged?.reason).toMatch(/not valid JSON|could not read|could not be restored/);
    expect(kanbots.runs.get(healthy.id).status).toBe('needs_you');
    kanbots.merge(healthy.id);
    expect((await kanbots.runs.waitFor(healthy.id, (summary) => summary.status === 'merged')).status).toBe('merged');
  });

  it("a run whose agent snapshot is unreadable is reported as not restorable; its record stays where it is", async () => {
    const { fixture, damaged, healthy } = await twoRunsAtTheGate();
    const agentId = damaged.agents[0]?.agentId ?? fixture.kanbots.runs.get(damaged.id).agents[0]!.agentId;
    await fixture.kanbots.close();
    withDatabase(fixture.dataDir, (database) => database.prepare('UPDATE run_documents SET data = ? WHERE run_id = ? AND name = ?').run('{"snapshot": {"status": "act', damaged.id, `agent/${agentId}`));

    const kanbots = await fixture.reopen();
    expect(kanbots.runs.get(damaged.id)).toMatchObject({ status: 'failed', damaged: { reason: expect.stringContaining('could not be restored') } });
    expect(kanbots.runs.get(healthy.id).status).toBe('needs_you');
    expect(kanbots.store.runs.readText(damaged.id, 'record')).toBeDefined();
  });

  it('a JSON data directory of an earlier Kanbots is imported on the first start: its damaged run.json is reported, temp files a crash left are gone, the files stay', async () => {
    fixture = await createRunFixture();
    await fixture.kanbots.close();
    for (const suffix of ['', '-wal', '-shm']) await rm(join(fixture.dataDir, `${DATABASE_FILE_NAME}${suffix}`), { force: true });
    // An earlier Kanbots: everything in JSON files.
    const earlier = await fixture.reopen({ store: openJsonStore(fixture.dataDir) });
    const first = await earlier.board.dispatch({ type: 'card.create', title: 'First card', target: { repository: fixture.repository.path } });
    const second = await earlier.board.dispatch({ type: 'card.create', title: 'Second card', target: { repository: fixture.repository.path } });
    fixture.server.script('dev-model', [write('src/app.txt', 'one\n'), finish('Done.'), write('src/app.txt', 'two\n'), finish('Done.')]);
    const damaged = await earlier.run(first.createdId!, 'solo', { policy: { default: 'allow' } });
    await earlier.runs.waitFor(damaged.id, (summary) => summary.status === 'needs_you');
    const healthy = await earlier.run(second.createdId!, 'solo', { policy: { default: 'allow' } });
    await earlier.runs.waitFor(healthy.id, (summary) => summary.status === 'needs_you');
    const agentId = earlier.runs.get(healthy.id).agents[0]!.agentId;
    await earlier.close();
    const whole = await readFile(runFilePath(fixture.dataDir, damaged.id), 'utf8');
    const torn = whole.slice(0, Math.floor(whole.length / 2));
    await writeFile(runFilePath(fixture.dataDir, damaged.id), torn);
    const stale = [`${runFilePath(fixture.dataDir, healthy.id)}.4242.tmp`, `${agentFilePath(fixture.dataDir, healthy.id, agentId)}.4242.tmp`];
    for (const path of stale) await writeFile(path, '{"half');

    const kanbots = await fixture.reopen({ store: undefined });
    expect(kanbots.store.implementation).toBe('sqlite');
    expect(kanbots.board.getBoard().cards.map((card) => card.title)).toEqual(expect.arrayContaining(['First card', 'Second card']));
    expect(kanbots.runs.get(damaged.id)).toMatchObject({ status: 'failed', cardId: first.createdId, damaged: { reason: expect.stringContaining('not valid JSON') } });
    expect(kanbots.runs.get(healthy.id).status).toBe('needs_you');
    expect(kanbots.runs.activity(healthy.id).length).toBeGreaterThan(3);
    for (const path of stale) expect(existsSync(path)).toBe(false);
    // The old files are left as they were.
    expect(await readFile(runFilePath(fixture.dataDir, damaged.id), 'utf8')).toBe(torn);
    expect(existsSync(join(fixture.dataDir, 'board.json'))).toBe(true);
    kanbots.merge(healthy.id);
    expect((await kanbots.runs.waitFor(healthy.id, (summary) => summary.status === 'merged')).status).toBe('merged');
  });
});
