import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { validationErrorFrom } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import { JsonDocument } from '../store/json-document.js';
import { StoreCorruptError } from '../store/store-errors.js';
import { mergeSettingsPatch } from './merge-settings-patch.js';
import { defaultSettings, settingsSchema, type Settings } from './settings.js';

/**
 * The settings of one data directory, persisted as `<dataDir>/settings.json` (a JsonDocument of
 * kind `settings`). `update` deep-merges a patch, validates the whole result and writes it before
 * anyone sees it; a bad patch throws a ValidationError and changes nothing. Updates run one at a
 * time, in call order.
 */

export const SETTINGS_FILE_NAME = 'settings.json';
export const SETTINGS_SCHEMA_VERSION = 1;

export interface OpenSettingsServiceOptions {
  dataDir: string;
  /** Time source for the `.corrupt-<timestamp>` name of an unreadable file. */
  clock?: Clock;
}

export interface SettingsService {
  readonly path: string;
  /** Why the stored settings could not be used on open (the file was moved aside; defaults apply). */
  readonly problem: string | undefined;
  /** The current settings (frozen). */
  get(): Settings;
  /** Deep-merges `patch` (see `mergeSettingsPatch`), validates, persists; resolves with the new settings. */
  update(patch: unknown): Promise<Settings>;
  /** Called after every update that changed something; returns the unsubscribe function. */
  subscribe(listener: (settings: Settings) => void): () => void;
}

export function settingsDocument(path: string, clock?: Clock): JsonDocument<Settings> {
  return new JsonDocument<Settings>(path, { kind: 'settings', schema: settingsSchema, version: SETTINGS_SCHEMA_VERSION, ...(clock === undefined ? {} : { clock }) });
}

export async function openSettingsService(options: OpenSettingsServiceOptions): Promise<SettingsService> {
  const path = join(options.dataDir, SETTINGS_FILE_NAME);
  const document = settingsDocument(path, options.clock);
  let problem: string | undefined;
  let current: Settings;
  try {
    current = (await isBlank(path)) ? defaultSettings() : ((await document.read()) ?? defaultSettings());
  } catch (error) {
    if (!(error instanceof StoreCorruptError)) throw error;
    problem = error.message;
    current = defaultSettings();
  }
  current = deepFreeze(current);
  const listeners = new Set<(settings: Settings) => void>();
  let queue: Promise<unknown> = Promise.resolve();

  const apply = async (patch: unknown): Promise<Settings> => {
    const merged = mergeSettingsPatch(current, patch);
    const parsed = settingsSchema.safeParse(merged);
    if (!parsed.success) throw validationErrorFrom('settings', parsed.error);
    if (JSON.stringify(parsed.data) === JSON.stringify(current)) return current;
    await document.write(parsed.data);
    current = deepFreeze(parsed.data);
    for (const listener of [...listeners]) {
      try {
        listener(current);
      } catch {
        // a failing listener must not undo a saved update
      }
    }
    return current;
  };

  return {
    path,
    get problem() {
      return problem;
    },
    get: () => current,
    update(patch: unknown) {
      const result = queue.then(() => apply(patch));
      queue = result.catch(() => undefined);
      return result;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** A settings file that is empty (or only whitespace) means "all defaults", not corruption. */
async function isBlank(path: string): Promise<boolean> {
  try {
    return (await readFile(path, 'utf8')).trim() === '';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
