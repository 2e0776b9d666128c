import {
  ConfigurationError,
  checkProvider,
  providerLabels,
  providerSecretNames,
  secretNames,
  verifyKeyDestination,
  createModelForProvider,
  createRedactor,
  describeSecrets,
  resolveModelChoice,
  type ProtocolHub,
  type SecretName,
  type SecretStatus,
  type SecretStore,
  type SettingsService,
} from '@kanbots/core/internals';
import { implementCommand, type AnyCommandHandler, type SettingsView } from '@kanbots/core/protocol';

/**
 * The settings commands of the protocol. Keys go one way only: `secrets.set` takes a value and
 * answers `{ set, source }`; nothing ever sends a value back, publishes it or logs it. The UI
 * learns only whether each key is set and where it comes from. Their schemas are the protocol's
 * (core/src/protocol/settings-commands.ts).
 */

export interface SettingsCommandsOptions {
  settings: SettingsService;
  /** Opened on first use, so a host that never touches keys never probes the keychain. */
  secretStore: () => Promise<SecretStore>;
  env: Readonly<Record<string, string | undefined>>;
  publish: Pick<ProtocolHub, 'publish'>['publish'];
  /** Per-request timeout of `providers.test` (default 30 s). */
  providerTestTimeoutMs?: number;
}

export function createSettingsCommandHandlers(options: SettingsCommandsOptions): AnyCommandHandler[] {
  // The base URLs at start: where environment keys (and keys stored without a recorded base URL) may go.
  const atStart = options.settings.get();
  const statusOf = async (name: SecretName): Promise<SecretStatus> => (await describeSecrets(await options.secretStore(), options.env))[name];
  return [
    implementCommand('settings.get', async (): Promise<SettingsView> => {
      const store = await options.secretStore();
      const view: SettingsView = {
        settings: options.settings.get(),
        secrets: await describeSecrets(store, options.env),
        secretStore: { backend: store.backend, ...(store.warning === undefined ? {} : { warning: store.warning }) },
      };
      if (options.settings.problem !== undefined) view.problem = options.settings.problem;
      return view;
    }),
    implementCommand('settings.update', async ({ patch }) => ({ settings: await options.settings.update(patch) })),
    implementCommand('secrets.set', async ({ name, value }) => {
      await (await options.secretStore()).set(name, value);
      const status = await statusOf(name);
      options.publish('secrets.changed', { name, ...status });
      return status;
    }),
    implementCommand('secrets.delete', async ({ name }) => {
      await (await options.secretStore()).delete(name);
      const status = await statusOf(name);
      options.publish('secrets.changed', { name, ...status });
      return status;
    }),
    implementCommand('providers.test', async ({ provider, model, apiKey }) => {
      const settings = options.settings.get();
      const redactor = createRedactor(apiKey === undefined ? [] : [apiKey]);
      const store = await options.secretStore();
      const secretName = providerSecretNames[provider];
      if (apiKey === undefined) {
        await verifyKeyDestination({
          store,
          name: secretName,
          env: options.env,
          environmentVariable: secretNames[secretName],
          providerLabel: providerLabels[provider],
          baseURL: settings.providers[provider].baseURL,
          baseURLAtStart: atStart.providers[provider].baseURL,
        });
      }
      let modelName = model ?? '';
      try {
        modelName = resolveModelChoice(settings, { kind: 'api', provider, ...(model === undefined ? {} : { model }) }).model;
        const port = await createModelForProvider(provider, settings, store, options.env, {
          redactor,
          timeoutMs: options.providerTestTimeoutMs ?? 30_000,
          ...(apiKey === undefined ? {} : { apiKey }),
        });
        return await checkProvider(port, modelName, { redactor });
      } catch (error) {
        if (!(error instanceof ConfigurationError)) throw error;
        return { ok: false, provider, model: modelName, kind: 'configuration', message: redactor.text(error.message) };
      }
    }),
  ];
}

/** Publishes every settings change as `settings.changed { settings }`; returns the unsubscribe function. */
export function publishSettingsChanges(hub: Pick<ProtocolHub, 'publish'>, settings: SettingsService): () => void {
  return settings.subscribe((current) => hub.publish('settings.changed', { settings: current }));
}
