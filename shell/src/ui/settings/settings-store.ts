import type { AgentCliStatus, CommandResultOf, PreflightProblem, ProviderName, RunStartArgs, SecretName, SecretStatus, Settings, SettingsPatch, SettingsTarget, SettingsView, TopicData } from '@kanbots/core/protocol';
import { createSignal, type Accessor } from 'solid-js';
import type { CommandSender } from '../transport/command-sender.js';

export interface SettingsStore {
  /** Undefined until `settings.get` answered (or when the host has no settings commands). */
  view: Accessor<SettingsView | undefined>;
  settings: Accessor<Settings | undefined>;
  load(): Promise<void>;
  /** Loads once, on first need (the run form, the settings panel). */
  ensureLoaded(): Promise<void>;
  /** Sends `settings.update { patch }`; resolves true when the host accepted it. */
  update(patch: SettingsPatch): Promise<boolean>;
  /** Sends `secrets.set { name, value }`; the value is not kept anywhere in the UI. */
  setSecret(name: SecretName, value: string): Promise<boolean>;
  deleteSecret(name: SecretName): Promise<boolean>;
  /** A `settings.changed` event (checked by the caller). */
  acceptSettingsChanged(data: TopicData<'settings.changed'>): void;
  /** A `secrets.changed` event (checked by the caller). */
  acceptSecretChanged(data: TopicData<'secrets.changed'>): void;
  /** The agent CLIs (`agents.status`); undefined until asked. */
  agents: Accessor<AgentCliStatus[] | undefined>;
  loadAgents(): Promise<void>;
  /** `providers.test`: whether the provider's key works, in words; undefined when it could not be asked. */
  testProvider(provider: ProviderName): Promise<CommandResultOf<'providers.test'> | undefined>;
  /** `run.check`: what would keep the run from starting; undefined when the check itself failed (said in a toast). */
  checkRun(request: RunStartArgs): Promise<PreflightProblem[] | undefined>;
  /** Whether Settings is asked to open, and at which field (a run problem's fix). */
  opening: Accessor<{ target?: SettingsTarget } | undefined>;
  open(target?: SettingsTarget): void;
  closed(): void;
}

/** The settings and key statuses the UI shows; every message is checked against the protocol by the connection. */
export function createSettingsStore(options: { send: CommandSender; failed?: (message: string) => void }): SettingsStore {
  const [view, setView] = createSignal<SettingsView | undefined>();
  const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));
  const setSecretStatus = (name: SecretName, status: SecretStatus): void => {
    setView((current) => (current ? { ...current, secrets: { ...current.secrets, [name]: { set: status.set, source: status.source, ...(status.masked === undefined ? {} : { masked: status.masked }) } } } : current));
  };
  const setSettings = (settings: Settings): void => {
    setView((current) => (current ? { ...current, settings } : current));
  };
  const [agents, setAgents] = createSignal<AgentCliStatus[] | undefined>();
  const [opening, setOpening] = createSignal<{ target?: SettingsTarget } | undefined>();
  let loading: Promise<void> | undefined;
  const load = async (): Promise<void> => {
    try {
      setView(await options.send('settings.get', {}));
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
        setSettings((await options.send('settings.update', { patch })).settings);
        return true;
      } catch (error) {
        options.failed?.(`Could not save the settings: ${reason(error)}`);
        return false;
      }
    },
    async setSecret(name, value) {
      try {
        setSecretStatus(name, await options.send('secrets.set', { name, value }));
        return true;
      } catch (error) {
        options.failed?.(`Could not save the key: ${reason(error)}`);
        return false;
      }
    },
    async deleteSecret(name) {
      try {
        setSecretStatus(name, await options.send('secrets.delete', { name }));
        return true;
      } catch (error) {
        options.failed?.(`Could not remove the key: ${reason(error)}`);
        return false;
      }
    },
    agents,
    async loadAgents() {
      try {
        setAgents((await options.send('agents.status', {})).clis);
      } catch (error) {
        options.failed?.(`Could not look for the agent CLIs: ${reason(error)}`);
      }
    },
    async testProvider(provider) {
      try {
        return await options.send('providers.test', { provider });
      } catch (error) {
        options.failed?.(`Could not test the key: ${reason(error)}`);
        return undefined;
      }
    },
    async checkRun(request) {
      try {
        return (await options.send('run.check', request)).problems;
      } catch (error) {
        options.failed?.(`Could not check the run: ${reason(error)}`);
        return undefined;
      }
    },
    opening,
    open: (target) => setOpening(target === undefined ? {} : { target }),
    closed: () => setOpening(undefined),
    acceptSettingsChanged: ({ settings }) => setSettings(settings),
    acceptSecretChanged: ({ name, ...status }) => setSecretStatus(name, status),
  };
}
