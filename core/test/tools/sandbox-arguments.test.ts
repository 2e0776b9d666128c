import { describe, expect, it } from 'vitest';
import { bubblewrapArguments } from '../../src/agents/tools/sandbox/bubblewrap-arguments.js';
import type { SandboxLayout } from '../../src/agents/tools/sandbox/command-sandbox.js';
import { branchRefDirectory } from '../../src/agents/tools/sandbox/git-sandbox-paths.js';
import { seatbeltProfile, seatbeltString } from '../../src/agents/tools/sandbox/seatbelt-profile.js';

/**
 * The pure builders of the sandbox: the same layout gives the same bubblewrap command line and
 * the same Seatbelt profile. The Seatbelt profile cannot run on this Linux machine; these tests
 * hold its text to the rules (and they are all the testing it gets here).
 */

const layout: SandboxLayout = {
  worktree: '/home/ada/.local/share/kanbots/worktrees/app-1/card-1',
  home: '/home/ada',
  readOnly: ['/home/ada/.nvm/versions/node/v20.20.0', '/home/ada/code/app/.git'],
  hidden: ['/home/ada/.local/share/kanbots', '/home/ada/.config/kanbots', '/etc/kanbots'],
  writable: ['/home/ada/code/app/.git/objects', '/home/ada/code/app/.git/worktrees/card-1', '/home/ada/code/app/.git/refs/heads/kanbots', '/home/ada/code/app/.git/logs/refs/heads/kanbots'],
  readOnlyOverlays: ['/home/ada/.local/share/kanbots/worktrees/app-1/card-1/.git', '/home/ada/code/app/.git/worktrees/card-1/commondir'],
  environment: {},
};
const system = [{ path: '/usr' }, { path: '/bin', symlink: 'usr/bin' }, { path: '/etc' }];

/** The mount options of a bwrap command line as [option, ...operands] tuples, in order. */
function mounts(args: string[]): string[][] {
  const arity: Record<string, number> = { '--ro-bind': 2, '--bind': 2, '--symlink': 2, '--tmpfs': 1, '--proc': 1, '--dev': 1, '--chdir': 1 };
  const found: string[][] = [];
  for (let index = 0; index < args.length; index += 1) {
    const option = args[index]!;
    if (option === '--') break;
    const count = arity[option];
    if (count === undefined) continue;
    found.push([option, ...args.slice(index + 1, index + 1 + count)]);
    index += count;
  }
  return found;
}

describe('bubblewrap arguments', () => {
  const args = bubblewrapArguments({ layout, system, network: 'off', command: ['/bin/sh', '-c', 'npm test'] });

  it('isolates every namespace, drops capabilities, dies with the host, and has no network when off', () => {
    expect(args).toEqual(expect.arrayContaining(['--unshare-all', '--die-with-parent', '--new-session']));
    expect(args.slice(args.indexOf('--cap-drop'), args.indexOf('--cap-drop') + 2)).toEqual(['--cap-drop', 'ALL']);
    expect(args).not.toContain('--share-net');
    expect(bubblewrapArguments({ layout, system, network: 'on', command: ['true'] })).toContain('--share-net');
  });

  it('mounts system directories read-only, then private /proc, /tmp and home, then the worktree and git writable places, then the read-only overlays', () => {
    expect(mounts(args)).toEqual([
      ['--ro-bind', '/usr', '/usr'],
      ['--symlink', 'usr/bin', '/bin'],
      ['--ro-bind', '/etc', '/etc'],
      ['--proc', '/proc'],
      ['--dev', '/dev'],
      ['--tmpfs', '/tmp'],
      ['--tmpfs', '/var/tmp'],
      ['--tmpfs', '/home/ada'],
      // Only a hidden place inside a mounted system directory needs covering; the others are under the empty home.
      ['--tmpfs', '/etc/kanbots'],
      ['--ro-bind', '/home/ada/.nvm/versions/node/v20.20.0', '/home/ada/.nvm/versions/node/v20.20.0'],
      ['--ro-bind', '/home/ada/code/app/.git', '/home/ada/code/app/.git'],
      ['--bind', layout.worktree, layout.worktree],
      ...layout.writable.map((entry) => ['--bind', entry, entry]),
      ...layout.readOnlyOverlays.map((entry) => ['--ro-bind', entry, entry]),
      ['--chdir', layout.worktree],
    ]);
  });

  it('ends with the command after "--", passed as separate arguments (no shell quoting)', () => {
    expect(args.slice(args.indexOf('--'))).toEqual(['--', '/bin/sh', '-c', 'npm test']);
  });
});

describe('Seatbelt profile (macOS)', () => {
  const privateDirectory = '/private/var/folders/xy/T/kanbots-command-1';
  const profile = seatbeltProfile({ layout, network: 'off', privateDirectory });
  const lines = profile.trim().split('\n');

  it('denies by default and lets processes signal only inside the sandbox', () => {
    expect(lines.slice(0, 2)).toEqual(['(version 1)', '(deny default)']);
    expect(profile).toContain('(allow signal (target same-sandbox))');
    expect(profile).not.toMatch(/com\.apple\.SecurityServer|securityd/);
  });

  it('hides home and the Kanbots directories, then allows the worktree, toolchains and git dir again', () => {
    const deny = lines.findIndex((line) => line.startsWith('(deny file-read*'));
    const allowAgain = lines.findIndex((line, index) => index > deny && line.startsWith('(allow file-read* '));
    expect(lines.indexOf('(allow file-read*)')).toBeLessThan(deny);
    expect(lines[deny]).toBe('(deny file-read* (subpath "/home/ada") (subpath "/home/ada/.local/share/kanbots") (subpath "/home/ada/.config/kanbots") (subpath "/etc/kanbots"))');
    expect(allowAgain).toBeGreaterThan(deny);
    for (const entry of [layout.worktree, privateDirectory, ...layout.readOnly, ...layout.writable]) expect(lines[allowAgain]).toContain(`(subpath "${entry}")`);
    // Ancestors can be stat'ed so paths resolve, not listed.
    expect(profile).toMatch(/\(allow file-read-metadata [^\n]*\(literal "\/home\/ada\/code"\)/);
  });

  it('writes only to the worktree, the private directory and git\'s writable places, never to the overlays', () => {
    const write = lines.find((line) => line.startsWith('(allow file-write*'))!;
    expect(write).toContain(`(subpath "${layout.worktree}")`);
    expect(write).toContain(`(subpath "${privateDirectory}")`);
    for (const entry of layout.writable) expect(write).toContain(`(subpath "${entry}")`);
    expect(write).not.toContain('(subpath "/home/ada")');
    expect(write).not.toContain('/home/ada/code/app/.git")');
    const denyWrite = lines.findIndex((line) => line.startsWith('(deny file-write*'));
    expect(denyWrite).toBeGreaterThan(lines.indexOf(write));
    for (const entry of layout.readOnlyOverlays) expect(lines[denyWrite]).toContain(`(literal "${entry}")`);
  });

  it('has no network rule when off and allows the network when on', () => {
    expect(profile).not.toMatch(/\(allow network/);
    expect(seatbeltProfile({ layout, network: 'on', privateDirectory })).toContain('(allow network*)');
  });

  it('quotes paths so a name cannot end the string or add rules', () => {
    expect(seatbeltString('/a "b") (allow default')).toBe('"/a \\"b\\") (allow default"');
    expect(seatbeltString('/a\\b')).toBe('"/a\\\\b"');
    expect(() => seatbeltString('/a\0b')).toThrow(TypeError);
  });
});

describe('branch ref directory', () => {
  it('is the directory git writes the branch lock in, and nothing for detached or odd HEADs', () => {
    expect(branchRefDirectory('ref: refs/heads/kanbots/card-1\n')).toBe('refs/heads/kanbots');
    expect(branchRefDirectory('ref: refs/heads/main\n')).toBe('refs/heads');
    expect(branchRefDirectory('3f1c0ffee\n')).toBeUndefined();
    expect(branchRefDirectory('ref: refs/heads/../../config\n')).toBeUndefined();
    expect(branchRefDirectory('ref: refs/tags/v1\n')).toBeUndefined();
  });
});
