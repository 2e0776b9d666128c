/**
 * What every git process Kanbots starts runs with, so that nothing an agent writes into a
 * repository (its config, hooks, `.gitattributes`) makes Kanbots' own git run the agent's code,
 * and nothing secret in the host's environment reaches git or anything git starts.
 *
 * - The environment is built from an allowlist (no API keys, no `*_TOKEN`, no ambient `GIT_*`).
 * - Settings are passed as command-scope config (`GIT_CONFIG_COUNT` / `GIT_CONFIG_KEY_<n>` /
 *   `GIT_CONFIG_VALUE_<n>`): the highest precedence git has, inherited by every git child process,
 *   and with key and value kept apart, so no name an agent invents can be mis-split.
 */

/** A `key`, `value` pair of command-scope git configuration. */
export type GitSetting = readonly [key: string, value: string];

/** Variables git may read from the host; everything else (keys, tokens, `GIT_*`) is left out. */
const allowedNames = new Set(
  [
    'PATH', 'HOME', 'USER', 'LOGNAME', 'LANG', 'LANGUAGE', 'TZ', 'TMPDIR', 'TMP', 'TEMP', 'XDG_CONFIG_HOME',
    // Windows: what Git for Windows needs to start and to find the user's configuration.
    'SYSTEMROOT', 'SYSTEMDRIVE', 'WINDIR', 'COMSPEC', 'PATHEXT', 'USERPROFILE', 'USERNAME', 'HOMEDRIVE', 'HOMEPATH', 'PROGRAMDATA',
  ].map((name) => name.toUpperCase()),
);
const allowedPrefixes = ['LC_'];

/** Set for every git process: never prompt, never page, never open an editor. */
const fixedVariables: Readonly<Record<string, string>> = Object.freeze({
  GIT_TERMINAL_PROMPT: '0',
  GIT_PAGER: 'cat',
  GIT_EDITOR: 'false',
  GIT_SEQUENCE_EDITOR: 'false',
});

/** The environment of a git process, from the host's `ambient` environment (usually `process.env`). */
export function safeGitEnvironment(ambient: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const [name, value] of Object.entries(ambient)) {
    const upper = name.toUpperCase();
    if (value !== undefined && (allowedNames.has(upper) || allowedPrefixes.some((prefix) => upper.startsWith(prefix)))) environment[name] = value;
  }
  return { ...environment, ...fixedVariables };
}

/** The hooks folder setting that runs no hook at all (a path that is never a directory). */
export const noHooksPath = '/dev/null';

/**
 * Settings that switch off every way git can start another program during local work:
 * hooks, the file-system monitor, signing (and signature checks in `log`), automatic garbage
 * collection and maintenance (detached background processes), submodule recursion, pagers,
 * editors and every network transport (Kanbots' git never fetches; a lazy fetch of a partial
 * clone fails instead of running a planted `core.sshCommand` or `ext::` remote).
 * `runHooks` keeps the repository's hooks: only for a merge the user asked for with the
 * `git.runUserHooksOnMerge` setting on.
 */
export function hardenedSettings(options: { runHooks?: boolean } = {}): GitSetting[] {
  const settings: GitSetting[] = [
    ['core.fsmonitor', 'false'],
    ['core.pager', 'cat'],
    ['core.editor', 'false'],
    ['sequence.editor', 'false'],
    ['commit.gpgSign', 'false'],
    ['tag.gpgSign', 'false'],
    ['log.showSignature', 'false'],
    ['gc.auto', '0'],
    ['maintenance.auto', 'false'],
    ['submodule.recurse', 'false'],
    ['protocol.allow', 'never'],
    ...(['ext', 'file', 'ssh', 'git', 'http', 'https'] as const).map((name): GitSetting => [`protocol.${name}.allow`, 'never']),
  ];
  if (options.runHooks !== true) settings.unshift(['core.hooksPath', noHooksPath]);
  return settings;
}

/** `key=value` strings (the `-c` form) as settings; the key ends at the first `=`. */
export function parseSettings(pairs: readonly string[]): GitSetting[] {
  return pairs.map((pair): GitSetting => {
    const equals = pair.indexOf('=');
    return equals < 0 ? [pair, 'true'] : [pair.slice(0, equals), pair.slice(equals + 1)];
  });
}

/** Command-scope configuration as environment variables (later settings win over earlier ones). */
export function configEnvironment(settings: readonly GitSetting[]): Record<string, string> {
  const environment: Record<string, string> = { GIT_CONFIG_COUNT: String(settings.length) };
  settings.forEach(([key, value], index) => {
    environment[`GIT_CONFIG_KEY_${index}`] = key;
    environment[`GIT_CONFIG_VALUE_${index}`] = value;
  });
  return environment;
}

/**
 * Subcommands that never read `.gitattributes` drivers (no content filtering, no merge drivers).
 * Every other subcommand first learns which drivers the repository defines, to neutralise them.
 */
const driverFreeCommands = new Set(['rev-parse', 'for-each-ref', 'merge-base', 'rev-list', 'log', 'symbolic-ref', 'update-ref', 'commit-tree', 'config', 'branch', 'cat-file', 'ls-tree', 'show-ref']);
const driverFreeWorktreeCommands = new Set(['list', 'prune']);

/** True when `args` (a subcommand first) may run a filter or merge driver. */
export function mayRunDrivers(args: readonly string[]): boolean {
  const [command = '', subcommand = ''] = args;
  if (command === 'worktree') return !driverFreeWorktreeCommands.has(subcommand);
  return !driverFreeCommands.has(command);
}
