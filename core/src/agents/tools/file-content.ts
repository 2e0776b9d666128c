import { open } from 'node:fs/promises';

/** Limits and checks shared by the file tools. */

/** Files larger than this are not read whole (read_file refuses, search_files skips). */
export const maxReadableFileBytes = 5 * 1024 * 1024;
const binaryProbeBytes = 8 * 1024;

/** A NUL byte in the first 8 KiB marks a file as binary (git's heuristic). */
export function looksBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, binaryProbeBytes);
  for (let index = 0; index < end; index += 1) if (bytes[index] === 0) return true;
  return false;
}

const utf8 = new TextDecoder('utf-8');

export function decodeUtf8(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

/** Reads the first bytes of a file, to probe it before reading it whole. */
export async function readFileHead(filePath: string, length = binaryProbeBytes): Promise<Uint8Array> {
  const handle = await open(filePath, 'r');
  try {
    const buffer = new Uint8Array(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Shortens a string to `limit` characters with a note of what was cut. */
export function truncateText(text: string, limit: number, what = 'characters'): { text: string; truncated: boolean } {
  if (text.length <= limit) return { text, truncated: false };
  return { text: `${text.slice(0, limit)}\n… [${text.length - limit} more ${what} not shown]`, truncated: true };
}

/** Cuts one long line for display. */
export function clipLine(line: string, limit: number): string {
  return line.length <= limit ? line : `${line.slice(0, limit)}… [line cut, ${line.length} characters]`;
}
