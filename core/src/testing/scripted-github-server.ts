import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { components } from '@octokit/openapi-types';
import { parseBody, readBody, redactHeaders } from './scripted-model-server/http-request.js';

/**
 * A scripted GitHub REST API on 127.0.0.1, for tests: the few endpoints Kanbots calls (create,
 * list and get pull requests, a commit's check runs, a pull request's review comments), with
 * GitHub's real status codes and headers — `Link` pagination, weak `ETag`s answered with 304 on
 * `If-None-Match`, `X-RateLimit-*` on every answer, `X-OAuth-Scopes` / `X-Accepted-OAuth-Scopes`,
 * 401 / 403 / 404 / 422 bodies shaped like GitHub's — and faults on demand (a server error, a
 * dropped connection, a used-up rate limit). Pull requests point at branches of a real bare
 * repository (the test's remote), read with git on every request, so a push is seen at once.
 * Fields are typed by GitHub's own OpenAPI description (`@octokit/openapi-types`), so the
 * names and types served are the ones GitHub sends.
 */

type PullRequestBody = Pick<
  components['schemas']['pull-request'],
  'url' | 'id' | 'number' | 'html_url' | 'state' | 'title' | 'body' | 'draft' | 'merged' | 'merged_at' | 'merge_commit_sha' | 'created_at' | 'updated_at'
> & { head: Pick<components['schemas']['pull-request']['head'], 'ref' | 'sha' | 'label'>; base: Pick<components['schemas']['pull-request']['base'], 'ref' | 'sha' | 'label'> };
type CheckRunBody = Pick<components['schemas']['check-run'], 'id' | 'name' | 'head_sha' | 'status' | 'conclusion' | 'html_url' | 'started_at' | 'completed_at'> & {
  output: Pick<components['schemas']['check-run']['output'], 'title' | 'summary' | 'text' | 'annotations_count' | 'annotations_url'>;
};
type ReviewCommentBody = Pick<components['schemas']['pull-request-review-comment'], 'id' | 'pull_request_review_id' | 'path' | 'line' | 'original_line' | 'side' | 'body' | 'html_url' | 'created_at' | 'updated_at' | 'commit_id' | 'diff_hunk'> & {
  user: { login: string; id: number; type: string };
};

export interface ScriptedGitHubCheck {
  name: string;
  status?: 'queued' | 'in_progress' | 'completed';
  conclusion?: 'success' | 'failure' | 'neutral' | 'cancelled' | 'skipped' | 'timed_out' | 'action_required' | null;
  title?: string;
  summary?: string;
  text?: string;
}

export interface ScriptedGitHubRepository {
  owner: string;
  repo: string;
  /** The bare repository pull requests' branches live in (the test's git remote). */
  bareRepository: string;
}

export interface ScriptedGitHubRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
  status: number;
}

export interface ScriptedGitHubServerOptions {
  repositories: readonly ScriptedGitHubRepository[];
  /** Tokens GitHub accepts, with their classic scopes (`repo`, `public_repo`, …). */
  tokens: Readonly<Record<string, readonly string[]>>;
  /** Requests per token per window (default 5000). */
  rateLimit?: number;
  /** Serve under `/api/v3` as GitHub Enterprise Server does. */
  enterprise?: boolean;
}

export type ScriptedGitHubFault = { kind: 'status'; status: number } | { kind: 'drop' } | { kind: 'rate-limit' };

interface PullRequestState {
  id: number;
  number: number;
  title: string;
  body: string;
  head: string;
  base: string;
  draft: boolean;
  state: 'open' | 'closed';
  mergedAt: string | null;
  mergeCommitSha: string | null;
  createdAt: string;
  updatedAt: string;
}

interface RepositoryState {
  spec: ScriptedGitHubRepository;
  pulls: PullRequestState[];
  checks: Map<string, CheckRunBody[]>;
  comments: Map<number, ReviewCommentBody[]>;
}

export interface ScriptedGitHubServer {
  /** The API's base URL (`http://127.0.0.1:<port>` or `…/api/v3`), for Octokit's `baseUrl`. */
  readonly baseUrl: string;
  /** Every request answered, in order (credentials redacted). */
  readonly requests: readonly ScriptedGitHubRequest[];
  /** Adds (or replaces, by name) a check on a commit. */
  setCheck(owner: string, repo: string, sha: string, check: ScriptedGitHubCheck): void;
  /** A reviewer's comment on a line of a pull request. */
  addReviewComment(owner: string, repo: string, number: number, comment: { path: string; line: number; body: string; author?: string }): void;
  /** Merges a pull request as GitHub's "Rebase and merge" would when the base has not moved: the base branch takes the head's commit. */
  mergePullRequest(owner: string, repo: string, number: number): Promise<void>;
  /** The next `count` requests get this fault instead of an answer. */
  fail(fault: ScriptedGitHubFault, count?: number): void;
  pullRequest(owner: string, repo: string, number: number): PullRequestState | undefined;
  close(): Promise<void>;
}

function git(cwd: string, args: readonly string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', [...args], { cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' } }, (error, stdout) => resolve(error === null ? stdout.trim() : undefined));
  });
}

export async function startScriptedGitHubServer(options: ScriptedGitHubServerOptions): Promise<ScriptedGitHubServer> {
  const repositories = new Map<string, RepositoryState>(options.repositories.map((spec) => [`${spec.owner}/${spec.repo}`, { spec, pulls: [], checks: new Map(), comments: new Map() }]));
  const requests: ScriptedGitHubRequest[] = [];
  const limit = options.rateLimit ?? 5000;
  const used = new Map<string, number>();
  const windowReset = Math.floor(Date.now() / 1000) + 3600;
  const faults: ScriptedGitHubFault[] = [];
  const prefix = options.enterprise === true ? '/api/v3' : '';
  let nextId = 1000;
  let origin = '';

  const now = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const repositoryOf = (owner: string, repo: string): RepositoryState => {
    const state = repositories.get(`${owner}/${repo}`);
    if (state === undefined) throw new Error(`scripted GitHub: unknown repository ${owner}/${repo}`);
    return state;
  };

  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, { message: `scripted GitHub: ${error instanceof Error ? error.message : String(error)}` });
    });
  });

  const send = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    const text = body === undefined ? '' : JSON.stringify(body);
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-github-media-type': 'github.v3; format=json', ...headers, ...(text.length > 0 ? { 'content-length': String(Buffer.byteLength(text)) } : {}) });
    response.end(text);
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const bodyText = await readBody(request);
    const record: ScriptedGitHubRequest = { method: request.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), headers: redactHeaders(request.headers), body: parseBody(bodyText), status: 0 };
    requests.push(record);
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      record.status = status;
      send(response, status, body, headers);
    };

    const fault = faults.shift();
    if (fault?.kind === 'drop') {
      record.status = -1;
      request.socket.destroy();
      return;
    }
    if (fault?.kind === 'status') return answer(fault.status, { message: 'Server Error' });

    const token = /^(?:token|bearer)\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (token === undefined) return answer(401, { message: 'Requires authentication', documentation_url: 'https://docs.github.com/rest', status: '401' });
    const scopes = options.tokens[token];
    if (scopes === undefined) return answer(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' });

    const conditional = request.headers['if-none-match'];
    const count = (used.get(token) ?? 0) + (fault?.kind === 'rate-limit' ? limit : 0);
    used.set(token, count);
    const rateHeaders = (spent: number): Record<string, string> => ({
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(Math.max(0, limit - spent)),
      'x-ratelimit-used': String(Math.min(limit, spent)),
      'x-ratelimit-reset': String(windowReset),
      'x-ratelimit-resource': 'core',
      'x-oauth-scopes': scopes.join(', '),
    });
    if (count >= limit) {
      return answer(403, { message: 'API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, please include the request ID.', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api', status: '403' }, rateHeaders(count));
    }

    if (!url.pathname.startsWith(`${prefix}/repos/`)) return answer(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' }, rateHeaders(count));
    const parts = url.pathname.slice(prefix.length).split('/').filter((part) => part.length > 0).map(decodeURIComponent);
    const [, owner = '', repo = ''] = parts;
    const state = repositories.get(`${owner}/${repo}`);
    const accepted = { 'x-accepted-oauth-scopes': 'repo' };
    if (state === undefined || !scopes.some((scope) => scope === 'repo' || scope === 'public_repo')) {
      return answer(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' }, { ...rateHeaders(count + 1), ...accepted });
    }
    used.set(token, count + 1);

    /** Answers a GET's value with an ETag; a matching If-None-Match gets 304 and costs nothing. */
    const answerWithEtag = (body: unknown, extra: Record<string, string> = {}): void => {
      const etag = `W/"${createHash('sha1').update(JSON.stringify(body)).digest('hex')}"`;
      if (conditional === etag) {
        used.set(token, count);
        return answer(304, undefined, { etag, ...rateHeaders(count) });
      }
      answer(200, body, { etag, ...rateHeaders(count + 1), ...extra });
    };
    const paged = <T>(items: readonly T[]): { page: T[]; link: Record<string, string> } => {
      const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? '30')));
      const pageNumber = Math.max(1, Number(url.searchParams.get('page') ?? '1'));
      const last = Math.max(1, Math.ceil(items.length / perPage));
      const link = (page: number): string => {
        const next = new URL(url.toString());
        next.searchParams.set('page', String(page));
        next.searchParams.set('per_page', String(perPage));
        return `<${origin}${next.pathname}${next.search}>`;
      };
      const links: string[] = [];
      if (pageNumber < last) links.push(`${link(pageNumber + 1)}; rel="next"`, `${link(last)}; rel="last"`);
      if (pageNumber > 1) links.push(`${link(1)}; rel="first"`, `${link(pageNumber - 1)}; rel="prev"`);
      return { page: items.slice((pageNumber - 1) * perPage, pageNumber * perPage), link: links.length > 0 ? { link: links.join(', ') } : {} };
    };

    const method = request.method ?? 'GET';
    const rest = parts.slice(3);
    if (rest[0] === 'pulls' && rest.length === 1 && method === 'POST') {
      const input = record.body as { head?: unknown; base?: unknown; title?: unknown; body?: unknown; draft?: unknown } | undefined;
      if (typeof input?.head !== 'string' || typeof input.base !== 'string' || typeof input.title !== 'string') {
        return answer(422, { message: 'Validation Failed', errors: [{ resource: 'PullRequest', code: 'missing_field', field: typeof input?.head !== 'string' ? 'head' : typeof input?.base !== 'string' ? 'base' : 'title' }], documentation_url: 'https://docs.github.com/rest/pulls/pulls#create-a-pull-request', status: '422' }, rateHeaders(count + 1));
      }
      const head = input.head.includes(':') ? input.head.slice(input.head.indexOf(':') + 1) : input.head;
      const headSha = await git(state.spec.bareRepository, ['rev-parse', '--verify', '--quiet', `refs/heads/${head}`]);
      const baseSha = await git(state.spec.bareRepository, ['rev-parse', '--verify', '--quiet', `refs/heads/${input.base}`]);
      if (headSha === undefined || baseSha === undefined) {
        return answer(422, { message: 'Validation Failed', errors: [{ resource: 'PullRequest', code: 'invalid', field: headSha === undefined ? 'head' : 'base' }], documentation_url: 'https://docs.github.com/rest/pulls/pulls#create-a-pull-request', status: '422' }, rateHeaders(count + 1));
      }
      if (state.pulls.some((pull) => pull.state === 'open' && pull.head === head && pull.base === input.base)) {
        return answer(422, { message: 'Validation Failed', errors: [{ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${owner}:${head}.` }], documentation_url: 'https://docs.github.com/rest/pulls/pulls#create-a-pull-request', status: '422' }, rateHeaders(count + 1));
      }
      if (headSha === baseSha) {
        return answer(422, { message: 'Validation Failed', errors: [{ resource: 'PullRequest', code: 'custom', message: `No commits between ${input.base} and ${head}` }], documentation_url: 'https://docs.github.com/rest/pulls/pulls#create-a-pull-request', status: '422' }, rateHeaders(count + 1));
      }
      const created = now();
      const pull: PullRequestState = { id: (nextId += 1), number: state.pulls.length + 1, title: input.title, body: typeof input.body === 'string' ? input.body : '', head, base: input.base, draft: input.draft === true, state: 'open', mergedAt: null, mergeCommitSha: null, createdAt: created, updatedAt: created };
      state.pulls.push(pull);
      return answer(201, await pullBody(state, pull), { location: `${origin}${prefix}/repos/${owner}/${repo}/pulls/${pull.number}`, ...rateHeaders(count + 1) });
    }
    if (rest[0] === 'pulls' && rest.length === 1 && method === 'GET') {
      const wanted = url.searchParams.get('head');
      const wantedState = url.searchParams.get('state') ?? 'open';
      const matching = state.pulls.filter((pull) => (wantedState === 'all' || pull.state === wantedState) && (wanted === null || `${owner}:${pull.head}` === wanted));
      const { page, link } = paged(matching);
      return answerWithEtag(await Promise.all(page.map((pull) => pullBody(state, pull))), link);
    }
    if (rest[0] === 'pulls' && rest.length === 2 && method === 'GET') {
      const pull = state.pulls.find((candidate) => candidate.number === Number(rest[1]));
      if (pull === undefined) return answer(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/pulls/pulls#get-a-pull-request', status: '404' }, rateHeaders(count + 1));
      return answerWithEtag(await pullBody(state, pull));
    }
    if (rest[0] === 'pulls' && rest[2] === 'comments' && rest.length === 3 && method === 'GET') {
      const { page, link } = paged(state.comments.get(Number(rest[1])) ?? []);
      return answerWithEtag(page, link);
    }
    if (rest[0] === 'commits' && rest[2] === 'check-runs' && rest.length === 3 && method === 'GET') {
      const ref = rest[1]!;
      const sha = /^[0-9a-f]{40}$/.test(ref) ? ref : await git(state.spec.bareRepository, ['rev-parse', '--verify', '--quiet', ref]);
      const runs = sha === undefined ? [] : (state.checks.get(sha) ?? []);
      const { page, link } = paged(runs);
      return answerWithEtag({ total_count: runs.length, check_runs: page }, link);
    }
    return answer(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' }, rateHeaders(count + 1));
  }

  async function pullBody(state: RepositoryState, pull: PullRequestState): Promise<PullRequestBody> {
    const { owner, repo, bareRepository } = state.spec;
    const headSha = (await git(bareRepository, ['rev-parse', '--verify', '--quiet', `refs/heads/${pull.head}`])) ?? pull.mergeCommitSha ?? '';
    const baseSha = (await git(bareRepository, ['rev-parse', '--verify', '--quiet', `refs/heads/${pull.base}`])) ?? '';
    return {
      url: `${origin}${prefix}/repos/${owner}/${repo}/pulls/${pull.number}`,
      id: pull.id,
      number: pull.number,
      html_url: `https://github.test/${owner}/${repo}/pull/${pull.number}`,
      state: pull.state,
      title: pull.title,
      body: pull.body,
      draft: pull.draft,
      merged: pull.mergedAt !== null,
      merged_at: pull.mergedAt,
      merge_commit_sha: pull.mergeCommitSha,
      created_at: pull.createdAt,
      updated_at: pull.updatedAt,
      head: { ref: pull.head, sha: headSha, label: `${owner}:${pull.head}` },
      base: { ref: pull.base, sha: baseSha, label: `${owner}:${pull.base}` },
    };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  return {
    baseUrl: `${origin}${prefix}`,
    requests,
    setCheck(owner, repo, sha, check) {
      const state = repositoryOf(owner, repo);
      const runs = state.checks.get(sha) ?? [];
      const status = check.status ?? (check.conclusion === undefined ? 'in_progress' : 'completed');
      const run: CheckRunBody = {
        id: (nextId += 1),
        name: check.name,
        head_sha: sha,
        status,
        conclusion: status === 'completed' ? (check.conclusion ?? 'success') : null,
        html_url: `https://github.test/${owner}/${repo}/runs/${nextId}`,
        started_at: now(),
        completed_at: status === 'completed' ? now() : null,
        output: { title: check.title ?? null, summary: check.summary ?? null, text: check.text ?? null, annotations_count: 0, annotations_url: `${origin}${prefix}/repos/${owner}/${repo}/check-runs/${nextId}/annotations` },
      };
      state.checks.set(sha, [...runs.filter((existing) => existing.name !== check.name), run]);
    },
    addReviewComment(owner, repo, number, comment) {
      const state = repositoryOf(owner, repo);
      const list = state.comments.get(number) ?? [];
      const id = (nextId += 1);
      list.push({
        id,
        pull_request_review_id: id,
        path: comment.path,
        line: comment.line,
        original_line: comment.line,
        side: 'RIGHT',
        body: comment.body,
        html_url: `https://github.test/${owner}/${repo}/pull/${number}#discussion_r${id}`,
        created_at: now(),
        updated_at: now(),
        commit_id: '',
        diff_hunk: '',
        user: { login: comment.author ?? 'a-reviewer', id: 7, type: 'User' },
      });
      state.comments.set(number, list);
    },
    async mergePullRequest(owner, repo, number) {
      const state = repositoryOf(owner, repo);
      const pull = state.pulls.find((candidate) => candidate.number === number);
      if (pull === undefined || pull.state !== 'open') throw new Error(`scripted GitHub: no open pull request #${number}`);
      const headSha = await git(state.spec.bareRepository, ['rev-parse', `refs/heads/${pull.head}`]);
      if (headSha === undefined) throw new Error(`scripted GitHub: branch ${pull.head} is gone`);
      await git(state.spec.bareRepository, ['update-ref', `refs/heads/${pull.base}`, headSha]);
      pull.state = 'closed';
      pull.mergedAt = now();
      pull.mergeCommitSha = headSha;
      pull.updatedAt = pull.mergedAt;
    },
    fail(fault, count = 1) {
      for (let index = 0; index < count; index += 1) faults.push(fault);
    },
    pullRequest(owner, repo, number) {
      return repositoryOf(owner, repo).pulls.find((candidate) => candidate.number === number);
    },
    close() {
      return new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
