/**
 * How Settings shows a stored key: its vendor prefix and its last four characters, `sk-ant-…7890`
 * (pure). The prefix is the vendor's public marker, the same for every key of theirs; of what is
 * secret, at most the last four characters are shown, and none of a key shorter than 16 characters.
 */

const publicPrefixes = ['sk-ant-api03-', 'sk-ant-', 'sk-proj-', 'sk-svcacct-', 'sk-'];

export const MASK_VISIBLE_CHARACTERS = 4;
const shortestShown = 16;

export function maskSecret(value: string): string {
  const key = value.trim();
  const prefix = publicPrefixes.find((candidate) => key.startsWith(candidate) && key.length > candidate.length) ?? '';
  const secretPart = key.slice(prefix.length);
  const tail = key.length >= shortestShown && secretPart.length > 2 * MASK_VISIBLE_CHARACTERS ? secretPart.slice(-MASK_VISIBLE_CHARACTERS) : '';
  return `${prefix}…${tail}`;
}
