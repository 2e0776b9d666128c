import { KanbotsError } from '../errors.js';

/**
 * Where API keys live. The OS keychain where there is one; otherwise a file readable only by the
 * user, with a visible warning. Values never leave the host: the UI only learns whether a key is set.
 */
export interface SecretStore {
  readonly backend: 'keychain' | 'file' | 'memory';
  /** Set when the store is a fallback the user should know about. */
  readonly warning: string | undefined;
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
}

/** Names of the secrets Kanbots knows, with the environment variable that also provides each. */
export const secretNames = {
  'anthropic.apiKey': 'ANTHROPIC_API_KEY',
  'openai.apiKey': 'OPENAI_API_KEY',
  'compatible.apiKey': 'KANBOTS_COMPATIBLE_API_KEY',
  /** Used when the GitHub CLI is not logged in (github-token.ts asks `gh auth token` first). */
  'github.token': 'GH_TOKEN',
} as const;
export type SecretName = keyof typeof secretNames;

export function isSecretName(name: string): name is SecretName {
  return Object.hasOwn(secretNames, name);
}

export class SecretStoreError extends KanbotsError {
  override readonly name = 'SecretStoreError';
  constructor(message: string, cause?: unknown) {
    super('secret_store', message, { cause });
  }
}

/** Where a key a run will use comes from, for display (never the value). */
export type SecretSource = 'keychain' | 'file' | 'memory' | 'environment' | 'none';

/**
 * The key for a provider: a stored one first, then the environment variable. Returns the value
 * (for the host only) and where it came from (for the UI).
 */
export async function resolveSecret(store: SecretStore, name: SecretName, env: Record<string, string | undefined> = process.env): Promise<{ value: string | undefined; source: SecretSource }> {
  const stored = await store.get(name);
  if (stored) return { value: stored, source: store.backend };
  const fromEnvironment = env[secretNames[name]];
  if (fromEnvironment) return { value: fromEnvironment, source: 'environment' };
  return { value: undefined, source: 'none' };
}

export class MemorySecretStore implements SecretStore {
  readonly backend = 'memory' as const;
  readonly warning = undefined;
  private readonly values = new Map<string, string>();
  async get(name: string): Promise<string | undefined> {
    return this.values.get(name);
  }
  async set(name: string, value: string): Promise<void> {
    this.values.set(name, value);
  }
  async delete(name: string): Promise<void> {
    this.values.delete(name);
  }
}
