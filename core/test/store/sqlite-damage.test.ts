import { copyFile, mkdtemp, rm, stat, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DATABASE_FILE_NAME, openSqliteStore } from '../../src/store/sqlite-store.js';

/**
 * What a crash leaves in the database's files: the write-ahead log cut inside its last frame (the
 * process died while writing it). The database opens, everything committed before is there, and
 * the step whose frame was cut is gone as a whole — never half of it.
 */

const directories: string[] = [];
afterEach(async () => {
  for (const directory of directories.splice(0)) await rm(directory, { recursive: true, force: true });
});

const noteSpec = { kind: 'board', schema: z.object({ text: z.string() }), version: 1 };

describe('the database after a crash', () => {
  it('a write-ahead log cut in its last frame: the last step is gone whole, everything before it is there', async () => {
    const live = await mkdtemp(join(tmpdir(), 'kanbots-wal-'));
    const crashed = await mkdtemp(join(tmpdir(), 'kanbots-wal-'));
    directories.push(live, crashed);
    const store = openSqliteStore(live);
    try {
      await store.writeDocument(noteSpec, { text: 'the board' });
      for (let step = 1; step <= 3; step += 1) {
        store.runs.commit({ runId: 'run_a', documents: { record: { step, padding: 'x'.repeat(3000) } }, lines: [{ stream: 'activity', value: { seq: step } }] });
      }
      // The files as a crash would leave them: copied while the connection is open (nothing checkpointed), the log cut mid-frame.
      for (const suffix of ['', '-wal']) await copyFile(join(live, `${DATABASE_FILE_NAME}${suffix}`), join(crashed, `${DATABASE_FILE_NAME}${suffix}`));
    } finally {
      store.close();
    }
    const wal = join(crashed, `${DATABASE_FILE_NAME}-wal`);
    const size = (await stat(wal)).size;
    expect(size).toBeGreaterThan(4096 * 3);
    await truncate(wal, size - 2000);

    const reopened = openSqliteStore(crashed);
    try {
      expect(await reopened.readDocument(noteSpec)).toEqual({ text: 'the board' });
      const record = JSON.parse(reopened.runs.readText('run_a', 'record')!) as { step: number };
      expect(record.step).toBe(2);
      expect(reopened.runs.readLines('run_a', 'activity').values).toEqual([{ seq: 1 }, { seq: 2 }]);
      expect(reopened.database.pragma('integrity_check', { simple: true })).toBe('ok');
      // And it goes on from there.
      reopened.runs.commit({ runId: 'run_a', documents: { record: { step: 3 } }, lines: [{ stream: 'activity', value: { seq: 3 } }] });
      expect(reopened.runs.readLines('run_a', 'activity').values).toEqual([{ seq: 1 }, { seq: 2 }, { seq: 3 }]);
    } finally {
      reopened.close();
    }
  });
});
