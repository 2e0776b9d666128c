import { GitHubNoTokenError, GitHubRateLimitedError, GitHubRequestError, GitHubTokenError, GitHubUnreachableError, PullRequestExistsError, PushError, toErrorData } from '@kanbots/core/internals';
import { checkOutcomeWords, settingsPatchSchema } from '@kanbots/core/protocol';
import { describe, expect, it } from 'vitest';
import { plainError } from '../../src/ui/runs/plain-error.js';
import { settingsPatchFromForm } from '../../src/ui/settings/settings-patch.js';

/**
 * What the person reads when opening a pull request fails: every error the core really throws
 * (built here from its own classes, so a renamed code shows up) gets a headline in plain words and
 * the fix that applies — Settings at the GitHub token or remote field, or Retry step.
 */
describe('pull request errors in plain words', () => {
  const cases: [Error, string, string[]][] = [
    [new GitHubNoTokenError('github.com'), 'Kanbots has no GitHub token.', ['github-token', 'retry']],
    [new GitHubTokenError('github.com', 'refused', [], undefined), 'GitHub refused the token.', ['github-token', 'retry']],
    [new GitHubTokenError('github.com', 'missing_scope', ['repo'], ['read:user']), 'The GitHub token may not open pull requests here.', ['github-token', 'retry']],
    [new GitHubRateLimitedError('github.com', Date.UTC(2026, 11, 2, 15, 4)), "GitHub's rate limit is used up for now.", ['retry']],
    [new GitHubUnreachableError('github.com', 'ECONNREFUSED'), 'GitHub could not be reached.', ['retry']],
    [new PullRequestExistsError('kanbots/card', 7), 'A pull request for this branch is already open.', ['retry']],
    [new GitHubRequestError('github.com', 422, 'open the pull request', 'Validation Failed'), 'GitHub did not accept the request.', ['retry']],
    [new PushError('no_remote', 'origin', "error: No such remote 'origin'"), 'The repository has no remote to push the branch to.', ['github-remote', 'retry']],
    [new PushError('non_fast_forward', 'kanbots/card', '! [rejected] (non-fast-forward)'), 'The push was rejected: the branch on the remote has moved on.', ['retry']],
    [new PushError('declined', 'kanbots/card', '! [remote rejected] (protected branch hook declined)'), 'The remote declined the push (a protected branch or a server hook).', ['retry']],
    [new PushError('auth', 'kanbots/card', 'Permission denied (publickey)'), 'The remote did not accept your git credentials.', ['retry']],
    [new PushError('unreachable', 'kanbots/card', 'Could not resolve host'), 'The remote could not be reached to push the branch.', ['retry']],
  ];
  it.each(cases)('%s', (error, title, fixes) => {
    const plain = plainError(toErrorData(error));
    expect(plain.title).toBe(title);
    expect(plain.fixes).toEqual(fixes);
    // The cause keeps what to do, in the core's own words.
    expect(plain.cause).toBe(error.message);
  });

  it('says when the rate limit resets', () => {
    expect(plainError(toErrorData(new GitHubRateLimitedError('github.com', Date.UTC(2026, 11, 2, 15, 4)))).cause).toContain('at 15:04 UTC');
  });

  it('reads check outcomes in words', () => {
    expect(checkOutcomeWords({ status: 'completed', conclusion: 'success' })).toBe('passed');
    expect(checkOutcomeWords({ status: 'completed', conclusion: 'failure' })).toBe('failed');
    expect(checkOutcomeWords({ status: 'completed', conclusion: 'timed_out' })).toBe('timed out');
    expect(checkOutcomeWords({ status: 'in_progress', conclusion: null })).toBe('running');
    expect(checkOutcomeWords({ status: 'queued', conclusion: null })).toBe('waiting to run');
  });
});

describe('Settings → GitHub in the settings form', () => {
  function form(fields: Record<string, string>): FormData {
    const data = new FormData();
    for (const [name, value] of Object.entries(fields)) data.set(name, value);
    return data;
  }

  it('sends the remote and the Enterprise API address, and an emptied address as null (github.com again)', () => {
    const patch = settingsPatchFromForm(form({ 'github.remote': ' upstream ', 'github.apiBaseUrl': 'https://github.example.com/api/v3' }));
    expect(patch.github).toEqual({ remote: 'upstream', apiBaseUrl: 'https://github.example.com/api/v3' });
    expect(settingsPatchSchema.safeParse(patch).success).toBe(true);
    const cleared = settingsPatchFromForm(form({ 'github.remote': '', 'github.apiBaseUrl': '' }));
    expect(cleared.github).toEqual({ apiBaseUrl: null });
    expect(settingsPatchSchema.safeParse(cleared).success).toBe(true);
  });

  it('a form without the GitHub fields leaves those settings alone', () => {
    expect(settingsPatchFromForm(form({})).github).toBeUndefined();
  });

  it('an address that is not a URL is refused by the settings schema (the host says so)', () => {
    expect(settingsPatchSchema.safeParse(settingsPatchFromForm(form({ 'github.remote': 'origin', 'github.apiBaseUrl': 'github.example.com' }))).success).toBe(false);
  });
});
