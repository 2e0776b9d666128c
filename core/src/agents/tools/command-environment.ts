/**
 * The environment commands run with: built from an allowlist of harmless variables, then every
 * variable whose name looks like a credential removed — so an API key in the host's environment
 * never reaches a command the model asked for.
 */

const allowedNames = new Set(
  [
    'PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'LANG', 'LANGUAGE', 'TERM', 'COLORTERM', 'TZ',
    'TMPDIR', 'TMP', 'TEMP', 'PWD', 'EDITOR', 'NO_COLOR', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'XDG_DATA_HOME',
    // Windows essentials
    'SYSTEMROOT', 'SYSTEMDRIVE', 'WINDIR', 'COMSPEC', 'PATHEXT', 'USERPROFILE', 'USERNAME', 'HOMEDRIVE', 'HOMEPATH',
    'APPDATA', 'LOCALAPPDATA', 'PROGRAMDATA', 'PROGRAMFILES', 'PROGRAMFILES(X86)', 'COMMONPROGRAMFILES', 'NUMBER_OF_PROCESSORS', 'OS',
  ].map((name) => name.toUpperCase()),
);
const allowedPrefixes = ['LC_'];

const secretNamePattern = /KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|AUTH|SESSION|COOKIE/i;
const secretPrefixes = ['ANTHROPIC_', 'OPENAI_', 'AWS_', 'GITHUB_', 'GH_', 'AZURE_', 'GOOGLE_', 'GCP_', 'NPM_'];

/** Set for every command: no pagers, no interactive prompts (stdin is closed anyway). */
const fixedVariables: Record<string, string> = {
  GIT_TERMINAL_PROMPT: '0',
  GIT_PAGER: 'cat',
  PAGER: 'cat',
};

/** True for variable names that may hold a credential. */
export function isSecretVariableName(name: string): boolean {
  const upper = name.toUpperCase();
  return secretNamePattern.test(name) || secretPrefixes.some((prefix) => upper.startsWith(prefix));
}

function isAllowedName(name: string): boolean {
  const upper = name.toUpperCase();
  return allowedNames.has(upper) || allowedPrefixes.some((prefix) => upper.startsWith(prefix));
}

export interface CommandEnvironmentOptions {
  /** Extra variables to pass (still subject to the secret filter). */
  extra?: Record<string, string>;
}

/** Builds a command environment from `base` (usually `process.env`). */
export function buildCommandEnvironment(
  base: Record<string, string | undefined>,
  options: CommandEnvironmentOptions = {},
): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) {
    if (value !== undefined && isAllowedName(name)) environment[name] = value;
  }
  Object.assign(environment, fixedVariables, options.extra);
  for (const name of Object.keys(environment)) {
    if (isSecretVariableName(name)) delete environment[name];
  }
  return environment;
}
