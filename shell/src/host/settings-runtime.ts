import { DestinationRecordingStore, RedactingSecretStore, isSecretName, openSecretStore, providerSecretNames, openSettingsService, resolveConfigDir, type ProtocolHub, type SecretRedactor, type ProviderName, type SecretName, type SecretStore, type SettingsService } from '@kanbots/core/internals';
import { silentLogger, type Logger } from './logger.js';
import { createSettingsCommandHandlers, publishSettingsChanges } from './settings-commands.js';

/**
 * The host's settings and secret store. The settings live in the data directory; the secret
 * store (OS keychain, else a 0600 file in the config directory) is opened on first use only.
 */

export interface SettingsRuntimeOptions {
  /** Where the file fallback of the secret store lives (default: the platform's, or KANBOTS_CONFIG_HOME). */
  configDir?: string;
  /** `auto` (keychain, else file), `file`, or a ready store. Default: `file` when KANBOTS_SECRET_STORE=file, else `auto`. */
  secretStore?: 'auto' | 'file' | SecretStore;
  /** Where environment keys (ANTHROPIC_API_KEY, …) are read from. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  logger?: Logger;
  /** Told every key the store holds, gets or is given (the host's one redactor). */
  redactor?: SecretRedactor;
}

export interface SettingsRuntime {
  readonly settings: SettingsService;
  readonly env: Readonly<Record<string, string | undefined>>;
  secretStore(): Promise<SecretStore>;
  /** Registers the settings commands on the hub and publishes `settings.changed`; returns the detach function. */
  attach(hub: ProtocolHub): () => void;
}

export async function openSettingsRuntime(dataDir: string, options: SettingsRuntimeOptions = {}): Promise<SettingsRuntime> {
  const env = options.env ?? process.env;
  const logger = options.logger ?? silentLogger;
  const settings = await openSettingsService({ dataDir });
  if (settings.problem !== undefined) logger.warn(`The settings could not be read and were set aside; using the defaults. ${settings.problem}`);
  let opening: Promise<SecretStore> | undefined;
  const secretStore = (): Promise<SecretStore> => {
    opening ??= openStore(options, env).then((opened) => {
      if (opened.warning !== undefined) logger.warn(opened.warning);
      // A provider's key is stored with the base URL it is for (providers.test sends it nowhere else);
      // the GitHub token has no provider, so no destination is recorded for it.
      const store = new DestinationRecordingStore(opened, (name) => settings.get().providers[providerOfSecret(name)!].baseURL, isProviderSecretName);
      return options.redactor === undefined ? store : new RedactingSecretStore(store, options.redactor);
    });
    return opening;
  };
  return {
    settings,
    env,
    secretStore,
    attach(hub) {
      for (const handler of createSettingsCommandHandlers({ settings, secretStore, env, publish: (topic, data) => hub.publish(topic, data) })) hub.commands.register(handler);
      return publishSettingsChanges(hub, settings);
    },
  };
}

async function openStore(options: SettingsRuntimeOptions, env: Readonly<Record<string, string | undefined>>): Promise<SecretStore> {
  if (typeof options.secretStore === 'object') return options.secretStore;
  const prefer = options.secretStore ?? (env.KANBOTS_SECRET_STORE === 'file' ? 'file' : 'auto');
  return openSecretStore({ configDir: options.configDir ?? resolveConfigDir(env), prefer });
}

function providerOfSecret(name: SecretName): ProviderName | undefined {
  return (Object.keys(providerSecretNames) as ProviderName[]).find((provider) => providerSecretNames[provider] === name);
}

function isProviderSecretName(name: string): name is SecretName {
  return isSecretName(name) && providerOfSecret(name) !== undefined;
}
