import { describe, expect, it } from 'vitest';
import { DestinationRecordingStore, readKeyDestination, verifyKeyDestination } from '../../src/secrets/key-destination.js';
import { RedactingSecretStore, loadKnownSecrets } from '../../src/secrets/redacting-secret-store.js';
import { REDACTED, SecretRedactor } from '../../src/secrets/secret-redactor.js';
import { MemorySecretStore, isSecretName } from '../../src/secrets/secret-store.js';

/**
 * The redactor learns a key the moment it is stored (and every key already stored or in the
 * environment when the host starts); the base URL kept beside a key is not a secret. A stored key
 * may be sent only to the base URL it was stored for.
 */

const key = 'compatible-secret-value-0a1b2c3d4e5f';
const baseURL = 'http://127.0.0.1:8080/v1';

function stores() {
  const inner = new MemorySecretStore();
  const redactor = new SecretRedactor();
  let currentBaseURL: string | undefined = baseURL;
  const store = new RedactingSecretStore(new DestinationRecordingStore(inner, () => currentBaseURL, isSecretName), redactor);
  return { inner, redactor, store, point: (next: string | undefined) => (currentBaseURL = next) };
}

describe('the secret store and the redactor', () => {
  it('redacts a key from the moment it is stored, keeps redacting it after removal, never redacts the base URL kept beside it', async () => {
    const { inner, redactor, store } = stores();
    await store.set('compatible.apiKey', key);
    expect(await readKeyDestination(inner, 'compatible.apiKey')).toBe(baseURL);
    expect(redactor.text(`${key} at ${baseURL}`)).toBe(`${REDACTED} at ${baseURL}`);
    await store.delete('compatible.apiKey');
    expect(await readKeyDestination(inner, 'compatible.apiKey')).toBeUndefined();
    expect(redactor.text(key)).toBe(REDACTED);
  });

  it('loads every stored and environment key at start', async () => {
    const inner = new MemorySecretStore();
    await inner.set('anthropic.apiKey', 'stored-anthropic-key-123456');
    const redactor = new SecretRedactor();
    await loadKnownSecrets(redactor, inner, { OPENAI_API_KEY: 'environment-openai-key-654321', UNRELATED: 'left-alone-value' });
    expect(redactor.text('stored-anthropic-key-123456 environment-openai-key-654321 left-alone-value')).toBe(`${REDACTED} ${REDACTED} left-alone-value`);
  });

  it('allows the base URL a key was stored for, refuses another, and binds environment keys to the base URL at start', async () => {
    const { store, point } = stores();
    await store.set('compatible.apiKey', key);
    const check = (requested: string | undefined, env: Record<string, string> = {}, name: 'compatible.apiKey' | 'openai.apiKey' = 'compatible.apiKey') =>
      verifyKeyDestination({ store, name, env, environmentVariable: name === 'openai.apiKey' ? 'OPENAI_API_KEY' : 'KANBOTS_COMPATIBLE_API_KEY', providerLabel: 'OpenAI-compatible', baseURL: requested, baseURLAtStart: undefined });
    await expect(check(`${baseURL}/`)).resolves.toBeUndefined();
    await expect(check('http://127.0.0.1:9999/v1')).rejects.toMatchObject({ name: 'KeyDestinationError', code: 'key_destination_changed' });
    await expect(check(undefined, { OPENAI_API_KEY: 'environment-openai-key-654321' }, 'openai.apiKey')).resolves.toBeUndefined();
    await expect(check(baseURL, { OPENAI_API_KEY: 'environment-openai-key-654321' }, 'openai.apiKey')).rejects.toMatchObject({ code: 'key_destination_changed' });
    // No key at all: nothing to protect.
    await expect(check(baseURL, {}, 'openai.apiKey')).resolves.toBeUndefined();
    point('http://127.0.0.1:9999/v1');
    await store.set('compatible.apiKey', key);
    await expect(check('http://127.0.0.1:9999/v1')).resolves.toBeUndefined();
  });
});
