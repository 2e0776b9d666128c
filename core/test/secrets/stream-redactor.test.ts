import { describe, expect, it } from 'vitest';
import { REDACTED, SecretRedactor } from '../../src/secrets/secret-redactor.js';

/**
 * A model's answer streams in deltas that split a key anywhere. Redacting each delta on its own
 * lets every half through; the stream redactor redacts the assembled text, so no released piece
 * and no concatenation of released pieces contains the key.
 */

const key = 'plainkey-7f3a9c2e5b8d1f4a6c0e9b2d';
const otherKey = 'sk-ant-api03-zyxwvutsrqponmlkjihgfedcba-9876543210';
const text = `Here it is: ${key} and again ${key}. The other one: ${otherKey}\nBye.`;
const expected = `Here it is: ${REDACTED} and again ${REDACTED}. The other one: ${REDACTED}\nBye.`;

function streamThrough(redactor: SecretRedactor, deltas: string[]): string[] {
  const stream = redactor.stream();
  const released = deltas.map((delta) => stream.push(delta));
  released.push(stream.end());
  return released;
}

function splitAt(value: string, cuts: number[]): string[] {
  const pieces: string[] = [];
  let start = 0;
  for (const cut of [...cuts, value.length]) {
    pieces.push(value.slice(start, cut));
    start = cut;
  }
  return pieces;
}

function expectNoKey(released: string[]): void {
  for (const piece of released) for (const secret of [key, otherKey]) expect(piece).not.toContain(secret.slice(0, 8));
  expect(released.join('')).toBe(expected);
}

describe('the stream redactor', () => {
  const redactor = new SecretRedactor([key, otherKey]);
  const keyStart = text.indexOf(key);

  it('redacts a key split across two deltas, at every split point', () => {
    for (let cut = 0; cut <= text.length; cut += 1) expectNoKey(streamThrough(redactor, splitAt(text, [cut])));
  });

  it('redacts a key split across three deltas, at every pair of split points inside it', () => {
    for (let first = keyStart; first <= keyStart + key.length; first += 1) {
      for (let second = first; second <= keyStart + key.length; second += 3) expectNoKey(streamThrough(redactor, splitAt(text, [first, second])));
    }
  });

  it('redacts keys streamed one character per delta and in random-sized deltas', () => {
    expectNoKey(streamThrough(redactor, [...text]));
    let seed = 7;
    for (let round = 0; round < 50; round += 1) {
      const cuts: number[] = [];
      for (let position = 0; position < text.length; ) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        position += 1 + (seed % 9);
        if (position < text.length) cuts.push(position);
      }
      expectNoKey(streamThrough(redactor, splitAt(text, cuts)));
    }
  });

  it('redacts a key the stream ends in the middle of (the rest was never sent)', () => {
    const released = streamThrough(redactor, ['Partial: ', key.slice(0, 10), key.slice(10, 20)]);
    expect(released.join('')).toBe(`Partial: ${REDACTED}`);
  });

  it('lets ordinary text through, holding back only its last word', () => {
    const stream = redactor.stream();
    const long = 'word '.repeat(200);
    const released = stream.push(long);
    // At most the last word (and what could begin a key form wrapped onto the next line).
    expect(released.length).toBeGreaterThanOrEqual(long.length - 'word '.length);
    expect(released + stream.end()).toBe(long);
  });

  it('holds back the start of a key form with other characters in it, wrapped over lines', () => {
    const odd = new SecretRedactor(['p@ss word/with spaces!&more']);
    const stream = odd.stream();
    expect(stream.push('Password: p@ss word/wi')).toBe('Password: ');
    expect(stream.push('th\nspaces!&mo')).toBe('');
    expect(stream.push('re. Done')).toBe(`${REDACTED}. `);
    expect(stream.end()).toBe('Done');
  });

  it('streams freely when it knows no key values', () => {
    const stream = new SecretRedactor().stream();
    expect(stream.push('Hello, ')).toBe('Hello, ');
    expect(stream.push('world')).toBe('');
    expect(stream.end()).toBe('world');
  });
});
