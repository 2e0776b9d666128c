import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RunRecordDamagedError } from '../../src/runs/read-run-record.js';
import { agentFilePath, runDirectory, runFilePath } from '../../src/runs/run-files.js';
import { createRunFixture, finish, write, type RunFixture } from '../runs/run-fixture.js';

/**
 * A run file a crash, a disk or a newer Kanbots left unreadable never keeps Kanbots from opening:
 * the board and every other run are there, the bad run is set aside (kept, never deleted) and
 * shown on its card as damaged, with why, on every start.
 */

let fixture: RunFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

/** Two runs at their gate on two cards: the first one's files get damaged, the second must survive it. */
async function twoRunsAtTheGate() {
  fixture = await createRunFixture();
  fixture.server.script('dev-model', [write('src/app.txt', 'one\n'), finish('Done.'), write('src/app.txt', 'two\n'), finish('Done.')]);
  const damaged = await fixture.kanbots.run(fixture.cardId, 'solo', { policy: { default: 'allow' } });
  await fixture.kanbots.runs.waitFor(damaged.id, (summary) => summary.status === 'needs_you');
  const other = await fixture.kanbots.board.dispatch({ type: 'card.create', title: 'Another card', target: { repository: fixture.repository.path } });
  const healthy = await fixture.kanbots.run(other.createdId!, 'solo', { policy: { default: 'allow' } });
  await fixture.kanbots.runs.waitFor(healthy.id, (summary) => summary.status === 'needs_you');
  return { fixture, damaged, healthy };
}

describe('a damaged run record at startup', () => {
  it('a half-written run.json: Kanbots opens, the other run goes on, the bad one is set aside and shown damaged on its card', async () => {
    const { fixture, damaged, healthy } = await twoRunsAtTheGate();
    await fixture.kanbots.close();
    const original = await readFile(runFilePath(fixture.dataDir, damaged.id), 'utf8');
    await writeFile(runFilePath(fixture.dataDir, damaged.id), original.slice(0, Math.floor(original.length / 2)));

    const kanbots = await fixture.reopen();
    expect(kanbots.board.getBoard().cards).toHaveLength(2);
    const shown = kanbots.runs.get(damaged.id);
    expect(shown).toMatchObject({ id: damaged.id, cardId: fixture.cardId, status: 'failed', damaged: { reason: expect.stringContaining('not valid JSON') } });
    expect(shown.statusText).toMatch(/^This run's record is damaged: it is not valid JSON .*It was kept as run\.json\.corrupt-.* The run cannot go on\.$/);
    expect(kanbots.runs.list().map((run) => run.id).sort()).toEqual([damaged.id, healthy.id].sort());
    expect(() => kanbots.merge(damaged.id)).toThrow(RunRecordDamagedError);

    // Set aside byte for byte, never deleted; the healthy run still merges.
    const kept = (await readdir(runDirectory(fixture.dataDir, damaged.id))).filter((name) => name.startsWith('run.json.corrupt-'));
    expect(kept).toHaveLength(1);
    expect(await readFile(join(runDirectory(fixture.dataDir, damaged.id), kept[0]!), 'utf8')).toBe(original.slice(0, Math.floor(original.length / 2)));
    kanbots.merge(healthy.id);
    expect((await kanbots.runs.waitFor(healthy.id, (summary) => summary.status === 'merged')).status).toBe('merged');

    // Still reported after the next start.
    const again = await fixture.reopen();
    expect(again.runs.get(damaged.id)).toMatchObject({ status: 'failed', cardId: fixture.cardId, damaged: { reason: expect.stringContaining('not valid JSON') } });
  });

  it('a record of a newer, unknown version is set aside and reported, not guessed at', async () => {
    const { fixture, damaged, healthy } = await twoRunsAtTheGate();
    await fixture.kanbots.close();
    const record = JSON.parse(await readFile(runFilePath(fixture.dataDir, damaged.id), 'utf8')) as Record<string, unknown>;
    await writeFile(runFilePath(fixture.dataDir, damaged.id), JSON.stringify({ ...record, version: 7, somethingNew: true }));

    const kanbots = await fixture.reopen();
    expect(kanbots.runs.get(damaged.id)).toMatchObject({ status: 'failed', cardId: fixture.cardId, damaged: { reason: expect.stringContaining('newer version of Kanbots (record version 7') } });
    expect(kanbots.runs.get(healthy.id).status).toBe('needs_you');
    expect(existsSync(runFilePath(fixture.dataDir, damaged.id))).toBe(false);
  });

  it("a run whose agent file is unreadable is reported as not restorable; its record stays where it is", async () => {
    const { fixture, damaged, healthy } = await twoRunsAtTheGate();
    const agentId = damaged.agents[0]?.agentId ?? fixture.kanbots.runs.get(damaged.id).agents[0]!.agentId;
    await fixture.kanbots.close();
    await writeFile(agentFilePath(fixture.dataDir, damaged.id, agentId), '{"snapshot": {"status": "act');

    const kanbots = await fixture.reopen();
    expect(kanbots.runs.get(damaged.id)).toMatchObject({ status: 'failed', damaged: { reason: expect.stringContaining('could not be restored') } });
    expect(kanbots.runs.get(healthy.id).status).toBe('needs_you');
    expect(existsSync(runFilePath(fixture.dataDir, damaged.id))).toBe(true);
  });

  it('temp files a crash left behind are removed at startup', async () => {
    const { fixture, damaged } = await twoRunsAtTheGate();
    const agentId = fixture.kanbots.runs.get(damaged.id).agents[0]!.agentId;
    await fixture.kanbots.close();
    const stale = [`${runFilePath(fixture.dataDir, damaged.id)}.4242.tmp`, `${agentFilePath(fixture.dataDir, damaged.id, agentId)}.4242.tmp`];
    for (const path of stale) await writeFile(path, '{"half');
    const kanbots = await fixture.reopen();
    for (const path of stale) expect(existsSync(path)).toBe(false);
    expect(kanbots.runs.get(damaged.id).status).toBe('needs_you');
  });
});
