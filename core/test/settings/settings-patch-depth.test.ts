import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { settingsDepth } from '../../src/settings/merge-settings-patch.js';
import { openJsonStore } from '../../src/store/json-store.js';
import { openSettingsService, SETTINGS_FILE_NAME } from '../../src/settings/settings-service.js';

/**
 * A settings patch nested deeper than the settings go is refused with a validation error that
 * says where — even one nested hundreds of thousands of levels deep, as a 1 MiB protocol message
 * can be — and changes nothing. It used to overflow the stack while merging.
 */

const directories: string[] = [];
afterEach(async () => {
  for (const directory of directories.splice(0)) await rm(directory, { recursive: true, force: true });
});

/** `{"providers":{"providers":…{}…}}` as a client would send it, parsed the way a transport does. */
function nestedPatch(levels: number): unknown {
  return JSON.parse(`${'{"providers":'.repeat(levels)}{}${'}'.repeat(levels)}`);
}

describe('settings patch depth', () => {
  it('reads the depth from the settings schema (e.g. providers.anthropic.baseURL)', () => {
    expect(settingsDepth()).toBe(3);
  });

  it('refuses patches nested deeper than the settings, up to 200,000 levels, and changes nothing', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'kanbots-settings-'));
    directories.push(directory);
    const service = await openSettingsService({ dataDir: directory, store: openJsonStore(directory) });
    await service.update({ toolPolicy: { rules: { run_command: 'deny' } } });
    const before = await readFile(join(directory, SETTINGS_FILE_NAME), 'utf8');

    for (const levels of [4, 1_000, 200_000]) {
      const attempt = service.update(nestedPatch(levels));
      await expect(attempt).rejects.toBeInstanceOf(ValidationError);
      await expect(attempt).rejects.toThrow(/^Invalid settings patch: providers\.providers\.providers(\.providers)*(\.…)?: nested deeper than the settings go \(at most 3 levels\)$/);
    }
    await expect(service.update({ limits: { perProvider: { anthropic: { deeper: 1 } } } })).rejects.toThrow(/limits\.perProvider\.anthropic: nested deeper/);
    expect(await readFile(join(directory, SETTINGS_FILE_NAME), 'utf8')).toBe(before);
    expect(service.get().toolPolicy.rules).toEqual({ run_command: 'deny' });
    // As deep as the settings go is fine.
    expect((await service.update({ providers: { anthropic: { baseURL: 'http://127.0.0.1:9/' } } })).providers.anthropic.baseURL).toBe('http://127.0.0.1:9/');
  });
});
