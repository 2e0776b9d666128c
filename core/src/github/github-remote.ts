import { ConfigurationError } from '../errors.js';

/**
 * Where a repository lives on GitHub (github.com or a GitHub Enterprise server), read from a git
 * remote's address: `https://host/owner/repo(.git)`, `ssh://git@host/owner/repo.git`,
 * `git@host:owner/repo.git`.
 */
export interface GitHubRepository {
  host: string;
  owner: string;
  repo: string;
}

const scpLike = /^(?:[^@/\s]+@)?([^:/\s]+):(?!\/)([^\s]+)$/;

/** The owner and name a remote address points at; a `ConfigurationError` when it is not a GitHub-shaped address. */
export function parseGitHubRemote(url: string): GitHubRepository {
  const trimmed = url.trim();
  let host: string;
  let path: string;
  const scp = scpLike.exec(trimmed);
  if (scp !== null && !/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    host = scp[1]!;
    path = scp[2]!;
  } else {
    let parsed: URL;
    try {
      parsed = new URL(trimmed);
    } catch {
      throw new ConfigurationError(`"${url}" is not a remote address Kanbots can read (expected https://host/owner/repo or git@host:owner/repo)`, { details: { url } });
    }
    if (!['https:', 'http:', 'ssh:', 'git+ssh:'].includes(parsed.protocol)) {
      throw new ConfigurationError(`The remote "${url}" is not on a GitHub server (it uses ${parsed.protocol.replace(/:$/, '')})`, { details: { url } });
    }
    host = parsed.hostname;
    path = parsed.pathname;
  }
  const parts = path.replace(/^\/+/, '').replace(/\/+$/, '').replace(/\.git$/, '').split('/');
  if (parts.length !== 2 || parts.some((part) => part.length === 0)) {
    throw new ConfigurationError(`The remote "${url}" does not name an owner and a repository (owner/repo)`, { details: { url } });
  }
  return { host: host.toLowerCase(), owner: parts[0]!, repo: parts[1]! };
}

/** The REST API's base URL for a host: api.github.com for github.com, `https://host/api/v3` for Enterprise. */
export function gitHubApiBaseUrl(host: string): string {
  return host === 'github.com' ? 'https://api.github.com' : `https://${host}/api/v3`;
}
