/**
 * The forms a secret can take once a program has touched it: as is, base64 (standard and URL-safe)
 * starting at each of the three byte alignments (a key inside a longer base64 text is encoded
 * differently depending on how many bytes come before it), hex, URL-encoded and reversed. Each
 * form is the part that depends on the secret alone, so it is found wherever the secret sits.
 */

/** Encoded forms shorter than this are too likely to occur by chance to be redacted. */
export const MIN_ENCODED_LENGTH = 8;

export function encodingsOf(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const forms = new Set<string>([secret]);
  for (let alignment = 0; alignment < 3; alignment += 1) {
    const core = base64Core(bytes, alignment);
    forms.add(core);
    forms.add(core.replaceAll('+', '-').replaceAll('/', '_'));
  }
  const hex = bytes.toString('hex');
  forms.add(hex);
  forms.add(hex.toUpperCase());
  forms.add(encodeURIComponent(secret));
  forms.add([...secret].reverse().join(''));
  return [...forms].filter((form) => form === secret || form.length >= MIN_ENCODED_LENGTH);
}

/**
 * The base64 characters fully determined by `bytes` when `alignment` bytes precede them: a
 * character covers 6 bits, and only those whose bits all fall inside the secret are kept.
 */
export function base64Core(bytes: Uint8Array, alignment: number): string {
  const padded = Buffer.concat([Buffer.alloc(alignment), Buffer.from(bytes)]);
  const encoded = padded.toString('base64').replace(/=+$/, '');
  const firstBit = alignment * 8;
  const endBit = (alignment + bytes.length) * 8;
  return encoded.slice(Math.ceil(firstBit / 6), Math.floor(endBit / 6));
}
