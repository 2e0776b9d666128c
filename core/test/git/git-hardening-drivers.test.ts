import { describe, expect, it } from 'vitest';
import { driverOverrides, parseConfigListing, textMergeDriver, type ConfigEntry } from '../../src/git/git-driver-overrides.js';
import { configEnvironment, hardenedSettings, mayRunDrivers, safeGitEnvironment } from '../../src/git/git-safety.js';

const entry = (scope: string, key: string, value?: string): ConfigEntry => ({ scope, origin: `file:${scope}.config`, key, value });

describe('neutralising the drivers a repository defines', () => {
  it('parses scope, origin, key and value, including keys without a value', () => {
    expect(parseConfigListing('local\0file:.git/config\0filter.a=b.clean\nx\0global\0file:/home/u/.gitconfig\0core.bare\0')).toEqual([
      { scope: 'local', origin: 'file:.git/config', key: 'filter.a=b.clean', value: 'x' },
      { scope: 'global', origin: 'file:/home/u/.gitconfig', key: 'core.bare', value: undefined },
    ]);
  });

  it('empties what the repository planted, keeps what the user configured globally, and turns merge drivers into the text merge', () => {
    const overrides = driverOverrides([
      entry('global', 'filter.lfs.clean', 'git-lfs clean -- %f'),
      entry('global', 'filter.lfs.process', 'git-lfs filter-process'),
      entry('local', 'filter.lfs.process', 'evil'),
      entry('local', 'filter.evil.clean', 'evil'),
      entry('worktree', 'filter.with.dots.smudge', 'evil'),
      entry('local', 'merge.ours.driver', 'evil %A'),
      entry('local', 'merge.default', 'ours'),
      entry('command', 'filter.mine.clean', 'kept'),
      entry('local', 'core.editor', 'not a driver'),
    ]);
    expect(overrides).toEqual([
      ['filter.lfs.process', 'git-lfs filter-process'],
      ['filter.lfs.required', 'false'],
      ['filter.evil.clean', ''],
      ['filter.evil.required', 'false'],
      ['filter.with.dots.smudge', ''],
      ['filter.with.dots.required', 'false'],
      ['merge.ours.driver', textMergeDriver],
      ['merge.ours.recursive', 'text'],
      ['merge.default', 'text'],
    ]);
  });

  it('puts back the recorded value of a trusted repository driver the agent changed', () => {
    const changed = entry('local', 'filter.crypt.clean', 'evil');
    const overrides = driverOverrides([changed, entry('local', 'filter.crypt.smudge', 'crypt smudge')], {
      isTrusted: (candidate) => candidate.key === 'filter.crypt.smudge',
      recorded: [['filter.crypt.clean', 'crypt clean'], ['filter.crypt.smudge', 'crypt smudge']],
    });
    expect(overrides).toEqual([['filter.crypt.clean', 'crypt clean'], ['filter.crypt.required', 'false']]);
  });
});

describe('the settings and environment of every git call', () => {
  it('switches hooks off unless the user asked for them, and always switches off fsmonitor and the network', () => {
    const keys = hardenedSettings().map(([key]) => key);
    expect(hardenedSettings()).toContainEqual(['core.hooksPath', '/dev/null']);
    expect(keys).toEqual(expect.arrayContaining(['core.fsmonitor', 'commit.gpgSign', 'protocol.allow', 'protocol.ext.allow', 'gc.auto']));
    expect(hardenedSettings({ runHooks: true }).map(([key]) => key)).not.toContain('core.hooksPath');
    expect(configEnvironment([['a.b', 'c=d']])).toEqual({ GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'a.b', GIT_CONFIG_VALUE_0: 'c=d' });
  });

  it('keeps only allowlisted variables', () => {
    const environment = safeGitEnvironment({ PATH: '/bin', LC_ALL: 'C', ANTHROPIC_API_KEY: 'k', GITHUB_TOKEN: 't', GIT_DIR: '/x', GIT_SSH_COMMAND: 's', SSH_AUTH_SOCK: '/s' });
    expect(environment).toEqual({ PATH: '/bin', LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', GIT_EDITOR: 'false', GIT_SEQUENCE_EDITOR: 'false' });
  });

  it('lists attributes drivers only for commands that can run them', () => {
    expect(mayRunDrivers(['rev-parse', 'HEAD'])).toBe(false);
    expect(mayRunDrivers(['worktree', 'list', '--porcelain'])).toBe(false);
    expect(mayRunDrivers(['worktree', 'add', 'x'])).toBe(true);
    expect(mayRunDrivers(['merge-tree', '--write-tree'])).toBe(true);
    expect(mayRunDrivers(['add', '--all'])).toBe(true);
  });
});
