import type { ErrorData } from '@kanbots/core/protocol';

/**
 * An error as the person reads it on a failed card: a headline in plain words, the cause once
 * (no "ENOENT: ENOENT: …", no line repeated), and what would fix it. The error's class and code
 * stay for the Details view.
 */

/** `github-token` and `github-remote` open Settings at that field of its GitHub section. */
export type ErrorFix = 'settings' | 'model' | 'retry' | 'github-token' | 'github-remote';

export interface PlainError {
  title: string;
  cause: string;
  /** What to offer besides Cancel, most useful first. */
  fixes: ErrorFix[];
}

const providerTitles: Record<string, { title: string; fixes: ErrorFix[] }> = {
  auth: { title: 'The model provider refused the key.', fixes: ['settings', 'model'] },
  bad_request: { title: 'The model provider refused the request (often a model name it does not know).', fixes: ['model', 'settings'] },
  rate_limited: { title: 'The model provider is limiting requests.', fixes: ['retry', 'model'] },
  overloaded: { title: 'The model provider is overloaded.', fixes: ['retry', 'model'] },
  server_error: { title: 'The model provider had an error.', fixes: ['retry', 'model'] },
  network: { title: 'The model provider could not be reached.', fixes: ['retry', 'settings'] },
  timeout: { title: 'The model provider did not answer in time.', fixes: ['retry', 'model'] },
  stream_dropped: { title: 'The connection to the model dropped mid-answer.', fixes: ['retry'] },
  malformed_output: { title: 'The model answered in a form Kanbots could not use.', fixes: ['retry', 'model'] },
};

/** Collapses a prefix said twice or more ("ENOENT: ENOENT: no such file" → "ENOENT: no such file") and repeated lines. */
export function onceEach(message: string): string {
  let text = message.trim();
  for (;;) {
    const repeated = /^([^:\n]{1,80}): \1(:|$)/.exec(text);
    if (!repeated) break;
    text = text.slice(repeated[1]!.length + 2);
  }
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed !== '' && lines.some((seen) => seen.trim() === trimmed)) continue;
    lines.push(line);
  }
  return lines.join('\n');
}

/** Talking to GitHub and pushing the branch: nothing local is lost by any of them. */
const pullRequestTitles: Record<string, { title: string; fixes: ErrorFix[] }> = {
  github_no_token: { title: 'Kanbots has no GitHub token.', fixes: ['github-token', 'retry'] },
  github_token_refused: { title: 'GitHub refused the token.', fixes: ['github-token', 'retry'] },
  github_token_scope: { title: 'The GitHub token may not open pull requests here.', fixes: ['github-token', 'retry'] },
  github_rate_limited: { title: "GitHub's rate limit is used up for now.", fixes: ['retry'] },
  github_unreachable: { title: 'GitHub could not be reached.', fixes: ['retry'] },
  github_pull_request_exists: { title: 'A pull request for this branch is already open.', fixes: ['retry'] },
  github_request_failed: { title: 'GitHub did not accept the request.', fixes: ['retry'] },
  git_push_no_remote: { title: 'The repository has no remote to push the branch to.', fixes: ['github-remote', 'retry'] },
  git_push_non_fast_forward: { title: 'The push was rejected: the branch on the remote has moved on.', fixes: ['retry'] },
  git_push_declined: { title: 'The remote declined the push (a protected branch or a server hook).', fixes: ['retry'] },
  git_push_auth: { title: 'The remote did not accept your git credentials.', fixes: ['retry'] },
  git_push_unreachable: { title: 'The remote could not be reached to push the branch.', fixes: ['retry'] },
  git_push_untrusted_config: { title: "The repository's git configuration rewrites where the branch would be pushed.", fixes: ['retry'] },
  git_push_failed: { title: 'Git could not push the branch.', fixes: ['retry'] },
};

export function plainError(error: ErrorData): PlainError {
  const cause = onceEach(error.message);
  const pullRequest = pullRequestTitles[error.code];
  if (pullRequest) return { title: pullRequest.title, cause, fixes: pullRequest.fixes };
  const kind = typeof error.details?.['kind'] === 'string' ? (error.details['kind'] as string) : error.code.replace(/^provider_/, '');
  const provider = error.code.startsWith('provider_') || error.name === 'ProviderError' ? providerTitles[kind] : undefined;
  if (provider) return { title: provider.title, cause, fixes: provider.fixes };
  if (error.code.startsWith('agent_cli') || error.name === 'AgentCliError') return { title: 'The agent program stopped with an error.', cause, fixes: ['settings', 'model', 'retry'] };
  if (error.code === 'configuration' || error.name === 'ConfigurationError') return { title: 'Something is not set up yet.', cause, fixes: ['settings', 'model'] };
  if (error.code === 'setup_failed') return { title: "The project's setup script failed in the new worktree.", cause, fixes: ['retry'] };
  if (error.code === 'worktree_settings_invalid') return { title: "The project's worktree settings cannot be used.", cause, fixes: ['retry'] };
  if (error.code.startsWith('budget')) return { title: 'The run used up its budget.', cause, fixes: ['settings', 'retry'] };
  if (error.code.startsWith('git') || /merge|worktree|branch/i.test(error.code)) return { title: 'Git could not finish this step.', cause, fixes: ['retry'] };
  return { title: 'The step failed.', cause, fixes: ['retry', 'model'] };
}
