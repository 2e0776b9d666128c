import { describe, expect, it } from 'vitest';
import { resolveConfigDir, resolveDataDir } from '../../src/store/data-dir.js';

describe('data and config directories', () => {
  it('follow XDG on Linux, with the usual defaults and relative values ignored', () => {
    expect(resolveDataDir({}, 'linux', '/home/ada')).toBe('/home/ada/.local/share/kanbots');
    expect(resolveConfigDir({}, 'linux', '/home/ada')).toBe('/home/ada/.config/kanbots');
    const xdg = { XDG_DATA_HOME: '/data', XDG_CONFIG_HOME: '/conf' };
    expect(resolveDataDir(xdg, 'linux', '/home/ada')).toBe('/data/kanbots');
    expect(resolveConfigDir(xdg, 'linux', '/home/ada')).toBe('/conf/kanbots');
    expect(resolveDataDir({ XDG_DATA_HOME: 'relative/dir' }, 'linux', '/home/ada')).toBe('/home/ada/.local/share/kanbots');
    expect(resolveDataDir({ XDG_DATA_HOME: '' }, 'freebsd', '/home/ada')).toBe('/home/ada/.local/share/kanbots');
  });

  it('use Application Support and Preferences on macOS', () => {
    expect(resolveDataDir({ XDG_DATA_HOME: '/ignored' }, 'darwin', '/Users/ada')).toBe('/Users/ada/Library/Application Support/Kanbots');
    expect(resolveConfigDir({}, 'darwin', '/Users/ada')).toBe('/Users/ada/Library/Preferences/Kanbots');
  });

  it('use %APPDATA% on Windows', () => {
    const env = { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' };
    expect(resolveDataDir(env, 'win32', 'C:\\Users\\ada')).toBe('C:\\Users\\ada\\AppData\\Roaming\\Kanbots');
    expect(resolveConfigDir(env, 'win32', 'C:\\Users\\ada')).toBe('C:\\Users\\ada\\AppData\\Roaming\\Kanbots\\Config');
    expect(resolveDataDir({}, 'win32', 'C:\\Users\\ada')).toBe('C:\\Users\\ada\\AppData\\Roaming\\Kanbots');
  });

  it('let KANBOTS_HOME and KANBOTS_CONFIG_HOME override everything', () => {
    const env = { KANBOTS_HOME: '/srv/kanbots', KANBOTS_CONFIG_HOME: '/etc/kanbots', XDG_DATA_HOME: '/data' };
    for (const platform of ['linux', 'darwin'] as const) {
      expect(resolveDataDir(env, platform, '/home/ada')).toBe('/srv/kanbots');
      expect(resolveConfigDir(env, platform, '/home/ada')).toBe('/etc/kanbots');
    }
    expect(resolveDataDir({ KANBOTS_HOME: 'D:\\kanbots' }, 'win32', 'C:\\Users\\ada')).toBe('D:\\kanbots');
  });
});
