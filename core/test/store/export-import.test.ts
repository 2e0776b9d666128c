import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createKanbots } from '../../src/kanbots.js';
import { ExportFormatError, ImportTargetNotEmptyError } from '../../src/store/export-format.js';
import { exportStore, importIntoStore, parseExport } from '../../src/store/export-import.js';
import { openJsonStore } from '../../src/store/json-store.js';
import type { KanbotsStore } from '../../src/store/kanbots-store.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { approve, createRunFixture, finish, models, write, type RunFixture } from '../runs/run-fixture.js';

/**
 * `kanbots export` / `import` keep everything in documented JSON lines: a data directory exported
 * and imported elsewhere opens with the same board, the same runs at the same state, the same
 * activity; a file that is cut, damaged or from a newer Kanbots imports nothing, and an import
 * never lands on data that is already there unless asked to replace it (which keeps the old).
 */

let fixture: RunFixture | undefined;
const directories: string[] = [];
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
  for (const directory of directories.splice(0)) await rm(directory, { recursive: true, force: true });
});

async function emptyDirectory(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'kanbots-import-'));
  directories.push(directory);
  return directory;
}

const exported = (store: KanbotsStore) => [...exportStore(store, { now: Date.UTC(2026, 5, 1) })].join('\n') + '\n';
/** The export without its first line (when it was made). */
const body = (text: string) => text.split('\n').slice(1).join('\n');

/** An export's lines after its first, with each stream's lines in their order but the streams apart. */
function byStream(text: string): { other: string[]; streams: Record<string, string[]> } {
  const other: string[] = [];
  const streams: Record<string, string[]> = {};
  for (const line of body(text).split('\n')) {
    const parsed = line === '' ? undefined : (JSON.parse(line) as { type: string; runId?: string; stream?: string });
    if (parsed?.type === 'run.line') (streams[`${parsed.runId}/${parsed.stream}`] ??= []).push(line);
    else other.push(line);
  }
  return { other, streams };
}

/** A dev ⇄ review run at its gate, with a tool call, a review and its activity: something worth keeping. */
async function runAtTheGate() {
  fixture = await createRunFixture();
  fixture.server.script('dev-model', [write('src/app.txt', 'line 1\nline two\nline 3\n'), finish('Spelled it out.')]);
  fixture.server.script('review-model', [approve()]);
  const run = await fixture.kanbots.run(fixture.cardId, 'dev-review', { models, policy: { default: 'allow' } });
  await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.gate !== undefined);
  return { fixture, run };
}

describe('export and import', () => {
  it('round-trips a data directory: the imported one opens with the same board, run and activity, and exports the same lines', async () => {
    const { fixture, run } = await runAtTheGate();
    const before = fixture.kanbots.runs.get(run.id);
    const activity = fixture.kanbots.runs.activity(run.id);
    const text = exported(fixture.kanbots.store);
    const board = fixture.kanbots.board.getBoard();
    await fixture.kanbots.close();
    const lines = text.trim().split('\n').map((line) => JSON.parse(line) as { type: string; version: number });
    expect(lines[0]).toMatchObject({ type: 'kanbots.export', version: 1, from: 'sqlite' });
    expect(lines.at(-1)).toMatchObject({ type: 'kanbots.export.end', version: 1, documents: 1, runs: 1 });
    expect(new Set(lines.map((line) => line.type))).toEqual(new Set(['kanbots.export', 'document', 'run', 'run.document', 'run.line', 'kanbots.export.end']));
    expect(text).not.toContain('sk-ant-test-secret-key-123456');

    const target = await emptyDirectory();
    const store = openSqliteStore(target);
    const result = await importIntoStore(store, parseExport(text), { now: Date.now() });
    expect(result).toMatchObject({ documents: 1, runs: 1 });
    expect(result.runLines).toBe(lines.filter((line) => line.type === 'run.line').length);
    expect(body(exported(store))).toBe(body(text));
    store.close();

    const reopened = await createKanbots({ dataDir: target, providers: { anthropic: { apiKey: 'sk-ant-other-0000000000', baseURL: fixture.server.anthropicBaseUrl } }, gitEnvironment: fixture.repository.gitEnvironment });
    try {
      expect(reopened.board.getBoard()).toEqual(board);
      const after = reopened.runs.get(run.id);
      expect({ status: after.status, gate: after.gate, reviews: after.reviews, agents: after.agents.map((agent) => [agent.key, agent.phase]) }).toEqual({
        status: before.status,
        gate: before.gate,
        reviews: before.reviews,
        agents: before.agents.map((agent) => [agent.key, agent.phase]),
      });
      // The activity as it was, then what the new start added.
      expect(reopened.runs.activity(run.id).slice(0, activity.length)).toEqual(activity);
    } finally {
      await reopened.close();
    }
  });

  it('reads the same export into either store (the database and the JSON files)', async () => {
    const { fixture } = await runAtTheGate();
    const text = exported(fixture.kanbots.store);
    const json = openJsonStore(await emptyDirectory());
    await importIntoStore(json, parseExport(text), { now: Date.now() });
    // The JSON files keep each stream's order (a file per stream), not the order across streams.
    expect(byStream(exported(json))).toEqual(byStream(text));
  });

  it('refuses to import into a data directory that holds data, changing nothing; with replace it lands and keeps the old data beside it', async () => {
    const { fixture } = await runAtTheGate();
    const text = exported(fixture.kanbots.store);
    const target = await emptyDirectory();
    const store = openSqliteStore(target);
    try {
      await store.writeEnvelope('board', { schemaVersion: 1, data: JSON.parse(text.split('\n')[1]!).data });
      await store.writeEnvelope('settings', { schemaVersion: 1, data: { theme: 'mine' } });
      const before = body(exported(store));
      const refused = await importIntoStore(store, parseExport(text), { now: Date.now() }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(ImportTargetNotEmptyError);
      expect((refused as ImportTargetNotEmptyError).message).toMatch(/already holds data \(2 documents, 0 runs\)\. Nothing was imported\./);
      expect(body(exported(store))).toBe(before);

      const replaced = await importIntoStore(store, parseExport(text), { now: Date.UTC(2026, 5, 2), replace: true });
      expect(body(exported(store))).toBe(body(text));
      expect(replaced.replacedKeptAt).toBe(join(target, 'kanbots.db.before-import.2026-06-02T00-00-00-000Z'));
      expect(existsSync(replaced.replacedKeptAt!)).toBe(true);
      const kept = openSqliteStore(target);
      expect(kept).toBeDefined();
      kept.close();
    } finally {
      store.close();
    }
  });

  it('a cut, damaged or newer file imports nothing and says which line', async () => {
    const { fixture } = await runAtTheGate();
    const text = exported(fixture.kanbots.store);
    const lines = text.trim().split('\n');
    const cases: [string, RegExp][] = [
      [lines.slice(0, -3).join('\n'), /ends before its "kanbots.export.end" line/],
      [[...lines.slice(0, 2), '{"type":"run.line","version":1', ...lines.slice(2)].join('\n'), /^Line 3 of the export file cannot be imported: it is not a JSON object/],
      [[lines[0], lines[1]!.replace('"version":1', '"version":2'), ...lines.slice(2)].join('\n'), /^Line 2 .*written by a newer Kanbots \(a "document" of version 2; this one reads version 1\)/],
      [[lines[0], '{"type":"run.line","version":1,"runId":"run_nowhere","stream":"activity","data":{}}', ...lines.slice(1)].join('\n'), /run run_nowhere was not declared/],
      [[lines[0], '{"type":"run","version":1,"runId":"../escape"}', ...lines.slice(1)].join('\n'), /^Line 2 .*not a Kanbots export line \(runId: not a name the store can keep/],
      [[lines[0], lines[1]!.replace(/"columns":\[/, '"columns":[{"bad":true},'), ...lines.slice(2)].join('\n'), /^Line 2 .*its board is not one this Kanbots can use/],
      [lines.slice(1).join('\n'), /^Line 1 .*starts with a "kanbots.export" line/],
      ['', /The export file cannot be imported: it is empty/],
    ];
    const target = openSqliteStore(await emptyDirectory());
    try {
      for (const [broken, reason] of cases) {
        const error = (() => {
          try {
            parseExport(broken);
            return undefined;
          } catch (caught) {
            return caught;
          }
        })();
        expect(error, String(reason)).toBeInstanceOf(ExportFormatError);
        expect((error as ExportFormatError).message).toMatch(reason);
      }
      expect(await target.documentKinds()).toEqual([]);
    } finally {
      target.close();
    }
  });
});
