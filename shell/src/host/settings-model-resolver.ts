import { createModelForProvider, findModelPricing, providerLabels, providerSecretNames, resolveModelChoice, secretNames, verifyKeyDestination, type ModelPort, type ModelRequest, type ModelStreamPart, type ResolvedModel } from '@kanbots/core/internals';
import type { SettingsRuntime } from './settings-runtime.js';

/**
 * Resolves a persona's or run's model choice against the user's settings and keys. The port is
 * lazy: it reads the settings and the key when a request is made, so a key entered in the UI
 * applies to the next request without a restart, and a missing key fails that request with a
 * ConfigurationError that names the setting (the agent shows it and can be retried). A key is
 * sent only to the base URL it was saved for (a KeyDestinationError otherwise, before any request).
 */
export function createSettingsModelResolver(runtime: SettingsRuntime): (choice: string | undefined) => ResolvedModel {
  const atStart = runtime.settings.get();
  return (choice) => {
    const { provider, model: modelName } = resolveModelChoice(runtime.settings.get(), choice);
    const current = async (): Promise<ModelPort> => {
      const settings = runtime.settings.get();
      const store = await runtime.secretStore();
      const name = providerSecretNames[provider];
      await verifyKeyDestination({
        store,
        name,
        env: runtime.env,
        environmentVariable: secretNames[name],
        providerLabel: providerLabels[provider],
        baseURL: settings.providers[provider].baseURL,
        baseURLAtStart: atStart.providers[provider].baseURL,
      });
      return createModelForProvider(provider, settings, store, runtime.env);
    };
    const model: ModelPort = {
      provider,
      generate: async (request: ModelRequest) => (await current()).generate(request),
      stream: (request: ModelRequest): AsyncIterable<ModelStreamPart> => ({
        async *[Symbol.asyncIterator]() {
          yield* (await current()).stream(request);
        },
      }),
    };
    const pricing = findModelPricing(modelName);
    return { model, provider, modelName, ...(pricing === undefined ? {} : { pricing }) };
  };
}
