import { execFile } from 'node:child_process';
import { resolveSecret, type SecretSource, type SecretStore } from '../secrets/secret-store.js';
import { GitHubNoTokenError } from './github-errors.js';

/** Where the GitHub token came from, for Settings (never the value). */
export type GitHubTokenSource = 'gh' | SecretSource;

export interface GitHubTokenOptions {
  host: string;
  secrets: SecretStore;
  /** The environment `gh` runs in and `GH_TOKEN` is read from (defaults to `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** The GitHub CLI to ask (default `gh` on PATH). */
  ghCommand?: string;
}

/** Variables `gh` needs to find its own login; nothing else of the host's environment reaches it. */
const ghEnvironmentNames = ['PATH', 'HOME', 'USER', 'LOGNAME', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME', 'GH_CONFIG_DIR', 'APPDATA', 'LOCALAPPDATA', 'USERPROFILE', 'SYSTEMROOT', 'TMPDIR', 'TEMP'];

/**
 * The user's GitHub token for `host`: the GitHub CLI's own (`gh auth token --hostname <host>`)
 * when it is logged in, else the one entered in Settings (the OS keychain) or `GH_TOKEN`.
 * The token is used for GitHub's REST API only; git pushes with the user's own credentials.
 */
export async function findGitHubToken(options: GitHubTokenOptions): Promise<{ token: string; source: GitHubTokenSource }> {
  const env = options.env ?? process.env;
  const fromGh = await ghToken(options.ghCommand ?? 'gh', options.host, env);
  if (fromGh !== undefined) return { token: fromGh, source: 'gh' };
  const stored = await resolveSecret(options.secrets, 'github.token', env);
  if (stored.value !== undefined) return { token: stored.value, source: stored.source };
  throw new GitHubNoTokenError(options.host);
}

/** The GitHub CLI's token, or undefined when it is not installed, not logged in, or does not answer within 10 s. */
function ghToken(command: string, host: string, env: Readonly<Record<string, string | undefined>>): Promise<string | undefined> {
  const environment: Record<string, string> = { GH_PROMPT_DISABLED: '1', NO_COLOR: '1' };
  for (const name of ghEnvironmentNames) {
    const value = env[name];
    if (value !== undefined) environment[name] = value;
  }
  return new Promise((resolve) => {
    execFile(command, ['auth', 'token', '--hostname', host], { env: environment, timeout: 10_000, windowsHide: true }, (error, stdout) => {
      const token = typeof stdout === 'string' ? stdout.trim() : '';
      resolve(error === null && token.length > 0 && !/\s/.test(token) ? token : undefined);
    });
  });
}
