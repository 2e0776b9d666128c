import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { encodingsOf } from '../../src/secrets/secret-encodings.js';
import { REDACTED, SecretRedactor, redactorFromEnvironment } from '../../src/secrets/secret-redactor.js';

/**
 * The redactor knows key values, not only key shapes: the compatible provider's key has no
 * recognisable prefix, and a program that base64-encodes, hex-dumps, URL-encodes or reverses a
 * key must not get it past redaction. Encodings are checked against the real `base64`, `xxd` and
 * `rev` programs, not only against Node's own encoder.
 */

const compatibleKey = 'local-server-key-5ab7c9d1e3f5a7b9-not-a-known-shape';
const anthropicKey = 'sk-ant-api03-Abc_def-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ-xyz';

function run(program: string, args: string[], input: string): string {
  return execFileSync(program, args, { input, encoding: 'utf8' });
}

describe('the secret redactor', () => {
  it('redacts a key with no recognisable shape once it knows the value', () => {
    const redactor = new SecretRedactor();
    expect(redactor.text(`token=${compatibleKey.slice(0, 5)} then ${compatibleKey}`)).toContain(compatibleKey);
    redactor.setSecret('compatible.apiKey', compatibleKey);
    expect(redactor.text(`the key is ${compatibleKey}.`)).toBe(`the key is ${REDACTED}.`);
  });

  it('redacts the output of base64 at every alignment, wrapped over lines as base64 prints it', () => {
    const redactor = new SecretRedactor([compatibleKey]);
    for (const before of ['', 'a', 'ab', 'abc', 'KEY=', 'the key:\n']) {
      for (const after of ['', '\n', 'x', 'yz\n']) {
        const output = run('base64', [], `${before}${compatibleKey}${after}`);
        expect(output.includes('\n') && output.trimEnd().includes('\n') === output.length > 77).toBe(true);
        const redacted = redactor.text(output);
        expect(redacted, JSON.stringify({ before, after })).toContain(REDACTED);
        for (const form of encodingsOf(compatibleKey)) expect(redacted.replace(/\s+/g, '')).not.toContain(form);
      }
    }
  });

  it('redacts URL-safe base64, hex (either case, wrapped), URL-encoding and the reversed key', () => {
    const key = 'p@ss/word+with=odd&chars-1234567890';
    const redactor = new SecretRedactor([key]);
    const outputs = [
      run('base64', ['-w', '0'], key).replaceAll('+', '-').replaceAll('/', '_'),
      run('xxd', ['-p'], key),
      run('xxd', ['-p', '-u'], key),
      encodeURIComponent(key),
      run('rev', [], `${key}\n`),
    ];
    // Base64 may keep up to two characters at the end: they also depend on the bytes that follow.
    for (const output of outputs) expect(redactor.text(`before ${output} after`), output).toMatch(/^before \[REDACTED\](?:[A-Za-z0-9+/_-]?=*)?\s* after$/);
  });

  it('redacts a key folded over lines and a fragment of it cut off at the start or end of a text', () => {
    const redactor = new SecretRedactor([compatibleKey]);
    expect(redactor.text(run('fold', ['-w', '10'], compatibleKey))).toBe(REDACTED);
    expect(redactor.text(`output truncated: ${compatibleKey.slice(0, 20)}`)).toBe(`output truncated: ${REDACTED}`);
    expect(redactor.text(`${compatibleKey.slice(-20)} is the rest`)).toBe(`${REDACTED} is the rest`);
    // A short piece that merely looks like part of the key is left alone.
    expect(redactor.text('ends with local-serv')).toBe('ends with local-serv');
  });

  it('still catches well-known key shapes it was never told about', () => {
    const redactor = new SecretRedactor();
    expect(redactor.text(`use ${anthropicKey} or Bearer abcdefghijklmnopqrstuvwx`)).toBe(`use ${REDACTED} or Bearer ${REDACTED}`);
    expect(redactor.text('url = https://someone:tok3n-in-a-remote@example.com/repo.git')).toBe(`url = https://someone:${REDACTED}@example.com/repo.git`);
    expect(redactor.text('see https://example.com:8443/path and git@example.com:repo.git')).toBe('see https://example.com:8443/path and git@example.com:repo.git');
  });

  it('keeps redacting a key after it was replaced or removed (it is still a live credential until revoked)', () => {
    const redactor = new SecretRedactor();
    redactor.setSecret('compatible.apiKey', compatibleKey);
    redactor.setSecret('compatible.apiKey', 'another-compatible-key-0000');
    redactor.setSecret('compatible.apiKey', undefined);
    expect(redactor.text(`${compatibleKey} another-compatible-key-0000`)).toBe(`${REDACTED} ${REDACTED}`);
  });

  it('redacts a text it has already let through once it learns a secret inside it', () => {
    const redactor = new SecretRedactor();
    const message = { title: `deploy with ${compatibleKey}`, [compatibleKey]: 'as a key' };
    expect(redactor.value(message)).toEqual(message);
    expect(redactor.value(message)).toEqual(message);
    redactor.addSecret(compatibleKey);
    expect(redactor.value(message)).toEqual({ title: `deploy with ${REDACTED}`, [REDACTED]: 'as a key' });
    expect(redactor.text(message.title)).toBe(`deploy with ${REDACTED}`);
  });

  it('redacts every string and object key of a value, keeps shared objects and marks cycles', () => {
    const redactor = new SecretRedactor([compatibleKey]);
    const shared = { note: `key ${compatibleKey}` };
    const cyclic: Record<string, unknown> = { [compatibleKey]: 1, list: [shared, shared], count: 3, flag: true, none: null };
    cyclic.self = cyclic;
    expect(redactor.value(cyclic)).toEqual({ [REDACTED]: 1, list: [{ note: `key ${REDACTED}` }, { note: `key ${REDACTED}` }], count: 3, flag: true, none: null, self: '[Circular]' });
    expect(shared.note).toContain(compatibleKey);
  });

  it('takes secret-looking environment variables, ignores short values and the rest', () => {
    const redactor = redactorFromEnvironment({ KANBOTS_COMPATIBLE_API_KEY: compatibleKey, GITHUB_TOKEN: 'x', HOME: '/home/someone-with-a-long-name' });
    expect(redactor.size).toBe(1);
    expect(redactor.text(`${compatibleKey} /home/someone-with-a-long-name`)).toBe(`${REDACTED} /home/someone-with-a-long-name`);
  });
});
