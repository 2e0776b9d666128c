import { KanbotsError } from '../errors.js';
import type { SecretName, SecretStore } from './secret-store.js';

/**
 * Where a key may be sent: the base URL it was saved with. A key stored through Settings is bound
 * to the provider's base URL at that moment (kept next to the key in the secret store); a key
 * from the environment, or one stored before bindings existed, to the base URL the settings had
 * when the host started. Pointing the base URL somewhere else afterwards does not carry the key
 * there: a run or a provider test against another address needs the key entered again, so a
 * client that can change settings cannot make Kanbots send a stored key to a listener of its own.
 */

/** `undefined` is the provider's own default address. */
export type KeyDestination = string | undefined;

const DEFAULT_DESTINATION = '';

export function keyDestinationEntry(name: SecretName): string {
  return `${name}.destination`;
}

/** The form two base URLs are compared in: no trailing slash; none is the provider's default. */
export function normaliseDestination(baseURL: KeyDestination): string {
  return baseURL === undefined ? DEFAULT_DESTINATION : baseURL.trim().replace(/\/+$/, '');
}

export async function recordKeyDestination(store: SecretStore, name: SecretName, baseURL: KeyDestination): Promise<void> {
  await store.set(keyDestinationEntry(name), normaliseDestination(baseURL));
}

export async function forgetKeyDestination(store: SecretStore, name: SecretName): Promise<void> {
  await store.delete(keyDestinationEntry(name));
}

/** The recorded destination of a stored key, or `undefined` when none was recorded. */
export async function readKeyDestination(store: SecretStore, name: SecretName): Promise<string | undefined> {
  return store.get(keyDestinationEntry(name));
}

export class KeyDestinationError extends KanbotsError {
  override readonly name = 'KeyDestinationError';
  constructor(providerLabel: string, saved: string, requested: string) {
    const where = (destination: string) => (destination === DEFAULT_DESTINATION ? "the provider's own address (no base URL)" : destination);
    super(
      'key_destination_changed',
      `The ${providerLabel} key was saved for ${where(saved)}, but the base URL is now ${where(requested)}. Enter the key again to use it with the new address.`,
      { details: { provider: providerLabel, savedBaseURL: saved || null, baseURL: requested || null } },
    );
  }
}

export interface VerifyKeyDestinationOptions {
  store: SecretStore;
  name: SecretName;
  /** The key's environment variable is read from here when the store has no key. */
  env: Readonly<Record<string, string | undefined>>;
  environmentVariable: string;
  providerLabel: string;
  /** The base URL the key would be sent to now. */
  baseURL: KeyDestination;
  /** The base URL when the host started: the binding of environment keys and of keys stored without one. */
  baseURLAtStart: KeyDestination;
}

/** Throws a KeyDestinationError when the key the provider would use was saved for another address. */
export async function verifyKeyDestination(options: VerifyKeyDestinationOptions): Promise<void> {
  const stored = await options.store.get(options.name);
  const fromEnvironment = options.env[options.environmentVariable];
  if (stored === undefined && !fromEnvironment) return;
  const saved = stored === undefined ? undefined : await readKeyDestination(options.store, options.name);
  const allowed = saved ?? normaliseDestination(options.baseURLAtStart);
  const requested = normaliseDestination(options.baseURL);
  if (allowed !== requested) throw new KeyDestinationError(options.providerLabel, allowed, requested);
}

/**
 * A secret store that records, with every key stored, the base URL it is stored for (and forgets
 * it with the key). `destinationOf` reads the provider's current base URL from the settings.
 */
export class DestinationRecordingStore implements SecretStore {
  constructor(
    private readonly inner: SecretStore,
    private readonly destinationOf: (name: SecretName) => KeyDestination,
    private readonly isKeyName: (name: string) => name is SecretName,
  ) {}

  get backend(): SecretStore['backend'] {
    return this.inner.backend;
  }

  get warning(): string | undefined {
    return this.inner.warning;
  }

  get(name: string): Promise<string | undefined> {
    return this.inner.get(name);
  }

  async set(name: string, value: string): Promise<void> {
    await this.inner.set(name, value);
    if (this.isKeyName(name)) await recordKeyDestination(this.inner, name, this.destinationOf(name));
  }

  async delete(name: string): Promise<void> {
    await this.inner.delete(name);
    if (this.isKeyName(name)) await forgetKeyDestination(this.inner, name);
  }
}
