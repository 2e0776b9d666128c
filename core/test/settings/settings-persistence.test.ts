import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { ManualClock } from '../../src/ports/clock.js';
import { defaultSettings, type Settings } from '../../src/settings/settings.js';
import { openSettingsService, SETTINGS_FILE_NAME } from '../../src/settings/settings-service.js';
import { openJsonStore } from '../../src/store/json-store.js';

const directories: string[] = [];
afterEach(async () => {
  for (const directory of directories.splice(0)) await rm(directory, { recursive: true, force: true });
});

/** The settings over the JSON store, whose settings.json a test reads and damages (the database's documents: the store contract suite). */
function openSettingsOverJson(directory: string) {
  return openSettingsService({ dataDir: directory, store: openJsonStore(directory) });
}

async function dataDir(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'kanbots-settings-'));
  directories.push(directory);
  return directory;
}

describe('the settings service', () => {
  it('starts with the defaults and writes nothing until something changes', async () => {
    const directory = await dataDir();
    const service = await openSettingsService({ dataDir: directory, store: openJsonStore(directory) });
    expect(service.get()).toEqual(defaultSettings());
    expect(service.problem).toBeUndefined();
    expect(await readdir(directory)).toEqual([]);
  });

  it('persists an update and finds it again after a restart', async () => {
    const directory = await dataDir();
    const first = await openSettingsService({ dataDir: directory, store: openJsonStore(directory) });
    const updated = await first.update({ defaults: { workflow: 'best-of-n', bestOfN: 4 }, limits: { perProvider: { anthropic: 2 } } });
    expect(updated.defaults.workflow).toBe('best-of-n');
    expect(first.get()).toBe(updated);
    const envelope = JSON.parse(await readFile(join(directory, SETTINGS_FILE_NAME), 'utf8'));
    expect(envelope).toMatchObject({ kind: 'settings', schemaVersion: 1, data: { defaults: { workflow: 'best-of-n', bestOfN: 4 } } });

    const second = await openSettingsService({ dataDir: directory, store: openJsonStore(directory) });
    expect(second.get()).toEqual(updated);
    expect(second.get().limits.perProvider).toEqual({ anthropic: 2 });
  });

  it('refuses a bad patch with a ValidationError and writes nothing', async () => {
    const directory = await dataDir();
    const service = await openSettingsService({ dataDir: directory, store: openJsonStore(directory) });
    await service.update({ limits: { global: 3 } });
    const before = await readFile(join(directory, SETTINGS_FILE_NAME), 'utf8');
    const seen: Settings[] = [];
    service.subscribe((settings) => seen.push(settings));

    await expect(service.update({ limits: { global: -1 }, defaults: { bestOfN: 5 } })).rejects.toBeInstanceOf(ValidationError);
    await expect(service.update({ providers: { anthropic: { apiKey: 'sk-ant-abcdefghijkl' } } })).rejects.toThrow(/secrets\.set/);
    await expect(service.update('global=9')).rejects.toBeInstanceOf(ValidationError);

    expect(await readFile(join(directory, SETTINGS_FILE_NAME), 'utf8')).toBe(before);
    expect(service.get().limits.global).toBe(3);
    expect(service.get().defaults.bestOfN).toBe(3);
    expect(seen).toEqual([]);
  });

  it('tells subscribers about changes, not about patches that change nothing', async () => {
    const service = await openSettingsOverJson(await dataDir());
    const seen: Settings[] = [];
    const unsubscribe = service.subscribe((settings) => seen.push(settings));
    await service.update({ notifications: { finished: false } });
    await service.update({ notifications: { finished: false } });
    unsubscribe();
    await service.update({ notifications: { needsYou: false } });
    expect(seen.map((settings) => settings.notifications)).toEqual([{ needsYou: true, finished: false }]);
  });

  it('applies concurrent updates one after the other', async () => {
    const directory = await dataDir();
    const service = await openSettingsService({ dataDir: directory, store: openJsonStore(directory) });
    await Promise.all([service.update({ limits: { global: 7 } }), service.update({ defaults: { maxReviewRounds: 5 } }), service.update({ columns: { merged: 'Shipped' } })]);
    const reopened = await openSettingsService({ dataDir: directory, store: openJsonStore(directory) });
    expect(reopened.get().limits.global).toBe(7);
    expect(reopened.get().defaults.maxReviewRounds).toBe(5);
    expect(reopened.get().columns.merged).toBe('Shipped');
  });

  it('hands out frozen settings', async () => {
    const service = await openSettingsOverJson(await dataDir());
    expect(() => {
      (service.get().limits as { global: number }).global = 99;
    }).toThrow(TypeError);
    expect(service.get().limits.global).toBe(4);
  });

  it('reads an empty file and an envelope with empty data as the defaults', async () => {
    const blank = await dataDir();
    await writeFile(join(blank, SETTINGS_FILE_NAME), '\n');
    expect((await openSettingsService({ dataDir: blank, store: openJsonStore(blank) })).get()).toEqual(defaultSettings());
    expect(await readdir(blank)).toEqual([SETTINGS_FILE_NAME]);

    const empty = await dataDir();
    await writeFile(join(empty, SETTINGS_FILE_NAME), JSON.stringify({ kind: 'settings', schemaVersion: 1, data: {} }));
    expect((await openSettingsService({ dataDir: empty, store: openJsonStore(empty) })).get()).toEqual(defaultSettings());
  });

  it('sets an unreadable file aside, starts from the defaults and says why', async () => {
    const directory = await dataDir();
    await writeFile(join(directory, SETTINGS_FILE_NAME), '{"kind":"settings","schemaVersion":1,"data":{"limits":{"global":"lots"}}}');
    const service = await openSettingsService({ dataDir: directory, store: openJsonStore(directory, { clock: new ManualClock(Date.UTC(2025, 0, 2)) }) });
    expect(service.get()).toEqual(defaultSettings());
    expect(service.problem).toMatch(/limits\.global/);
    const files = await readdir(directory);
    expect(files).toEqual([`${SETTINGS_FILE_NAME}.corrupt-2025-01-02T00-00-00-000Z`]);
    await service.update({ limits: { global: 2 } });
    expect((await stat(join(directory, SETTINGS_FILE_NAME))).isFile()).toBe(true);
  });
});
