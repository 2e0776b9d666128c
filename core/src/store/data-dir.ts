import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';

/**
 * Where Kanbots keeps its data (board, runs, logs, worktrees) and its configuration, following
 * each platform's convention. `KANBOTS_HOME` / `KANBOTS_CONFIG_HOME` override; relative XDG
 * variables are ignored, as the XDG spec asks.
 */

type Environment = Readonly<Record<string, string | undefined>>;

const APPLICATION_DIRECTORY = 'kanbots';
const APPLICATION_DIRECTORY_TITLE = 'Kanbots';

/** The data directory, e.g. `~/.local/share/kanbots` on Linux. */
export function resolveDataDir(env: Environment = process.env, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  const path = pathFor(platform);
  const override = nonEmpty(env.KANBOTS_HOME);
  if (override !== undefined) return path.resolve(override);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APPLICATION_DIRECTORY_TITLE);
  if (platform === 'win32') return path.join(nonEmpty(env.APPDATA) ?? path.join(home, 'AppData', 'Roaming'), APPLICATION_DIRECTORY_TITLE);
  const xdg = absoluteOrUndefined(path, env.XDG_DATA_HOME);
  return path.join(xdg ?? path.join(home, '.local', 'share'), APPLICATION_DIRECTORY);
}

/** The configuration directory, e.g. `~/.config/kanbots` on Linux. */
export function resolveConfigDir(env: Environment = process.env, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  const path = pathFor(platform);
  const override = nonEmpty(env.KANBOTS_CONFIG_HOME);
  if (override !== undefined) return path.resolve(override);
  if (platform === 'darwin') return path.join(home, 'Library', 'Preferences', APPLICATION_DIRECTORY_TITLE);
  if (platform === 'win32') return path.join(nonEmpty(env.APPDATA) ?? path.join(home, 'AppData', 'Roaming'), APPLICATION_DIRECTORY_TITLE, 'Config');
  const xdg = absoluteOrUndefined(path, env.XDG_CONFIG_HOME);
  return path.join(xdg ?? path.join(home, '.config'), APPLICATION_DIRECTORY);
}

function pathFor(platform: NodeJS.Platform): typeof posix {
  return platform === 'win32' ? win32 : posix;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function absoluteOrUndefined(path: typeof posix, value: string | undefined): string | undefined {
  const candidate = nonEmpty(value);
  return candidate !== undefined && path.isAbsolute(candidate) ? candidate : undefined;
}
