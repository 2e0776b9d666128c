import { generateNKeysBetween } from 'fractional-indexing';

/**
 * Rank keys: the position of a row inside its group as a string that sorts (by plain code-unit
 * comparison, as SQLite's BINARY collation does) between its neighbours'. Moving one row among
 * a thousand gives that row a key between its new neighbours and leaves the others' keys alone,
 * so the store writes one row, not every row whose index shifted.
 */

/** One row of a group in its new order, with the key it has now (none: new to the group). */
export interface RankedRow {
  id: string;
  rank: string | undefined;
}

/**
 * The new keys a group needs so that its keys sort in the given order: the rows of the longest
 * run of already increasing keys keep theirs (for a single move, every row but the moved one),
 * the others get keys between their kept neighbours. Returns only the keys that change.
 */
export function rerank(sequence: readonly RankedRow[]): Map<string, string> {
  const kept = longestIncreasingRanks(sequence);
  const changed = new Map<string, string>();
  let index = 0;
  while (index < sequence.length) {
    if (kept.has(index)) {
      index += 1;
      continue;
    }
    const start = index;
    while (index < sequence.length && !kept.has(index)) index += 1;
    const before = start > 0 ? sequence[start - 1]!.rank! : null;
    const after = index < sequence.length ? sequence[index]!.rank! : null;
    const keys = generateNKeysBetween(before, after, index - start);
    for (let offset = 0; offset < keys.length; offset += 1) changed.set(sequence[start + offset]!.id, keys[offset]!);
  }
  return changed;
}

/** Fresh keys for `count` rows in order (a group written whole). */
export function freshRanks(count: number): string[] {
  return generateNKeysBetween(null, null, count);
}

/** Indexes of a longest strictly increasing subsequence of the defined ranks (O(n log n)). */
function longestIncreasingRanks(sequence: readonly RankedRow[]): Set<number> {
  /** tails[k]: the index ending the best increasing run of length k + 1 found so far. */
  const tails: number[] = [];
  const previous = new Array<number>(sequence.length).fill(-1);
  sequence.forEach((row, index) => {
    if (row.rank === undefined) return;
    let low = 0;
    let high = tails.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (sequence[tails[middle]!]!.rank! < row.rank) low = middle + 1;
      else high = middle;
    }
    if (low > 0) previous[index] = tails[low - 1]!;
    tails[low] = index;
  });
  const kept = new Set<number>();
  for (let index = tails.at(-1) ?? -1; index >= 0; index = previous[index]!) kept.add(index);
  return kept;
}
