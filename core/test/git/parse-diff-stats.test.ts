import { describe, expect, it } from 'vitest';
import { parseDiffStats } from '../../src/git/parse-diff-stats.js';

describe('parseDiffStats (--raw --numstat -z)', () => {
  it('combines statuses and line counts, including renames and binary files', () => {
    const output = [
      ':100644 100644 1111111 2222222 M', 'src/app.txt',
      ':000000 100644 0000000 3333333 A', 'new file ü.txt',
      ':100644 000000 4444444 0000000 D', 'gone.txt',
      ':100644 100644 5555555 5555555 R100', 'old.txt', 'renamed.txt',
      ':000000 100644 0000000 6666666 A', 'image.bin',
      '2\t1\tsrc/app.txt',
      '1\t0\tnew file ü.txt',
      '0\t3\tgone.txt',
      '0\t0\t', 'old.txt', 'renamed.txt',
      '-\t-\timage.bin',
      '',
    ].join('\0');
    expect(parseDiffStats(output)).toEqual([
      { path: 'src/app.txt', additions: 2, deletions: 1, status: 'modified', binary: false },
      { path: 'new file ü.txt', additions: 1, deletions: 0, status: 'added', binary: false },
      { path: 'gone.txt', additions: 0, deletions: 3, status: 'deleted', binary: false },
      { path: 'renamed.txt', previousPath: 'old.txt', additions: 0, deletions: 0, status: 'renamed', binary: false },
      { path: 'image.bin', additions: 0, deletions: 0, status: 'added', binary: true },
    ]);
  });

  it('returns no files for an empty diff', () => {
    expect(parseDiffStats('')).toEqual([]);
  });
});
