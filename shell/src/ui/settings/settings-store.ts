import { createSignal, type Accessor } from 'solid-js';
import { z } from 'zod';
import type { CommandSender } from '../state/board-store.js';
import { secretStatusSchema, settingsViewSchema, uiSettingsSchema, type SecretName, type SettingsView, type UiSettings } from './settings-messages.js';

export interface SettingsStore {
  /** Undefined until `settings.get` answered (or when the host has no settings commands). */
  view: Accessor<SettingsView | undefined>;
  settings: Accessor<UiSettings | undefined>;
  load(): Promise<void>;
  /** Loads once, on first need (the run form, the settings panel). */
  ensureLoaded(): Promise<void>;
  /** Sends `settings.update { patch }`; resolves true when the host accepted it. */
  update(patch: Record<string, unknown>): Promise<boolean>;
  /** Sends `secrets.set { name, value }`; the value is not kept anywhere in the UI. */
  setSecret(name: SecretName, value: string): Promise<boolean>;
  deleteSecret(name: SecretName): Promise<boolean>;
  /** `settings.changed` / `secrets.changed` events. */
  acceptEvent(topic: string, data: unknown): void;
}

const updateResultSchema = z.object({ settings: uiSettingsSchema });
const secretEventSchema = secretStatusSchema.extend({ name: z.string() });

export function createSettingsStore(options: { send: CommandSender; failed?: (message: string) => void }): SettingsStore {
  const [view, setView] = createSignal<SettingsView | undefined>();
  const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));
  const setSecretStatus = (name: string, status: z.infer<typeof secretStatusSchema>): void => {
    setView((current) => (current ? { ...current, secrets: { ...current.secrets, [name]: { set: status.set, source: status.source } } } : current));
  };
  let loading: Promise<void> | undefined;
  const load = async (): Promise<void> => {
    try {
      setView(settingsViewSchema.parse(await options.send('settings.get', {})));
    } catch {
      loading = undefined;
      // A host without settings commands: the run form falls back to built-in defaults.
    }
  };
  return {
    view,
    ensureLoaded() {
      loading ??= load();
      return loading;
    },
    settings: () => view()?.settings,
    load() {
      loading = load();
      return loading;
    },
    async update(patch) {
      try {
        const result = updateResultSchema.parse(await options.send('settings.update', { patch }));
        setView((current) => (current ? { ...current, settings: result.settings } : current));
        return true;
      } catch (error) {
        options.failed?.(`Could not save the settings: ${reason(error)}`);
        return false;
      }
    },
    async setSecret(name, value) {
      try {
        setSecretStatus(name, secretStatusSchema.parse(await options.send('secrets.set', { name, value })));
        return true;
      } catch (error) {
        options.failed?.(`Could not save the key: ${reason(error)}`);
        return false;
      }
    },
    async deleteSecret(name) {
      try {
        setSecretStatus(name, secretStatusSchema.parse(await options.send('secrets.delete', { name })));
        return true;
      } catch (error) {
        options.failed?.(`Could not remove the key: ${reason(error)}`);
        return false;
      }
    },
    acceptEvent(topic, data) {
      if (topic === 'settings.changed') {
        const parsed = updateResultSchema.safeParse(data);
        if (parsed.success) setView((current) => (current ? { ...current, settings: parsed.data.settings } : current));
      } else if (topic === 'secrets.changed') {
        const parsed = secretEventSchema.safeParse(data);
        if (parsed.success) setSecretStatus(parsed.data.name, parsed.data);
      }
    },
  };
}
