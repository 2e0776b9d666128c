import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { encodingsOf } from '../secrets/secret-encodings.js';

/**
 * For leak tests: looks for secrets in texts (protocol frames, exports) and in every file under a
 * directory, in every form the redactor knows (as is, base64 at each alignment, hex, URL-encoded,
 * reversed), with whitespace ignored (a wrapped `base64` output), and for a telling piece of each
 * key's start or end (a key cut off by a truncation). Returns what it found, never throws.
 */

export interface SecretLeak {
  /** The label the secret was given (e.g. `anthropic.apiKey`), never its value. */
  secret: string;
  /** Which form was found: `as is`, `start`, `end`, or the index of the encoded form. */
  form: string;
  /** Where: the label of the text, or the file's path relative to the scanned directory. */
  where: string;
}

/** Length of the start or end piece of a key that counts as a leak. */
export const LEAK_FRAGMENT_LENGTH = 16;

export function findSecretLeaks(text: string, secrets: Readonly<Record<string, string>>, where: string): SecretLeak[] {
  const compact = text.replace(/\s+/g, '');
  const leaks: SecretLeak[] = [];
  for (const [label, value] of Object.entries(secrets)) {
    const forms: [string, string][] = encodingsOf(value).map((form, index) => [index === 0 ? 'as is' : `encoding ${index}`, form]);
    if (value.length > LEAK_FRAGMENT_LENGTH) forms.push(['start', value.slice(0, LEAK_FRAGMENT_LENGTH)], ['end', value.slice(-LEAK_FRAGMENT_LENGTH)]);
    for (const [form, needle] of forms) if (compact.includes(needle) || text.includes(needle)) leaks.push({ secret: label, form, where });
  }
  return leaks;
}

export interface ScanDirectoryOptions {
  /** Paths (relative, `/`-separated) to leave out: a prefix ending in `/` leaves out a folder. */
  exclude?: readonly string[];
}

/** Scans every file under `directory` (recursively); returns the leaks and how many files were read. */
export async function scanDirectoryForSecrets(directory: string, secrets: Readonly<Record<string, string>>, options: ScanDirectoryOptions = {}): Promise<{ leaks: SecretLeak[]; files: number }> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  const leaks: SecretLeak[] = [];
  let files = 0;
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const name = relative(directory, path).split(sep).join('/');
    if (options.exclude?.some((pattern) => (pattern.endsWith('/') ? name.startsWith(pattern) : name === pattern))) continue;
    let content: Buffer;
    try {
      content = await readFile(path);
    } catch {
      continue;
    }
    files += 1;
    leaks.push(...findSecretLeaks(content.toString('utf8'), secrets, name), ...findSecretLeaks(content.toString('latin1'), secrets, name));
  }
  return { leaks: dedupe(leaks), files };
}

function dedupe(leaks: SecretLeak[]): SecretLeak[] {
  const seen = new Set<string>();
  return leaks.filter((leak) => {
    const key = `${leak.secret}\u0000${leak.form}\u0000${leak.where}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
