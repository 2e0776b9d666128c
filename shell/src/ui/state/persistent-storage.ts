import { get, set } from 'idb-keyval';

/**
 * IndexedDB through idb-keyval. Storage is a convenience: when IndexedDB is unavailable (private
 * windows, test environments) reads give nothing and writes are dropped.
 */

export async function readStored(key: string): Promise<unknown> {
  try {
    if (typeof indexedDB === 'undefined') return undefined;
    return await get(key);
  } catch {
    return undefined;
  }
}

export async function writeStored(key: string, value: unknown): Promise<void> {
  try {
    if (typeof indexedDB === 'undefined') return;
    await set(key, value);
  } catch {
    // Not being able to remember view state never blocks the board.
  }
}
