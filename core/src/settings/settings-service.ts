import { ConflictError, validationErrorFrom } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { KanbotsStore, StoredDocumentSpec } from '../store/kanbots-store.js';
import { openKanbotsStore } from '../store/open-kanbots-store.js';
import { StoreCorruptError } from '../store/store-errors.js';
import { mergeSettingsPatch } from './merge-settings-patch.js';
import { defaultSettings, settingsSchema, type Settings } from './settings.js';

/**
 * The settings of one data directory: the store's `settings` document (`settings.json` in a JSON
 * data directory; an empty file there means all defaults). `update` deep-merges a patch, validates the whole result and writes it before
 * anyone sees it; a bad patch throws a ValidationError and changes nothing. Updates run one at a
 * time, in call order.
 */

export const SETTINGS_FILE_NAME = 'settings.json';
export const SETTINGS_SCHEMA_VERSION = 1;

export interface OpenSettingsServiceOptions {
  dataDir: string;
  /** The data directory's store (default: opened here, closed by `close`). */
  store?: KanbotsStore;
  /** Time source for the `.corrupt-<timestamp>` name of an unreadable file. */
  clock?: Clock;
}

export interface SettingsService {
  /** Where the settings are kept (the store's location), for messages. */
  readonly path: string;
  /** Why the stored settings could not be used on open (the file was moved aside; defaults apply). */
  readonly problem: string | undefined;
  /** The current settings (frozen). */
  get(): Settings;
  /** Deep-merges `patch` (see `mergeSettingsPatch`), validates, persists; resolves with the new settings. */
  update(patch: unknown): Promise<Settings>;
  /** Called after every update that changed something; returns the unsubscribe function. */
  subscribe(listener: (settings: Settings) => void): () => void;
  /** Lets go of the store when this service opened it (later updates are refused). */
  close(): void;
}

/** The settings as a document of the store. */
export const settingsDocument: StoredDocumentSpec<Settings> = { kind: 'settings', schema: settingsSchema, version: SETTINGS_SCHEMA_VERSION, blankIsAbsent: true };

export async function openSettingsService(options: OpenSettingsServiceOptions): Promise<SettingsService> {
  const store = options.store ?? (await openKanbotsStore(options.dataDir, options.clock === undefined ? {} : { clock: options.clock }));
  const path = store.location;
  let problem: string | undefined;
  let current: Settings;
  try {
    current = (await store.readDocument(settingsDocument)) ?? defaultSettings();
  } catch (error) {
    if (!(error instanceof StoreCorruptError)) throw error;
    problem = error.message;
    current = defaultSettings();
  }
  current = deepFreeze(current);
  const listeners = new Set<(settings: Settings) => void>();
  let queue: Promise<unknown> = Promise.resolve();

  let closed = false;
  const apply = async (patch: unknown): Promise<Settings> => {
    if (closed) throw new ConflictError('The settings are closed');
    const merged = mergeSettingsPatch(current, patch);
    const parsed = settingsSchema.safeParse(merged);
    if (!parsed.success) throw validationErrorFrom('settings', parsed.error);
    if (JSON.stringify(parsed.data) === JSON.stringify(current)) return current;
    await store.writeDocument(settingsDocument, parsed.data);
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
    close() {
      if (closed) return;
      closed = true;
      if (options.store === undefined) store.close();
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
