import type { ErrorData, SettingsTarget } from '@kanbots/core/protocol';

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
  /** Where "Open settings" goes: the field that fixes it (the provider's key, its base URL, an agent CLI). */
  settingsTarget?: SettingsTarget;
  /** The "Open settings" button's words when it goes to one field ("Open Settings at the Anthropic key"). */
  settingsLabel?: string;
  /** Why the retries stopped, when they did ("Kanbots stopped retrying after 6 attempts in 1 min 32 s."). */
  retriesStopped?: string;
}

const PROVIDER_NAMES: Record<string, string> = { anthropic: 'Anthropic', openai: 'OpenAI', compatible: 'OpenAI-compatible server' };

function providerOf(error: ErrorData): string | undefined {
  const provider = error.details?.['provider'];
  return typeof provider === 'string' && provider in PROVIDER_NAMES ? provider : undefined;
}

/** "1 min 32 s", "48 s", "under a second". */
export function spokenDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 1) return 'under a second';
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}

/** The agent's record of giving up (`details.retries`): attempts, time and who stopped. */
function retriesStopped(error: ErrorData): string | undefined {
  const retries = error.details?.['retries'];
  if (typeof retries !== 'object' || retries === null) return undefined;
  const { attempts, elapsedMs, stoppedBy } = retries as { attempts?: unknown; elapsedMs?: unknown; stoppedBy?: unknown };
  if (typeof attempts !== 'number' || typeof elapsedMs !== 'number') return undefined;
  const tries = `${attempts} ${attempts === 1 ? 'attempt' : 'attempts'} in ${spokenDuration(elapsedMs)}`;
  if (stoppedBy === 'person') return `You stopped the retries after ${tries}.`;
  if (stoppedBy === 'time') return `Kanbots stopped retrying after ${tries}: the problem lasted longer than it waits.`;
  return `Kanbots stopped retrying after ${tries}.`;
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
  const isProvider = error.code.startsWith('provider_') || error.name === 'ProviderError';
  const provider = isProvider ? providerTitles[kind] : undefined;
  if (provider) {
    const plain: PlainError = { title: provider.title, cause, fixes: provider.fixes };
    const stopped = retriesStopped(error);
    if (stopped !== undefined) plain.retriesStopped = stopped;
    const name = providerOf(error);
    if (name !== undefined && kind === 'auth') {
      // A refused key (401, 403): say whose, and open Settings at that key.
      const label = PROVIDER_NAMES[name]!;
      plain.title = `The ${label} key was refused — open Settings to change it.`;
      plain.fixes = ['settings', 'model'];
      plain.settingsTarget = `providers.${name}.apiKey`;
      plain.settingsLabel = `Open Settings at the ${label} key`;
    } else if (kind === 'auth' && (error.details?.['provider'] === 'claude-code' || error.details?.['provider'] === 'codex')) {
      const cli = error.details['provider'] as 'claude-code' | 'codex';
      plain.title = `${cli === 'codex' ? 'Codex' : 'Claude Code'} was refused by its provider — check its login.`;
      plain.fixes = ['settings', 'model'];
      plain.settingsTarget = `agents.${cli}`;
      plain.settingsLabel = 'Open Settings at the agent programs';
    } else if (name !== undefined && kind === 'network') {
      plain.settingsTarget = `providers.${name}.baseURL`;
      plain.settingsLabel = `Check the ${PROVIDER_NAMES[name]!} address in Settings`;
    }
    return plain;
  }
  if (error.code === 'agent_cli_auth' || /not logged in|please run \/login|login required/i.test(error.message)) {
    const cli = error.details?.['cli'] === 'codex' || (error.details?.['cli'] === undefined && /codex/i.test(error.message)) ? 'codex' : 'claude-code';
    return {
      title: `${cli === 'codex' ? 'Codex' : 'Claude Code'} is not logged in on this computer.`,
      cause,
      fixes: ['settings', 'model'],
      settingsTarget: `agents.${cli}`,
      settingsLabel: 'Open Settings at the agent programs',
    };
  }
  if (error.code.startsWith('agent_cli') || error.name === 'AgentCliError') return { title: 'The agent program stopped with an error.', cause, fixes: ['settings', 'model', 'retry'] };
  if (error.code === 'configuration' || error.name === 'ConfigurationError') return { title: 'Something is not set up yet.', cause, fixes: ['settings', 'model'] };
  if (error.code === 'setup_failed') return { title: "The project's setup script failed in the new worktree.", cause, fixes: ['retry'] };
  if (error.code === 'worktree_settings_invalid') return { title: "The project's worktree settings cannot be used.", cause, fixes: ['retry'] };
  if (error.code.startsWith('budget')) return { title: 'The run used up its budget.', cause, fixes: ['settings', 'retry'] };
  if (error.code.startsWith('git') || /merge|worktree|branch/i.test(error.code)) return { title: 'Git could not finish this step.', cause, fixes: ['retry'] };
  return { title: 'The step failed.', cause, fixes: ['retry', 'model'] };
}
