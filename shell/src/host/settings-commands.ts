import {
  ConfigurationError,
  checkProvider,
  providerLabels,
  providerSecretNames,
  secretNames,
  verifyKeyDestination,
  createModelForProvider,
  createRedactor,
  defineCommand,
  describeSecrets,
  providerNameSchema,
  resolveModelChoice,
  secretNameSchema,
  secretValueSchema,
  type CommandHandler,
  type ProtocolHub,
  type ProviderCheckResult,
  type SecretName,
  type SecretStatus,
  type SecretStatuses,
  type SecretStore,
  type Settings,
  type SettingsService,
} from '@kanbots/core';
import { z } from 'zod';

/**
 * The settings commands of the protocol. Keys go one way only: `secrets.set` takes a value and
 * answers `{ set, source }`; nothing ever sends a value back, publishes it or logs it. The UI
 * learns only whether each key is set and where it comes from.
 */

export const SETTINGS_CHANGED_TOPIC = 'settings.changed';
export const SECRETS_CHANGED_TOPIC = 'secrets.changed';

export interface SettingsView {
  settings: Settings;
  secrets: SecretStatuses;
  secretStore: { backend: SecretStore['backend']; warning?: string };
  /** Why the stored settings could not be used on start (they were set aside; defaults apply). */
  problem?: string;
}

export interface SettingsCommandsOptions {
  settings: SettingsService;
  /** Opened on first use, so a host that never touches keys never probes the keychain. */
  secretStore: () => Promise<SecretStore>;
  env: Readonly<Record<string, string | undefined>>;
  publish: ProtocolHub['publish'];
  /** Per-request timeout of `providers.test` (default 30 s). */
  providerTestTimeoutMs?: number;
}

export function createSettingsCommandHandlers(options: SettingsCommandsOptions): CommandHandler<never, unknown>[] {
  // The base URLs at start: where environment keys (and keys stored without a recorded base URL) may go.
  const atStart = options.settings.get();
  const statusOf = async (name: SecretName): Promise<SecretStatus> => (await describeSecrets(await options.secretStore(), options.env))[name];
  const handlers = [
    defineCommand({
      name: 'settings.get',
      args: z.strictObject({}),
      handle: async (): Promise<SettingsView> => {
        const store = await options.secretStore();
        const view: SettingsView = {
          settings: options.settings.get(),
          secrets: await describeSecrets(store, options.env),
          secretStore: { backend: store.backend, ...(store.warning === undefined ? {} : { warning: store.warning }) },
        };
        if (options.settings.problem !== undefined) view.problem = options.settings.problem;
        return view;
      },
    }),
    defineCommand({
      name: 'settings.update',
      args: z.strictObject({ patch: z.unknown() }),
      handle: async ({ patch }) => ({ settings: await options.settings.update(patch) }),
    }),
    defineCommand({
      name: 'secrets.set',
      args: z.strictObject({ name: secretNameSchema, value: secretValueSchema }),
      handle: async ({ name, value }) => {
        await (await options.secretStore()).set(name, value);
        const status = await statusOf(name);
        options.publish(SECRETS_CHANGED_TOPIC, { name, ...status });
        return status;
      },
    }),
    defineCommand({
      name: 'secrets.delete',
      args: z.strictObject({ name: secretNameSchema }),
      handle: async ({ name }) => {
        await (await options.secretStore()).delete(name);
        const status = await statusOf(name);
        options.publish(SECRETS_CHANGED_TOPIC, { name, ...status });
        return status;
      },
    }),
    defineCommand({
      name: 'providers.test',
      // `apiKey`: the key entered again, needed when the base URL is not the one the stored key was saved for.
      args: z.strictObject({ provider: providerNameSchema, model: z.string().trim().min(1).max(200).optional(), apiKey: secretValueSchema.optional() }),
      handle: async ({ provider, model, apiKey }): Promise<ProviderCheckResult> => {
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
          modelName = resolveModelChoice(settings, `${provider}:${modelName}`).model;
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
      },
    }),
  ];
  return handlers as CommandHandler<never, unknown>[];
}

/** Publishes every settings change as `settings.changed { settings }`; returns the unsubscribe function. */
export function publishSettingsChanges(hub: Pick<ProtocolHub, 'publish'>, settings: SettingsService): () => void {
  return settings.subscribe((current) => hub.publish(SETTINGS_CHANGED_TOPIC, { settings: current }));
}
