import { KanbotsError, type KanbotsErrorOptions } from '../errors.js';

/**
 * What can go wrong talking to GitHub, each with what to do. Nothing local is changed by any of
 * them: the card's branch and commits stay where they are.
 */

/** No token: the GitHub CLI is not logged in and none was entered in Settings. */
export class GitHubNoTokenError extends KanbotsError {
  override readonly name = 'GitHubNoTokenError';
  constructor(readonly host: string, options: KanbotsErrorOptions = {}) {
    super('github_no_token', `Kanbots has no GitHub token for ${host}: run \`gh auth login${host === 'github.com' ? '' : ` --hostname ${host}`}\`, or enter a token in Settings → GitHub`, {
      ...options,
      details: { ...options.details, host },
    });
  }
}

/** The token was refused (401), or lacks a scope the call needs (403 naming the scopes). */
export class GitHubTokenError extends KanbotsError {
  override readonly name = 'GitHubTokenError';
  constructor(
    readonly host: string,
    readonly reason: 'refused' | 'missing_scope',
    readonly neededScopes: readonly string[],
    readonly grantedScopes: readonly string[] | undefined,
    options: KanbotsErrorOptions = {},
  ) {
    const message =
      reason === 'refused'
        ? `GitHub refused the token for ${host} (it may have expired or been revoked): run \`gh auth login\` again, or enter a new token in Settings → GitHub`
        : `The GitHub token for ${host} may not do this${neededScopes.length > 0 ? `: it needs the ${neededScopes.map((scope) => `"${scope}"`).join(' or ')} scope` : ''}${grantedScopes !== undefined ? ` (it has ${grantedScopes.length > 0 ? grantedScopes.join(', ') : 'none'})` : ''} — run \`gh auth refresh -s repo\` or make a token with it`;
    super(reason === 'refused' ? 'github_token_refused' : 'github_token_scope', message, {
      ...options,
      details: { ...options.details, host, neededScopes: [...neededScopes], grantedScopes: grantedScopes === undefined ? undefined : [...grantedScopes] },
    });
  }
}

/** GitHub's rate limit is used up until `resetAt`. */
export class GitHubRateLimitedError extends KanbotsError {
  override readonly name = 'GitHubRateLimitedError';
  constructor(readonly host: string, readonly resetAt: number | undefined, options: KanbotsErrorOptions = {}) {
    const when = resetAt === undefined ? 'in a while' : `at ${new Date(resetAt).toISOString().slice(11, 16)} UTC`;
    super('github_rate_limited', `GitHub's rate limit for this token is used up; Kanbots tries again ${when}`, {
      ...options,
      retryable: true,
      details: { ...options.details, host, resetAt },
    });
  }
}

/** GitHub could not be reached (no network, DNS, a proxy, a server error). */
export class GitHubUnreachableError extends KanbotsError {
  override readonly name = 'GitHubUnreachableError';
  constructor(readonly host: string, readonly why: string, options: KanbotsErrorOptions = {}) {
    super('github_unreachable', `GitHub (${host}) could not be reached: ${why}. Nothing was lost; try again when the connection is back`, {
      ...options,
      retryable: true,
      details: { ...options.details, host, why },
    });
  }
}

/** A pull request for this branch is already open (422 from "create"); `number` names it when known. */
export class PullRequestExistsError extends KanbotsError {
  override readonly name = 'PullRequestExistsError';
  constructor(readonly head: string, readonly number: number | undefined, options: KanbotsErrorOptions = {}) {
    super('github_pull_request_exists', `A pull request for ${head} is already open${number === undefined ? '' : ` (#${number})`}`, {
      ...options,
      details: { ...options.details, head, number },
    });
  }
}

/** Any other answer GitHub gave that was not a success, with its status and GitHub's own message. */
export class GitHubRequestError extends KanbotsError {
  override readonly name = 'GitHubRequestError';
  constructor(readonly host: string, readonly status: number, readonly what: string, readonly githubMessage: string, options: KanbotsErrorOptions = {}) {
    super('github_request_failed', `GitHub could not ${what}: ${githubMessage} (HTTP ${status})`, {
      ...options,
      retryable: status >= 500,
      details: { ...options.details, host, status, githubMessage },
    });
  }
}
