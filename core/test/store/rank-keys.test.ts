import { describe, expect, it } from 'vitest';
import { freshRanks, rerank, type RankedRow } from '../../src/store/rank-keys.js';

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Applies `rerank` to a sequence and returns its keys afterwards, in sequence order. */
function applied(sequence: RankedRow[]): string[] {
  const changed = rerank(sequence);
  return sequence.map((row) => changed.get(row.id) ?? row.rank!);
}

function strictlyIncreasing(keys: readonly string[]): boolean {
  return keys.every((key, index) => index === 0 || keys[index - 1]! < key);
}

describe('rank keys', () => {
  it('gives a moved row one new key between its new neighbours and leaves every other key alone', () => {
    const keys = freshRanks(1000);
    expect(strictlyIncreasing(keys)).toBe(true);
    const rows = keys.map((rank, index) => ({ id: `card${index}`, rank }));
    const [moved] = rows.splice(700, 1);
    rows.splice(3, 0, moved!);
    const changed = rerank(rows);
    expect([...changed.keys()]).toEqual(['card700']);
    expect(strictlyIncreasing(applied(rows))).toBe(true);
  });

  it('places rows new to a group, at the start, the end and between two others', () => {
    const [a, b] = freshRanks(2);
    const rows: RankedRow[] = [{ id: 'first', rank: undefined }, { id: 'a', rank: a }, { id: 'middle', rank: undefined }, { id: 'b', rank: b }, { id: 'last', rank: undefined }];
    const changed = rerank(rows);
    expect([...changed.keys()].sort()).toEqual(['first', 'last', 'middle']);
    expect(strictlyIncreasing(applied(rows))).toBe(true);
  });

  it('keeps keys increasing under thousands of random moves, changing as few as a longest increasing run allows', () => {
    const random = seededRandom(7);
    let rows: RankedRow[] = freshRanks(60).map((rank, index) => ({ id: `r${index}`, rank }));
    let longest = 0;
    for (let step = 0; step < 3000; step += 1) {
      const from = Math.floor(random() * rows.length);
      const to = Math.floor(random() * rows.length);
      const [row] = rows.splice(from, 1);
      rows.splice(to, 0, row!);
      const changed = rerank(rows);
      expect(changed.size).toBeLessThanOrEqual(1);
      rows = rows.map((item) => ({ id: item.id, rank: changed.get(item.id) ?? item.rank }));
      expect(strictlyIncreasing(rows.map((item) => item.rank!))).toBe(true);
      longest = Math.max(longest, ...rows.map((item) => item.rank!.length));
    }
    // Keys grow slowly: a midpoint adds a digit only now and then.
    expect(longest).toBeLessThan(40);
  });

  it('repairs a group whose keys are out of order by re-keying the fewest rows', () => {
    const keys = freshRanks(5);
    const rows = [keys[0], keys[3], keys[1], keys[2], keys[4]].map((rank, index) => ({ id: `r${index}`, rank }));
    const changed = rerank(rows);
    expect(changed.size).toBe(1);
    expect(strictlyIncreasing(applied(rows))).toBe(true);
  });
});
