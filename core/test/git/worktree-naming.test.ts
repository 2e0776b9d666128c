import { describe, expect, it } from 'vitest';
import { cardBranchLeaf, repositoryDirectoryName, shortIdFrom, slugify } from '../../src/git/worktree-naming.js';
import { nearbyNames } from '../../src/git/nearby-names.js';

describe('worktree naming', () => {
  it('slugifies titles to short ASCII, with a fallback for titles without letters', () => {
    expect(slugify('Fix the Login page!')).toBe('fix-the-login-page');
    expect(slugify('Crème brûlée → café')).toBe('creme-brulee-cafe');
    expect(slugify('日本語')).toBe('card');
    expect(slugify('a'.repeat(80)).length).toBeLessThanOrEqual(40);
  });

  it('derives short ids and suffixes collisions', () => {
    expect(shortIdFrom('wt_V1StGXR8Qx')).toBe('v1stgx');
    expect(shortIdFrom('wt_1')).toBe('1');
    expect(cardBranchLeaf('fix', 'abc', 0)).toBe('fix-abc');
    expect(cardBranchLeaf('fix', 'abc', 1)).toBe('fix-abc-2');
  });

  it('names the repository folder by slug and hash', () => {
    expect(repositoryDirectoryName('/home/me/My Repo ü', '0123456789abcdef')).toBe('my-repo-u-01234567');
  });

  it('suggests nearby branch names', () => {
    expect(nearbyNames('mian', ['main', 'master', 'feature/login', 'develop'])).toEqual(['main']);
    expect(nearbyNames('login', ['main', 'feature/login'])).toEqual(['feature/login']);
    expect(nearbyNames('zzzzzz', ['main'])).toEqual([]);
  });
});
