import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSecretStore } from '../../src/secrets/file-secret-store.js';
import { openSecretStore } from '../../src/secrets/keychain-secret-store.js';
import { MemorySecretStore, resolveSecret, SecretStoreError } from '../../src/secrets/secret-store.js';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'kanbots-secrets-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('secret store', () => {
  it('falls back to a user-only file with a visible warning when no keychain is reachable', async () => {
    // CI has no Secret Service on D-Bus; a developer machine may. Both must give a working store.
    const store = await openSecretStore({ configDir: directory });
    if (store.backend === 'file') expect(store.warning).toMatch(/readable only by you/);
    else expect(store.backend).toBe('keychain');
    const fileStore = await openSecretStore({ configDir: directory, prefer: 'file' });
    expect(fileStore.backend).toBe('file');
    expect(fileStore.warning).toContain(join(directory, 'secrets.json'));
  });

  it('stores, reads and deletes keys in a 0600 file', async () => {
    const store = new FileSecretStore(join(directory, 'config', 'secrets.json'));
    expect(await store.get('anthropic.apiKey')).toBeUndefined();
    await store.set('anthropic.apiKey', 'sk-ant-test-value');
    await store.set('openai.apiKey', 'sk-openai-test');
    expect(await store.get('anthropic.apiKey')).toBe('sk-ant-test-value');
    if (process.platform !== 'win32') {
      expect((await stat(store.path)).mode & 0o777).toBe(0o600);
      expect((await stat(join(directory, 'config'))).mode & 0o777).toBe(0o700);
    }
    await store.delete('anthropic.apiKey');
    expect(await store.get('anthropic.apiKey')).toBeUndefined();
    expect(await new FileSecretStore(store.path).get('openai.apiKey')).toBe('sk-openai-test');
  });

  it('refuses to overwrite a secrets file it cannot read', async () => {
    const path = join(directory, 'secrets.json');
    await writeFile(path, '{ not json', { mode: 0o600 });
    const store = new FileSecretStore(path);
    await expect(store.set('openai.apiKey', 'x')).rejects.toBeInstanceOf(SecretStoreError);
    expect(await readFile(path, 'utf8')).toBe('{ not json');
  });

  it('resolves a stored key before the environment and says where it came from', async () => {
    const store = new MemorySecretStore();
    expect(await resolveSecret(store, 'openai.apiKey', {})).toEqual({ value: undefined, source: 'none' });
    expect(await resolveSecret(store, 'openai.apiKey', { OPENAI_API_KEY: 'from-env' })).toEqual({ value: 'from-env', source: 'environment' });
    await store.set('openai.apiKey', 'stored');
    expect(await resolveSecret(store, 'openai.apiKey', { OPENAI_API_KEY: 'from-env' })).toEqual({ value: 'stored', source: 'memory' });
  });
});
