import { describe, expect, it } from 'vitest';
import { dirtyPaths, parseStatus } from '../../src/git/parse-status.js';

const hashes = '100644 100644 100644 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';

describe('parseStatus (porcelain v2, -z)', () => {
  it('groups staged, unstaged, untracked and conflicted paths, keeping spaces and unicode', () => {
    const output = [
      '# branch.oid abc',
      `1 M. N... ${hashes} staged file.txt`,
      `1 .M N... ${hashes} ünïcödé.txt`,
      `1 MM N... ${hashes} both.txt`,
      `2 R. N... ${hashes} R100 new name.txt`,
      'old name.txt',
      `u UU N... 100644 100644 100644 100644 ${'a'.repeat(40)} ${'b'.repeat(40)} ${'c'.repeat(40)} conflict.txt`,
      '? new dir/untracked.txt',
      '! ignored.log',
      '',
    ].join('\0');
    const status = parseStatus(output);
    expect(status.staged).toEqual(['staged file.txt', 'both.txt', 'new name.txt']);
    expect(status.unstaged).toEqual(['ünïcödé.txt', 'both.txt']);
    expect(status.untracked).toEqual(['new dir/untracked.txt']);
    expect(status.conflicted).toEqual(['conflict.txt']);
    expect(dirtyPaths(status)).toEqual(['both.txt', 'conflict.txt', 'new dir/untracked.txt', 'new name.txt', 'staged file.txt', 'ünïcödé.txt']);
  });

  it('is clean for empty output', () => {
    expect(dirtyPaths(parseStatus(''))).toEqual([]);
  });
});
