import type { SecretRedactor } from './secret-redactor.js';
import { isSecretName, secretNames, type SecretName, type SecretStore } from './secret-store.js';

/**
 * A secret store that tells the redactor every key it stores, reads or removes, so the redactor
 * knows a key from the moment it is entered — before any run uses it. Only the keys' own entries
 * (`secretNames`) are secrets; what the store keeps beside them (e.g. the base URL a key was saved
 * for) is not.
 */
export class RedactingSecretStore implements SecretStore {
  constructor(
    private readonly inner: SecretStore,
    private readonly redactor: Pick<SecretRedactor, 'setSecret'>,
  ) {}

  get backend(): SecretStore['backend'] {
    return this.inner.backend;
  }

  get warning(): string | undefined {
    return this.inner.warning;
  }

  async get(name: string): Promise<string | undefined> {
    const value = await this.inner.get(name);
    if (value !== undefined && isSecretName(name)) this.redactor.setSecret(name, value);
    return value;
  }

  async set(name: string, value: string): Promise<void> {
    // Known before it is stored: a failed write must not leave an unredacted key behind.
    if (isSecretName(name)) this.redactor.setSecret(name, value);
    await this.inner.set(name, value);
  }

  async delete(name: string): Promise<void> {
    await this.inner.delete(name);
    if (isSecretName(name)) this.redactor.setSecret(name, undefined);
  }
}

/** Reads every key Kanbots knows from the store (and the environment) into the redactor. */
export async function loadKnownSecrets(redactor: Pick<SecretRedactor, 'setSecret' | 'addSecret'>, store: SecretStore, env: Readonly<Record<string, string | undefined>>): Promise<void> {
  for (const [name, variable] of Object.entries(secretNames) as [SecretName, string][]) {
    const stored = await store.get(name);
    if (stored !== undefined) redactor.setSecret(name, stored);
    const fromEnvironment = env[variable];
    if (fromEnvironment !== undefined) redactor.addSecret(fromEnvironment);
  }
}
