import type { ErrorData } from '../errors.js';
import { toErrorData } from '../errors.js';
import type { GitRunner } from '../git/git-runner.js';
import { pushBranch, remoteUrl } from '../git/push-branch.js';
import type { SecretStore } from '../secrets/secret-store.js';
import { GitHubClient, type CheckRunInfo, type PullRequestInfo, type ReviewCommentInfo } from './github-client.js';
import { GitHubRateLimitedError, PullRequestExistsError } from './github-errors.js';
import { gitHubApiBaseUrl, parseGitHubRemote, type GitHubRepository } from './github-remote.js';
import { findGitHubToken } from './github-token.js';
import { isFailedCheck } from './check-outcome.js';

/**
 * A card's pull request: opening it (push the branch with the user's own git credentials, then
 * GitHub's "create a pull request", or the one already open for the branch) and following it
 * (its state, its checks, its review comments), read with ETags so an unchanged pull request
 * costs GitHub's rate limit nothing. What it learns is plain data kept on the run record.
 */

/** What a run keeps of its pull request (serialisable; persisted on the run record). */
export interface PullRequestRecord extends PullRequestInfo {
  host: string;
  owner: string;
  repo: string;
  checks: CheckRunInfo[];
  comments: ReviewCommentInfo[];
  /** Check and comment ids already sent to the developer as findings. */
  sent: { checks: number[]; comments: number[] };
  etags: { pullRequest?: string; checks?: string; comments?: string };
  checkedAt?: number;
  /** The last failure to read it (network, token, rate limit), shown on the card until a read works. */
  problem?: ErrorData;
  /** When the next read may happen (after a rate limit or a failure: backing off). */
  nextCheckAt?: number;
  /** Reads that failed in a row (the back-off doubles with each, up to five minutes). */
  failures?: number;
}

export interface PullRequestsOptions {
  git: GitRunner;
  secrets: SecretStore;
  /** The remote a project pushes to (default `origin`). */
  remoteOf?: (repository: string) => string;
  /** The REST API's base URL for a host (default api.github.com, or `https://host/api/v3` for Enterprise). */
  apiBaseUrl?: (host: string) => string;
  /** Which GitHub repository a remote address is (default: read from the address). */
  gitHubRepositoryOf?: (remoteUrl: string) => GitHubRepository;
  fetch?: typeof fetch;
  ghCommand?: string;
  env?: Readonly<Record<string, string | undefined>>;
  now?: () => number;
}

export interface OpenPullRequestRequest {
  repository: string;
  branch: string;
  baseBranch: string;
  title: string;
  body: string;
  draft?: boolean;
}

const maxBackoffMs = 5 * 60_000;

export class PullRequests {
  constructor(private readonly options: PullRequestsOptions) {}

  /** Pushes the branch and opens its pull request, or finds the one already open for it (the next push updates it). */
  async open(request: OpenPullRequestRequest, previous?: PullRequestRecord): Promise<PullRequestRecord> {
    const url = await remoteUrl(this.options.git, request.repository, this.options.remoteOf?.(request.repository) ?? 'origin');
    const repository = (this.options.gitHubRepositoryOf ?? parseGitHubRemote)(url);
    await pushBranch(this.options.git, { repository: request.repository, url, branch: request.branch, ...(this.options.env === undefined ? {} : { env: this.options.env }) });
    const client = await this.client(repository.host);
    let info: PullRequestInfo;
    if (previous !== undefined && previous.state === 'open') {
      const read = await client.getPullRequest(repository, previous.number);
      info = read.unchanged ? previous : read.value;
    } else {
      try {
        info = await client.createPullRequest(repository, { head: request.branch, base: request.baseBranch, title: request.title, body: request.body, draft: request.draft ?? false });
      } catch (error) {
        if (!(error instanceof PullRequestExistsError) || error.number === undefined) throw error;
        const read = await client.getPullRequest(repository, error.number);
        if (read.unchanged) throw error;
        info = read.value;
      }
    }
    return {
      ...info,
      host: repository.host,
      owner: repository.owner,
      repo: repository.repo,
      // Checks belong to a commit: new commits start with none.
      checks: previous?.number === info.number && previous.headSha === info.headSha ? previous.checks : [],
      comments: previous?.number === info.number ? previous.comments : [],
      sent: previous?.number === info.number ? previous.sent : { checks: [], comments: [] },
      etags: {},
    };
  }

  /**
   * Reads the pull request, its head commit's checks and its review comments again (conditional
   * requests). A failure is kept on the record with a later `nextCheckAt`, never thrown: the card
   * shows it and the next read tries again.
   */
  async refresh(record: PullRequestRecord): Promise<{ record: PullRequestRecord; changed: boolean }> {
    const now = this.options.now?.() ?? Date.now();
    const repository: GitHubRepository = { host: record.host, owner: record.owner, repo: record.repo };
    try {
      const client = await this.client(record.host);
      let next: PullRequestRecord = { ...record, etags: { ...record.etags } };
      let changed = record.problem !== undefined;
      const pull = await client.getPullRequest(repository, record.number, record.etags.pullRequest);
      if (!pull.unchanged) {
        changed ||= pull.value.state !== record.state || pull.value.headSha !== record.headSha || pull.value.draft !== record.draft || pull.value.title !== record.title;
        next = { ...next, ...pull.value };
        if (pull.etag !== undefined) next.etags.pullRequest = pull.etag;
      }
      const sameHead = next.headSha === record.headSha;
      const checks = await client.listCheckRuns(repository, next.headSha, sameHead ? record.etags.checks : undefined);
      if (!checks.unchanged) {
        changed ||= JSON.stringify(checks.value) !== JSON.stringify(record.checks);
        next.checks = checks.value;
        if (checks.etag !== undefined) next.etags.checks = checks.etag;
        else delete next.etags.checks;
      }
      const comments = await client.listReviewComments(repository, record.number, record.etags.comments);
      if (!comments.unchanged) {
        changed ||= comments.value.length !== record.comments.length || JSON.stringify(comments.value) !== JSON.stringify(record.comments);
        next.comments = comments.value;
        if (comments.etag !== undefined) next.etags.comments = comments.etag;
      }
      next.checkedAt = now;
      delete next.problem;
      delete next.failures;
      delete next.nextCheckAt;
      return { record: next, changed };
    } catch (error) {
      const failures = (record.failures ?? 0) + 1;
      const backoff = Math.min(maxBackoffMs, 15_000 * 2 ** (failures - 1));
      const nextCheckAt = error instanceof GitHubRateLimitedError && error.resetAt !== undefined ? Math.max(error.resetAt, now + 1000) : now + backoff;
      return { record: { ...record, problem: toErrorData(error), failures, nextCheckAt, checkedAt: now }, changed: true };
    }
  }

  private async client(host: string): Promise<GitHubClient> {
    const { token } = await findGitHubToken({
      host,
      secrets: this.options.secrets,
      ...(this.options.env === undefined ? {} : { env: this.options.env }),
      ...(this.options.ghCommand === undefined ? {} : { ghCommand: this.options.ghCommand }),
    });
    return new GitHubClient({
      baseUrl: (this.options.apiBaseUrl ?? gitHubApiBaseUrl)(host),
      host,
      token,
      ...(this.options.fetch === undefined ? {} : { fetch: this.options.fetch }),
    });
  }
}

/** The findings a developer is sent for a failed check or a review comment (same words as the reviewer's findings). */
export function pullRequestFeedback(record: PullRequestRecord, selection: { checks?: readonly number[]; comments?: readonly number[] }): string {
  const lines: string[] = [`Feedback on pull request #${record.number} (${record.url}):`];
  for (const check of record.checks.filter((candidate) => selection.checks?.includes(candidate.id))) {
    lines.push('', `- Check "${check.name}" ${check.conclusion === 'failure' ? 'failed' : `ended ${check.conclusion ?? 'without a result'}`}${check.report.length > 0 ? `:\n${indent(check.report)}` : '.'}`);
  }
  for (const comment of record.comments.filter((candidate) => selection.comments?.includes(candidate.id))) {
    lines.push('', `- ${comment.path}${comment.line === undefined ? '' : `:${comment.line}`} — ${comment.author} wrote:\n${indent(comment.body)}`);
  }
  lines.push('', 'Fix these on the same branch; your commits are pushed to the same pull request.');
  return lines.join('\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

/** Checks that failed and comments not yet sent to the developer. */
export function unsentFeedback(record: PullRequestRecord): { checks: number[]; comments: number[] } {
  return {
    checks: record.checks.filter((check) => isFailedCheck(check) && !record.sent.checks.includes(check.id)).map((check) => check.id),
    comments: record.comments.filter((comment) => !record.sent.comments.includes(comment.id)).map((comment) => comment.id),
  };
}
