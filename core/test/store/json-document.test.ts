import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationError } from '../../src/errors.js';
import { ManualClock } from '../../src/ports/clock.js';
import { temporaryFileName } from '../../src/store/atomic-write.js';
import { JsonDocument } from '../../src/store/json-document.js';
import { StoreCorruptError, StoreError } from '../../src/store/store-errors.js';

const settingsSchema = z.object({ theme: z.enum(['light', 'dark']), fontSize: z.number().int().positive() });
type Settings = z.infer<typeof settingsSchema>;

let directory: string;
let path: string;
const clock = new ManualClock(Date.UTC(2026, 2, 4, 5, 6, 7, 89));
const settingsDocument = (options: Partial<ConstructorParameters<typeof JsonDocument<Settings>>[1]> = {}) =>
  new JsonDocument<Settings>(path, { kind: 'settings', schema: settingsSchema, version: 2, clock, ...options });

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'kanbots-document-'));
  path = join(directory, 'settings.json');
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function expectCorrupt(content: string, reason: RegExp, document = settingsDocument()): Promise<void> {
  await writeFile(path, content);
  const error = await document.read().catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(StoreCorruptError);
  const corrupt = error as StoreCorruptError;
  expect(corrupt).toMatchObject({ code: 'store_corrupt', path, movedTo: `${path}.corrupt-2026-03-04T05-06-07-089Z` });
  expect(corrupt.reason).toMatch(reason);
  expect(await readFile(corrupt.movedTo, 'utf8')).toBe(content);
  expect(await document.read()).toBeUndefined(); // the path is free again
}

describe('versioned JSON documents', () => {
  it('reads undefined when the file does not exist', async () => {
    expect(await settingsDocument().read()).toBeUndefined();
  });

  it('writes a pretty-printed envelope and reads the data back', async () => {
    const document = settingsDocument();
    await document.write({ theme: 'dark', fontSize: 14 });
    const text = await readFile(path, 'utf8');
    expect(JSON.parse(text)).toEqual({ kind: 'settings', schemaVersion: 2, data: { theme: 'dark', fontSize: 14 } });
    expect(text).toContain('\n  "kind": "settings",\n');
    expect(await document.read()).toEqual({ theme: 'dark', fontSize: 14 });
  });

  it('refuses to write a value that fails the schema, leaving the file as it was', async () => {
    const document = settingsDocument();
    await document.write({ theme: 'dark', fontSize: 14 });
    await expect(document.write({ theme: 'blue', fontSize: 14 } as unknown as Settings)).rejects.toBeInstanceOf(ValidationError);
    expect(await document.read()).toEqual({ theme: 'dark', fontSize: 14 });
  });

  it('migrates an old version step by step (a v0 fixture)', async () => {
    const v0 = { kind: 'settings', schemaVersion: 0, data: { dark: true, size: '12' } };
    await writeFile(path, JSON.stringify(v0));
    const document = settingsDocument({
      migrations: {
        0: (data) => {
          const old = data as { dark: boolean; size: string };
          return { theme: old.dark ? 'dark' : 'light', size: old.size };
        },
        1: (data) => {
          const { size, ...rest } = data as { theme: string; size: string };
          return { ...rest, fontSize: Number(size) };
        },
      },
    });
    expect(await document.read()).toEqual({ theme: 'dark', fontSize: 12 });
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(v0); // reading never rewrites
  });

  it('reports a missing migration without moving the file', async () => {
    await writeFile(path, JSON.stringify({ kind: 'settings', schemaVersion: 1, data: {} }));
    await expect(settingsDocument().read()).rejects.toMatchObject({ name: 'StoreError', code: 'store_migration_missing' });
    await expect(settingsDocument().read()).rejects.toBeInstanceOf(StoreError);
    expect(await readdir(directory)).toEqual(['settings.json']);
  });

  it('moves aside and reports a file that is not JSON', async () => {
    await expectCorrupt('{"kind": "settings", "schemaVer', /not valid JSON/);
  });

  it('moves aside and reports a file without an envelope or of another kind', async () => {
    await expectCorrupt(JSON.stringify({ theme: 'dark' }), /not a Kanbots document/);
    await rm(`${path}.corrupt-2026-03-04T05-06-07-089Z`);
    await expectCorrupt(JSON.stringify({ kind: 'board', schemaVersion: 2, data: {} }), /expected kind "settings", found "board"/);
  });

  it('moves aside and reports a version newer than supported', async () => {
    await expectCorrupt(JSON.stringify({ kind: 'settings', schemaVersion: 3, data: {} }), /newer than the supported version 2/);
  });

  it('moves aside and reports data that fails the schema after migration', async () => {
    const document = settingsDocument({ migrations: { 1: (data) => data } });
    await expectCorrupt(JSON.stringify({ kind: 'settings', schemaVersion: 1, data: { theme: 'dark' } }), /fontSize/, document);
  });

  it('never overwrites an earlier moved-aside file', async () => {
    await writeFile(path, 'first garbage');
    const first = (await settingsDocument().read().catch((error: unknown) => error)) as StoreCorruptError;
    await writeFile(path, 'second garbage');
    const second = (await settingsDocument().read().catch((error: unknown) => error)) as StoreCorruptError;
    expect(second.movedTo).toBe(`${first.movedTo}-1`);
    expect(await readFile(first.movedTo, 'utf8')).toBe('first garbage');
    expect(await readFile(second.movedTo, 'utf8')).toBe('second garbage');
  });

  it('ignores and cleans a temp file left by a crashed writer', async () => {
    await settingsDocument().write({ theme: 'light', fontSize: 10 });
    const leftover = join(directory, temporaryFileName(path, 999_999));
    await writeFile(leftover, '{"kind": "settings", "sche');
    expect(await settingsDocument().read()).toEqual({ theme: 'light', fontSize: 10 });
    expect(await readdir(directory)).toEqual(['settings.json']);
  });
});
