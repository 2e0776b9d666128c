import { describe, expect, it } from 'vitest';
import { parseMergeTree } from '../../src/git/parse-merge-tree.js';

describe('parseMergeTree', () => {
  it('reads a clean merge', () => {
    expect(parseMergeTree('22f3cba3b701d05e5d80c0659be94364f7146c7e\0', 0)).toEqual({
      tree: '22f3cba3b701d05e5d80c0659be94364f7146c7e',
      clean: true,
      conflictedFiles: [],
    });
  });

  it('lists conflicted files once each', () => {
    const result = parseMergeTree('22f3cba3b701d05e5d80c0659be94364f7146c7e\0f ü\0same\0same\0\0', 1);
    expect(result.clean).toBe(false);
    expect(result.conflictedFiles).toEqual(['f ü', 'same']);
  });
});
