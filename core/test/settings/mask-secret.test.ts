import { describe, expect, it } from 'vitest';
import { MASK_VISIBLE_CHARACTERS, maskSecret } from '../../src/settings/mask-secret.js';
import { describeSecrets } from '../../src/settings/secret-status.js';
import { MemorySecretStore } from '../../src/secrets/secret-store.js';

/**
 * A stored key is shown as `sk-…7890`: the vendor's public prefix and at most the last four
 * characters of the key. Checked over many generated keys (seeded), every length and prefix.
 */

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** How many characters of the key, beyond its public prefix, the masked form shows. */
function revealed(key: string, masked: string): string {
  const [prefix, tail = ''] = masked.split('…');
  expect(key.startsWith(prefix!)).toBe(true);
  expect(['', 'sk-', 'sk-ant-', 'sk-ant-api03-', 'sk-proj-', 'sk-svcacct-']).toContain(prefix);
  expect(key.endsWith(tail)).toBe(true);
  return tail;
}

describe('masking a stored key', () => {
  it('shows `sk-…7890`: the prefix and the last four characters', () => {
    expect(maskSecret('sk-abcdefghijklmnop7890')).toBe('sk-…7890');
    expect(maskSecret('sk-ant-api03-NeverLeakThisValue-0123456789abcdefghij')).toBe('sk-ant-api03-…ghij');
    expect(maskSecret('sk-proj-environment-0123456789abcdef')).toBe('sk-proj-…cdef');
    expect(maskSecret('local-server-key-5ab7c9d1e3f5a7b9')).toBe('…a7b9');
  });

  it('shows nothing of a short key', () => {
    expect(maskSecret('short-key-12')).toBe('…');
    expect(maskSecret('sk-1234567890')).toBe('sk-…');
    expect(maskSecret('sk-')).toBe('…');
  });

  it('never reveals more than four characters of any key (2 000 generated keys)', () => {
    const random = seeded(14);
    const prefixes = ['', 'sk-', 'sk-ant-', 'sk-ant-api03-', 'sk-proj-', 'sk-svcacct-', 'sk-sk-', 'key-'];
    for (let trial = 0; trial < 2000; trial += 1) {
      const length = 1 + Math.floor(random() * 120);
      const body = Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      const key = `${prefixes[Math.floor(random() * prefixes.length)]}${body}`;
      const masked = maskSecret(key);
      const shown = revealed(key, masked);
      expect(shown.length).toBeLessThanOrEqual(MASK_VISIBLE_CHARACTERS);
      expect(masked.length).toBeLessThan(Math.max(key.length, 20));
      if (key.length < 16) expect(shown).toBe('');
    }
  });

  it('is what the key statuses carry, and the key itself is not', async () => {
    const store = new MemorySecretStore();
    const key = 'sk-ant-api03-StoredOnlyHere-0123456789wxyz';
    await store.set('anthropic.apiKey', key);
    const statuses = await describeSecrets(store, { OPENAI_API_KEY: 'sk-proj-fromTheEnvironment-00001234' });
    expect(statuses['anthropic.apiKey']).toEqual({ set: true, source: 'memory', masked: 'sk-ant-api03-…wxyz' });
    expect(statuses['openai.apiKey']).toEqual({ set: true, source: 'environment', masked: 'sk-proj-…1234' });
    expect(statuses['compatible.apiKey']).toEqual({ set: false, source: 'none' });
    expect(JSON.stringify(statuses)).not.toContain('StoredOnlyHere');
    expect(JSON.stringify(statuses)).not.toContain('fromTheEnvironment');
  });
});
