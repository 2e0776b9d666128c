import { join } from 'node:path';
import { FileSecretStore } from './file-secret-store.js';
import { SecretStoreError, type SecretStore } from './secret-store.js';

const service = 'kanbots';

interface KeyringEntry {
  setPassword(password: string): void;
  getPassword(): string | null | undefined;
  deletePassword(): boolean | void;
}
type KeyringModule = { Entry: new (service: string, username: string) => KeyringEntry };

/** The OS keychain (macOS Keychain, Windows Credential Manager, Secret Service on Linux). */
export class KeychainSecretStore implements SecretStore {
  readonly backend = 'keychain' as const;
  readonly warning = undefined;

  constructor(private readonly keyring: KeyringModule) {}

  async get(name: string): Promise<string | undefined> {
    try {
      return new this.keyring.Entry(service, name).getPassword() ?? undefined;
    } catch (error) {
      if (/no.?entry|not.?found/i.test(String(error))) return undefined;
      throw new SecretStoreError(`cannot read "${name}" from the OS keychain`, error);
    }
  }

  async set(name: string, value: string): Promise<void> {
    try {
      new this.keyring.Entry(service, name).setPassword(value);
    } catch (error) {
      throw new SecretStoreError(`cannot store "${name}" in the OS keychain`, error);
    }
  }

  async delete(name: string): Promise<void> {
    try {
      new this.keyring.Entry(service, name).deletePassword();
    } catch (error) {
      if (/no.?entry|not.?found/i.test(String(error))) return;
      throw new SecretStoreError(`cannot delete "${name}" from the OS keychain`, error);
    }
  }
}

export interface OpenSecretStoreOptions {
  /** The user's config directory; the fallback file is `<configDir>/secrets.json`. */
  configDir: string;
  /** `auto` tries the keychain first; `file` skips it (e.g. tests, CI). */
  prefer?: 'auto' | 'file';
}

/**
 * Opens the keychain when it works on this machine (probed with a throwaway entry), else the file
 * fallback with a warning that says why.
 */
export async function openSecretStore(options: OpenSecretStoreOptions): Promise<SecretStore> {
  const fallbackPath = join(options.configDir, 'secrets.json');
  if (options.prefer === 'file') return new FileSecretStore(fallbackPath, 'the file store was chosen');
  let keyring: KeyringModule;
  try {
    keyring = (await import('@napi-rs/keyring')) as unknown as KeyringModule;
  } catch {
    return new FileSecretStore(fallbackPath, 'the keychain module is not installed for this platform');
  }
  try {
    const probe = new keyring.Entry(service, 'kanbots.probe');
    probe.setPassword('probe');
    const readBack = probe.getPassword();
    probe.deletePassword();
    if (readBack !== 'probe') throw new Error('the keychain did not return what was stored');
  } catch (error) {
    const reason = String((error as Error).message ?? error).split('\n')[0];
    return new FileSecretStore(fallbackPath, `the OS keychain is not reachable (${reason})`);
  }
  return new KeychainSecretStore(keyring);
}
