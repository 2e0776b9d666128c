import { describe, expect, it } from 'vitest';
import { parseWorktreeList, shortBranchName } from '../../src/git/parse-worktree-list.js';

describe('parseWorktreeList', () => {
  it('reads branches, detached, locked and prunable worktrees with unusual paths', () => {
    const output = [
      'worktree /repo', 'HEAD aaaa', 'branch refs/heads/main', '',
      'worktree /data/gone', 'HEAD bbbb', 'detached', 'prunable gitdir file points to non-existent location', '',
      'worktree /data/with space ü', 'HEAD cccc', 'branch refs/heads/kanbots/x-1', 'locked why', '',
    ].join('\0');
    const entries = parseWorktreeList(output);
    expect(entries).toHaveLength(3);
    expect(entries[0]).toMatchObject({ path: '/repo', head: 'aaaa', branch: 'refs/heads/main', detached: false, prunable: false });
    expect(entries[1]).toMatchObject({ path: '/data/gone', detached: true, prunable: true, prunableReason: 'gitdir file points to non-existent location' });
    expect(entries[2]).toMatchObject({ path: '/data/with space ü', branch: 'refs/heads/kanbots/x-1', locked: true, lockedReason: 'why' });
  });

  it('reads a bare main entry and a lock without reason', () => {
    const entries = parseWorktreeList(['worktree /bare.git', 'bare', '', 'worktree /w', 'HEAD dddd', 'branch refs/heads/b', 'locked', ''].join('\0'));
    expect(entries[0]).toMatchObject({ bare: true, head: undefined, branch: undefined });
    expect(entries[1]).toMatchObject({ locked: true, lockedReason: undefined });
  });

  it('returns nothing for empty output', () => {
    expect(parseWorktreeList('')).toEqual([]);
  });

  it('shortens branch refs only', () => {
    expect(shortBranchName('refs/heads/kanbots/a')).toBe('kanbots/a');
    expect(shortBranchName('refs/remotes/origin/a')).toBe('refs/remotes/origin/a');
  });
});
