import { spawn } from 'node:child_process';
import { KanbotsError, type KanbotsErrorOptions } from '../errors.js';
import { parseConfigListing, type ConfigEntry } from './git-driver-overrides.js';
import type { GitRunner } from './git-runner.js';
import { hardenedSettings, type GitSetting } from './git-safety.js';

/**
 * Pushing a card's branch: the one time Kanbots' git talks to another machine. It pushes with the
 * user's own credentials (their SSH agent, their credential helper, their proxy), never a copy of
 * them, and never with what the repository's own configuration could have been made to say by an
 * agent working in it: transport settings (`core.sshCommand`, `core.askPass`, `credential.*`,
 * `http.*`) come from the user's global and system configuration only, and an address rewrite
 * (`url.*.insteadOf`) in the repository's configuration stops the push with an error naming it.
 * The branch is pushed to the address given (the project's remote), never forced, hooks off.
 */

export type PushFailure = 'no_remote' | 'non_fast_forward' | 'declined' | 'auth' | 'unreachable' | 'untrusted_config' | 'failed';

const advice: Record<PushFailure, string> = {
  no_remote: 'add a remote to the repository (git remote add origin <address>) or name the remote to push to in Settings → GitHub',
  non_fast_forward: 'the branch on the remote has commits this card does not have; fetch and integrate them, or push under another name',
  declined: 'the remote refused the branch (a protected branch or a server hook); push to another branch or ask the repository owner',
  auth: 'check that your own git can push there (ssh-add, your credential helper, `gh auth setup-git`)',
  unreachable: 'check the network and the remote address; nothing was lost locally',
  untrusted_config: 'the repository configuration rewrites remote addresses; remove the entry or push by hand',
  failed: 'see git\'s message',
};

export class PushError extends KanbotsError {
  override readonly name = 'PushError';
  constructor(readonly failure: PushFailure, readonly branch: string, readonly gitMessage: string, options: KanbotsErrorOptions = {}) {
    super(`git_push_${failure}`, `Could not push ${branch}: ${summary(failure, gitMessage)} — ${advice[failure]}`, {
      ...options,
      retryable: failure === 'unreachable',
      details: { ...options.details, branch, failure, gitMessage },
    });
  }
}

function summary(failure: PushFailure, gitMessage: string): string {
  switch (failure) {
    case 'no_remote':
      return 'the repository has no such remote';
    case 'non_fast_forward':
      return 'the remote branch has moved on';
    case 'declined': {
      const reason = /\(([^)]*(?:declined|protected)[^)]*)\)/i.exec(gitMessage)?.[1];
      return reason === undefined ? 'the remote declined it' : `the remote declined it (${reason})`;
    }
    case 'auth':
      return 'the remote did not accept your credentials';
    case 'unreachable':
      return 'the remote could not be reached';
    case 'untrusted_config':
      return gitMessage;
    case 'failed':
      return gitMessage.split('\n').find((line) => line.trim().length > 0)?.trim() ?? 'git failed';
  }
}

/** The address of a remote of the repository; a `PushError` (`no_remote`) when there is none by that name. */
export async function remoteUrl(git: GitRunner, repository: string, remote: string): Promise<string> {
  const result = await git.run(repository, ['remote', 'get-url', '--push', remote], { allowExitCodes: [2, 128] });
  const url = result.stdout.trim();
  if (result.exitCode !== 0 || url.length === 0) throw new PushError('no_remote', remote, result.stderr.trim());
  return url;
}

export interface PushBranchOptions {
  repository: string;
  /** Where to push: a remote's address (see `remoteUrl`). */
  url: string;
  branch: string;
  /** The host's environment the user's credentials come from (defaults to `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  timeoutMs?: number;
}

/** Variables of the user's own that a push needs: their SSH agent, their SSH command, proxies, CA files. */
const transportVariables = ['SSH_AUTH_SOCK', 'SSH_AGENT_PID', 'GIT_SSH', 'GIT_SSH_COMMAND', 'GIT_SSH_VARIANT', 'HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY', 'ALL_PROXY', 'https_proxy', 'http_proxy', 'no_proxy', 'all_proxy', 'SSL_CERT_FILE', 'SSL_CERT_DIR', 'GIT_SSL_CAINFO'];

const transportKey = /^(core\.sshcommand|core\.askpass|credential\..*|http\..*)$/i;
const rewriteKey = /^url\..*\.(insteadof|pushinsteadof)$/i;

/** Pushes `branch` to `url` (same name there), fast-forward only. Resolves with git's report; rejects with a `PushError`. */
export async function pushBranch(git: GitRunner, options: PushBranchOptions): Promise<{ output: string }> {
  const environment = await pushEnvironment(git, options);
  const args = ['push', '--porcelain', '--no-verify', options.url, `refs/heads/${options.branch}:refs/heads/${options.branch}`];
  const result = await spawnPush(options.repository, args, environment, options.timeoutMs ?? 5 * 60_000);
  if (result.exitCode === 0) return { output: result.stdout };
  throw new PushError(classifyPushFailure(`${result.stdout}\n${result.stderr}`), options.branch, `${result.stdout}\n${result.stderr}`.trim());
}

/**
 * The environment a push runs git in: Kanbots' hardening, the one transport the address needs,
 * the user's own transport settings in place of the repository's, the user's SSH agent and
 * proxies. A `PushError` (`untrusted_config`) when the repository's configuration rewrites the address.
 */
export async function pushEnvironment(git: GitRunner, options: Pick<PushBranchOptions, 'repository' | 'url' | 'branch' | 'env'>): Promise<Record<string, string>> {
  const entries = parseConfigListing(await git.text(options.repository, ['config', '--list', '--show-scope', '--show-origin', '-z']));
  const rewrites = entries.filter((entry) => !isUserScope(entry) && rewriteKey.test(entry.key) && entry.value !== undefined && options.url.startsWith(entry.value));
  if (rewrites.length > 0) {
    throw new PushError('untrusted_config', options.branch, `the repository's configuration rewrites the remote address (${rewrites.map((entry) => entry.key).join(', ')})`);
  }
  const environment: Record<string, string> = {};
  const ambient = options.env ?? process.env;
  for (const name of transportVariables) {
    const value = ambient[name];
    if (value !== undefined) environment[name] = value;
  }
  return git.environment(environment, pushSettings(entries, options.url));
}

function isUserScope(entry: ConfigEntry): boolean {
  return entry.scope === 'global' || entry.scope === 'system';
}

/**
 * Kanbots' hardening with the one transport this push needs allowed, and every transport setting
 * the repository scope holds replaced by the user's own (or by git's default when they have none).
 */
function pushSettings(entries: readonly ConfigEntry[], url: string): GitSetting[] {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase() ?? (/^[^/]+:/.test(url) && !/^[a-z]:[\\/]/i.test(url) ? 'ssh' : 'file');
  const protocol = scheme === 'git+ssh' || scheme === 'ssh+git' ? 'ssh' : scheme;
  const hardened = hardenedSettings().filter(([key]) => !key.startsWith('protocol.'));
  const user = entries.filter(isUserScope);
  const repositoryKeys = new Set(entries.filter((entry) => !isUserScope(entry) && transportKey.test(entry.key)).map((entry) => entry.key.toLowerCase()));
  const overrides: GitSetting[] = [];
  for (const key of repositoryKeys) {
    if (key === 'credential.helper') continue;
    const own = user.filter((entry) => entry.key.toLowerCase() === key).at(-1);
    overrides.push([key, own?.value ?? defaultValue(key)]);
  }
  // An empty helper resets the list; then the user's own helpers, in their order.
  const helpers: GitSetting[] = [['credential.helper', ''], ...user.filter((entry) => entry.key.toLowerCase() === 'credential.helper' && entry.value !== undefined).map((entry): GitSetting => ['credential.helper', entry.value!])];
  return [...hardened, ...overrides, ...helpers, ['protocol.allow', 'never'], [`protocol.${protocol}.allow`, 'always']];
}

function defaultValue(key: string): string {
  if (key === 'core.sshcommand') return 'ssh';
  if (key.endsWith('sslverify')) return 'true';
  return '';
}

/** What kind of failure git's push output describes. */
export function classifyPushFailure(output: string): PushFailure {
  if (/\[rejected\].*\((non-fast-forward|fetch first|stale info)\)/i.test(output) || /Updates were rejected because/i.test(output)) return 'non_fast_forward';
  if (/\[remote rejected\]/i.test(output) || /hook declined/i.test(output) || /protected branch/i.test(output)) return 'declined';
  if (/Authentication failed|Permission denied|could not read (Username|Password)|access denied|403 Forbidden|HTTP 40[13]|terminal prompts disabled|publickey/i.test(output)) return 'auth';
  if (/Could not resolve host|Connection refused|Connection timed out|Operation timed out|Network is unreachable|unable to access|does not appear to be a git repository|Could not read from remote repository|No such file or directory/i.test(output)) return 'unreachable';
  return 'failed';
}

function spawnPush(cwd: string, args: readonly string[], env: Record<string, string>, timeoutMs: number): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new PushError('failed', args.at(-1) ?? '', error.message, { cause: error }));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), exitCode: code ?? 1 });
    });
  });
}
