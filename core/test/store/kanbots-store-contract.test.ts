import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ManualClock } from '../../src/ports/clock.js';
import type { KanbotsStore, StoredDocumentSpec } from '../../src/store/kanbots-store.js';
import { StoreCorruptError, StoreError } from '../../src/store/store-errors.js';
import { storeImplementations } from './store-implementations.js';

/**
 * One contract for the store port, run against every implementation: what the board, the
 * settings and the runs rely on — documents versioned, migrated and set aside when they cannot be
 * trusted, a run's step stored whole, queued lines joining the next step, names that cannot
 * escape the store refused.
 */

const noteSchema = z.object({ text: z.string(), count: z.number().int() });
type Note = z.infer<typeof noteSchema>;
const notes: StoredDocumentSpec<Note> = { kind: 'board', schema: noteSchema, version: 2, migrations: { 1: (data) => ({ ...(data as object), count: 0 }) } };

describe.each(storeImplementations)('the store port: $name', (implementation) => {
  let dataDir: string;
  let store: KanbotsStore;
  const clock = new ManualClock(Date.UTC(2026, 5, 1));

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kanbots-store-'));
    store = await implementation.open(dataDir, clock);
  });
  afterEach(async () => {
    store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps a document: absent at first, then as written, validated before anything is stored', async () => {
    expect(await store.readDocument(notes)).toBeUndefined();
    expect(await store.documentKinds()).toEqual([]);
    await store.writeDocument(notes, { text: 'one', count: 1 });
    expect(await store.readDocument(notes)).toEqual({ text: 'one', count: 1 });
    await expect(store.writeDocument(notes, { text: 'two' } as Note)).rejects.toMatchObject({ name: 'ValidationError' });
    expect(await store.readDocument(notes)).toEqual({ text: 'one', count: 1 });
    expect(await store.documentKinds()).toEqual(['board']);
    expect(await store.readEnvelope('board')).toEqual({ schemaVersion: 2, data: { text: 'one', count: 1 } });
  });

  it('migrates an older document on read, and an envelope written for import is read back as given', async () => {
    await store.writeEnvelope('board', { schemaVersion: 1, data: { text: 'old' } });
    expect(await store.readDocument(notes)).toEqual({ text: 'old', count: 0 });
  });

  it('sets aside a document it cannot trust (not JSON, newer than this Kanbots) and reports it once', async () => {
    await store.writeDocument(notes, { text: 'one', count: 1 });
    await implementation.overwriteDocument(dataDir, 'board', '{"kind":"board","schemaVersion":2,"data":{"text":');
    const error = await store.readDocument(notes).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreCorruptError);
    expect((error as StoreCorruptError).reason).toMatch(/not valid JSON/);
    expect(await store.readDocument(notes)).toBeUndefined();

    await store.writeEnvelope('board', { schemaVersion: 9, data: { text: 'future', count: 1, more: true } });
    await expect(store.readDocument(notes)).rejects.toMatchObject({ name: 'StoreCorruptError', reason: expect.stringContaining('newer than the supported version 2') });
    expect(await store.readDocument(notes)).toBeUndefined();
  });

  it('an empty settings value reads as absent when the document says so', async () => {
    await store.writeEnvelope('settings', { schemaVersion: 1, data: { text: 'x', count: 1 } });
    await implementation.overwriteDocument(dataDir, 'settings', '  \n');
    expect(await store.readDocument({ ...notes, kind: 'settings', version: 1, blankIsAbsent: true })).toBeUndefined();
  });

  it('stores a run step — documents and lines — and reads it back in order', () => {
    store.runs.commit({
      runId: 'run_b',
      documents: { record: { id: 'run_b', n: 1 }, 'agent/agent_1': { snapshot: 's1' } },
      lines: [
        { stream: 'tools/agent_1', value: { callId: 'c1', event: 'started' } },
        { stream: 'activity', value: { seq: 1 } },
        { stream: 'tools/agent_1', value: { callId: 'c1', event: 'finished' } },
      ],
    });
    store.runs.commit({ runId: 'run_a', documents: { record: { id: 'run_a' } } });
    store.runs.commit({ runId: 'run_b', documents: { record: { id: 'run_b', n: 2 } }, lines: [{ stream: 'activity', value: { seq: 2 } }] });
    expect(store.runs.list()).toEqual(['run_a', 'run_b']);
    expect(JSON.parse(store.runs.readText('run_b', 'record')!)).toEqual({ id: 'run_b', n: 2 });
    expect(JSON.parse(store.runs.readText('run_b', 'agent/agent_1')!)).toEqual({ snapshot: 's1' });
    expect(store.runs.readText('run_b', 'agent/agent_2')).toBeUndefined();
    expect(store.runs.readLines('run_b', 'tools/agent_1').values).toEqual([
      { callId: 'c1', event: 'started' },
      { callId: 'c1', event: 'finished' },
    ]);
    expect(store.runs.readLines('run_b', 'activity')).toEqual({ values: [{ seq: 1 }, { seq: 2 }], skipped: [] });
    expect(store.runs.readLines('run_a', 'activity')).toEqual({ values: [], skipped: [] });
    expect(store.runs.contents('run_b')).toEqual({ documents: ['agent/agent_1', 'record'], streams: ['activity', 'tools/agent_1'] });
  });

  it('a queued line joins the run\'s next commit, or is stored at the end of the tick', async () => {
    store.runs.queue({ runId: 'run_q', lines: [{ stream: 'activity', value: { seq: 1 } }] });
    expect(store.runs.readLines('run_q', 'activity').values).toEqual([]);
    store.runs.commit({ runId: 'run_q', documents: { record: { id: 'run_q' } } });
    expect(store.runs.readLines('run_q', 'activity').values).toEqual([{ seq: 1 }]);
    store.runs.queue({ runId: 'run_q', lines: [{ stream: 'activity', value: { seq: 2 } }] });
    await Promise.resolve();
    expect(store.runs.readLines('run_q', 'activity').values).toEqual([{ seq: 1 }, { seq: 2 }]);
  });

  it('sets a run document aside: it is kept under another name and reads as absent', () => {
    store.runs.commit({ runId: 'run_x', documents: { record: { id: 'run_x' } } });
    const keptAs = store.runs.setAside('run_x', 'record', clock.now());
    expect(keptAs).toMatch(/2026-06-01T00-00-00-000Z/);
    expect(store.runs.readText('run_x', 'record')).toBeUndefined();
    expect(store.runs.list()).toEqual(['run_x']);
    store.runs.commit({ runId: 'run_x', documents: { record: { id: 'run_x', again: true } } });
    expect(store.runs.setAside('run_x', 'record', clock.now())).not.toBe(keptAs);
  });

  it('refuses a run or document name that could leave the store, storing nothing', () => {
    for (const runId of ['../escape', 'a/b', '', '.hidden/..']) {
      expect(() => store.runs.commit({ runId, documents: { record: {} } })).toThrow(StoreError);
    }
    expect(() => store.runs.commit({ runId: 'run_ok', documents: { 'agent/../../x': {} } })).toThrow(StoreError);
    expect(store.runs.list()).toEqual([]);
  });
});
