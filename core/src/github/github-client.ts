import { Octokit } from '@octokit/rest';
import {
  GitHubRateLimitedError,
  GitHubRequestError,
  GitHubTokenError,
  GitHubUnreachableError,
  PullRequestExistsError,
} from './github-errors.js';
import type { GitHubRepository } from './github-remote.js';

/** A pull request as Kanbots shows it on a card. */
export interface PullRequestInfo {
  number: number;
  url: string;
  title: string;
  /** `merged` when GitHub says it was merged; `closed` when closed without a merge. */
  state: 'open' | 'closed' | 'merged';
  draft: boolean;
  headBranch: string;
  headSha: string;
  baseBranch: string;
  mergeCommitSha: string | undefined;
}

/** One check on the pull request's head commit (GitHub's checks API). */
export interface CheckRunInfo {
  id: number;
  name: string;
  status: 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending';
  conclusion: string | null;
  url: string | undefined;
  /** The check's own report (title, summary, text), shortened: what the developer is shown. */
  report: string;
}

/** A review comment on a line of the pull request's diff. */
export interface ReviewCommentInfo {
  id: number;
  path: string;
  line: number | undefined;
  body: string;
  author: string;
  url: string;
  createdAt: string;
}

/** A conditional read: `unchanged` when the ETag still matches (costs no rate limit on GitHub). */
export type Conditional<T> = { unchanged: true; etag: string } | { unchanged: false; etag: string | undefined; value: T };

export interface GitHubClientOptions {
  /** `https://api.github.com`, `https://host/api/v3` (Enterprise) or a test server. */
  baseUrl: string;
  /** The host the token belongs to, for messages (`github.com`). */
  host: string;
  token: string;
  /** A fetch implementation (tests pass undici's; defaults to the global one). */
  fetch?: typeof fetch;
  userAgent?: string;
}

const reportLimit = 4_000;

/** Octokit's `RequestError` (name `HttpError`), by shape: its package is Octokit's own dependency, not ours. */
interface RequestError extends Error {
  status: number;
  response?: { headers: Record<string, string | number | undefined>; data: unknown } | undefined;
}

function isRequestError(error: unknown): error is RequestError {
  return error instanceof Error && error.name === 'HttpError' && typeof (error as { status?: unknown }).status === 'number';
}

/**
 * The few GitHub REST calls Kanbots makes, over Octokit, with GitHub's answers turned into typed
 * errors that say what to do. Endpoints: `POST /repos/{o}/{r}/pulls`, `GET /repos/{o}/{r}/pulls`
 * (by head), `GET /repos/{o}/{r}/pulls/{n}`, `GET /repos/{o}/{r}/commits/{ref}/check-runs`,
 * `GET /repos/{o}/{r}/pulls/{n}/comments`. A classic token needs the `repo` scope (or
 * `public_repo` for public repositories); a fine-grained token needs "Pull requests: read and
 * write" and "Checks: read" on the repository.
 */
export class GitHubClient {
  private readonly octokit: Octokit;
  private readonly host: string;

  constructor(options: GitHubClientOptions) {
    this.host = options.host;
    this.octokit = new Octokit({
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      auth: options.token,
      userAgent: options.userAgent ?? 'kanbots',
      // Octokit's own log would print to the console (deprecation notices): Kanbots keeps quiet.
      log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
      request: { ...(options.fetch === undefined ? {} : { fetch: options.fetch }), retries: 0 },
    });
  }

  async createPullRequest(repository: GitHubRepository, input: { head: string; base: string; title: string; body: string; draft?: boolean }): Promise<PullRequestInfo> {
    try {
      const response = await this.octokit.rest.pulls.create({ owner: repository.owner, repo: repository.repo, head: input.head, base: input.base, title: input.title, body: input.body, draft: input.draft ?? false });
      return pullRequestInfo(response.data);
    } catch (error) {
      if (isRequestError(error) && error.status === 422 && /already exists/i.test(validationText(error))) {
        const existing = await this.findOpenPullRequest(repository, input.head);
        throw new PullRequestExistsError(input.head, existing?.number, { cause: error });
      }
      throw this.typed(error, 'open the pull request', ['repo', 'public_repo']);
    }
  }

  /** The open pull request whose head is `branch` (in the same repository), if any. */
  async findOpenPullRequest(repository: GitHubRepository, branch: string): Promise<PullRequestInfo | undefined> {
    try {
      const response = await this.octokit.rest.pulls.list({ owner: repository.owner, repo: repository.repo, head: `${repository.owner}:${branch}`, state: 'open', per_page: 10 });
      const first = response.data[0];
      return first === undefined ? undefined : pullRequestInfo(first);
    } catch (error) {
      throw this.typed(error, 'list pull requests', ['repo', 'public_repo']);
    }
  }

  async getPullRequest(repository: GitHubRepository, number: number, etag?: string): Promise<Conditional<PullRequestInfo>> {
    return this.conditional(etag, 'read the pull request', async (headers) => {
      const response = await this.octokit.rest.pulls.get({ owner: repository.owner, repo: repository.repo, pull_number: number, headers });
      return { etag: response.headers.etag, value: pullRequestInfo(response.data) };
    });
  }

  /** Every check of a commit (all pages); `etag` is the first page's, which changes with any check. */
  async listCheckRuns(repository: GitHubRepository, ref: string, etag?: string): Promise<Conditional<CheckRunInfo[]>> {
    return this.conditional(etag, 'read the checks', async (headers) => {
      const first = await this.octokit.rest.checks.listForRef({ owner: repository.owner, repo: repository.repo, ref, per_page: 100, headers });
      const runs = [...first.data.check_runs];
      for (let page = 2; runs.length < first.data.total_count && page <= 10; page += 1) {
        const next = await this.octokit.rest.checks.listForRef({ owner: repository.owner, repo: repository.repo, ref, per_page: 100, page });
        if (next.data.check_runs.length === 0) break;
        runs.push(...next.data.check_runs);
      }
      return { etag: first.headers.etag, value: runs.map(checkRunInfo) };
    });
  }

  /** Every review comment of a pull request (all pages, oldest first). */
  async listReviewComments(repository: GitHubRepository, number: number, etag?: string): Promise<Conditional<ReviewCommentInfo[]>> {
    return this.conditional(etag, 'read the review comments', async (headers) => {
      const first = await this.octokit.rest.pulls.listReviewComments({ owner: repository.owner, repo: repository.repo, pull_number: number, per_page: 100, headers });
      const comments = [...first.data];
      if (hasNextPage(first.headers.link)) {
        const rest = await this.octokit.paginate(this.octokit.rest.pulls.listReviewComments, { owner: repository.owner, repo: repository.repo, pull_number: number, per_page: 100, page: 2 });
        comments.push(...rest);
      }
      return { etag: first.headers.etag, value: comments.map(reviewCommentInfo) };
    });
  }

  private async conditional<T>(etag: string | undefined, what: string, read: (headers: Record<string, string>) => Promise<{ etag: string | undefined; value: T }>): Promise<Conditional<T>> {
    try {
      const result = await read(etag === undefined ? {} : { 'if-none-match': etag });
      return { unchanged: false, etag: result.etag, value: result.value };
    } catch (error) {
      if (isRequestError(error) && error.status === 304 && etag !== undefined) return { unchanged: true, etag };
      throw this.typed(error, what, ['repo', 'public_repo']);
    }
  }

  /** GitHub's answer as a typed error (see github-errors.ts). */
  private typed(error: unknown, what: string, neededScopes: readonly string[]): Error {
    if (!isRequestError(error)) return error instanceof Error ? error : new Error(String(error));
    const response = error.response;
    if (response === undefined) {
      const cause = error.cause instanceof Error ? (error.cause.cause instanceof Error ? error.cause.cause.message : error.cause.message) : error.message;
      return new GitHubUnreachableError(this.host, cause, { cause: error });
    }
    const headers = response.headers as Record<string, string | undefined>;
    const remaining = headers['x-ratelimit-remaining'];
    if ((error.status === 403 || error.status === 429) && (remaining === '0' || headers['retry-after'] !== undefined)) {
      const reset = headers['x-ratelimit-reset'];
      const retryAfter = headers['retry-after'];
      const resetAt = reset !== undefined ? Number(reset) * 1000 : retryAfter !== undefined ? Date.now() + Number(retryAfter) * 1000 : undefined;
      return new GitHubRateLimitedError(this.host, Number.isFinite(resetAt) ? resetAt : undefined, { cause: error });
    }
    if (error.status === 401) return new GitHubTokenError(this.host, 'refused', [], undefined, { cause: error });
    const granted = headers['x-oauth-scopes'];
    const accepted = headers['x-accepted-oauth-scopes'];
    if (error.status === 403 || (error.status === 404 && granted !== undefined && !neededScopes.some((scope) => scopeList(granted).includes(scope)))) {
      const needed = accepted !== undefined && accepted.trim().length > 0 ? scopeList(accepted) : [...neededScopes];
      return new GitHubTokenError(this.host, 'missing_scope', needed, granted === undefined ? undefined : scopeList(granted), { cause: error });
    }
    if (error.status >= 500) return new GitHubUnreachableError(this.host, `GitHub answered ${error.status}`, { cause: error });
    return new GitHubRequestError(this.host, error.status, what, githubMessage(error), { cause: error });
  }
}

function scopeList(header: string): string[] {
  return header.split(',').map((scope) => scope.trim()).filter((scope) => scope.length > 0);
}

function hasNextPage(link: string | undefined): boolean {
  return link !== undefined && /rel="next"/.test(link);
}

function githubMessage(error: RequestError): string {
  const data = error.response?.data as { message?: unknown } | undefined;
  return typeof data?.message === 'string' ? data.message : error.message;
}

/** The text of a 422's message and its `errors[]` (where "A pull request already exists" is said). */
function validationText(error: RequestError): string {
  const data = error.response?.data as { message?: unknown; errors?: { message?: unknown }[] } | undefined;
  const parts = [typeof data?.message === 'string' ? data.message : '', ...(data?.errors ?? []).map((entry) => (typeof entry.message === 'string' ? entry.message : ''))];
  return parts.join(' ');
}

interface PullRequestData {
  number: number;
  html_url: string;
  title: string;
  state: string;
  draft?: boolean | undefined;
  merged?: boolean | undefined;
  merged_at: string | null;
  merge_commit_sha: string | null;
  head: { ref: string; sha: string };
  base: { ref: string };
}

function pullRequestInfo(data: PullRequestData): PullRequestInfo {
  const merged = data.merged === true || data.merged_at !== null;
  return {
    number: data.number,
    url: data.html_url,
    title: data.title,
    state: merged ? 'merged' : data.state === 'closed' ? 'closed' : 'open',
    draft: data.draft === true,
    headBranch: data.head.ref,
    headSha: data.head.sha,
    baseBranch: data.base.ref,
    mergeCommitSha: merged ? (data.merge_commit_sha ?? undefined) : undefined,
  };
}

interface CheckRunData {
  id: number;
  name: string;
  status: string;
  conclusion: string | null;
  html_url: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
}

function checkRunInfo(data: CheckRunData): CheckRunInfo {
  const report = [data.output.title, data.output.summary, data.output.text].filter((part): part is string => typeof part === 'string' && part.length > 0).join('\n\n');
  return {
    id: data.id,
    name: data.name,
    status: data.status as CheckRunInfo['status'],
    conclusion: data.conclusion,
    url: data.html_url ?? undefined,
    report: report.length > reportLimit ? `${report.slice(0, reportLimit)}\n…` : report,
  };
}

interface ReviewCommentData {
  id: number;
  path: string;
  line?: number | null | undefined;
  original_line?: number | null | undefined;
  body: string;
  user: { login: string } | null;
  html_url: string;
  created_at: string;
}

function reviewCommentInfo(data: ReviewCommentData): ReviewCommentInfo {
  return {
    id: data.id,
    path: data.path,
    line: data.line ?? data.original_line ?? undefined,
    body: data.body,
    author: data.user?.login ?? 'someone',
    url: data.html_url,
    createdAt: data.created_at,
  };
}
