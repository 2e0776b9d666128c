import { checkOutcomeWords, isFailedCheck, type PullRequestView } from '@kanbots/core/protocol';
import { For, Show, type Component, type JSX } from 'solid-js';
import { countOf } from '../components/plural.js';
import '../styles/pull-requests.css';

/** "open", "draft", "merged", "closed": how the pull request's state reads. */
export function pullRequestStateWords(pullRequest: Pick<PullRequestView, 'state' | 'draft'>): string {
  return pullRequest.state === 'open' && pullRequest.draft ? 'draft' : pullRequest.state;
}

/** What "Send to the developer" would send: the failed checks and review comments not sent yet. */
export function unsentOf(pullRequest: PullRequestView): { checks: number; comments: number } {
  return {
    checks: pullRequest.checks.filter((check) => isFailedCheck(check) && !check.sent).length,
    comments: pullRequest.comments.filter((comment) => !comment.sent).length,
  };
}

/** An address on GitHub: a plain link in a browser tab; in the desktop window, handed to the system's browser. */
export const ExternalLink: Component<{ href: string; class?: string; openLink?: ((url: string) => void) | undefined; children: JSX.Element; title?: string }> = (props) => (
  <a
    class={props.class}
    href={props.href}
    target="_blank"
    rel="noopener noreferrer"
    title={props.title}
    onClick={(event) => {
      if (!props.openLink) return;
      event.preventDefault();
      props.openLink(props.href);
    }}
  >
    {props.children}
  </a>
);

/**
 * The run's pull request as last read from GitHub: number, state and link; its head commit's checks;
 * its review comments (file and line, author, text); and "Send to the developer" for the failed
 * checks and comments not sent yet — the developer's next commits go to the same pull request.
 */
export const PullRequestPanel: Component<{
  pullRequest: PullRequestView;
  /** Whether the run can take a follow-up now (the pull request is being followed). */
  canSend: boolean;
  send: () => void;
  openLink?: ((url: string) => void) | undefined;
}> = (props) => {
  const unsent = () => unsentOf(props.pullRequest);
  const toSend = () => unsent().checks + unsent().comments;
  const sendLabel = () =>
    [unsent().checks > 0 ? countOf(unsent().checks, 'failed check') : '', unsent().comments > 0 ? countOf(unsent().comments, 'review comment') : ''].filter((part) => part.length > 0).join(' and ');
  return (
    <section class="pull-request" aria-labelledby="pull-request-heading" data-testid="pull-request-panel" data-state={pullRequestStateWords(props.pullRequest)}>
      <header class="pull-request-header">
        <h3 id="pull-request-heading" class="section-title">
          <ExternalLink href={props.pullRequest.url} openLink={props.openLink} class="pull-request-link" title="Open on GitHub">
            Pull request #{props.pullRequest.number}
          </ExternalLink>
        </h3>
        <span class={`badge pull-request-state pull-request-state-${pullRequestStateWords(props.pullRequest)}`} data-testid="pull-request-state">
          {pullRequestStateWords(props.pullRequest)}
        </span>
        <span class="spacer" />
        <span class="pull-request-branches mono" title={`${props.pullRequest.branch} into ${props.pullRequest.baseBranch}`}>
          {props.pullRequest.branch} → {props.pullRequest.baseBranch}
        </span>
      </header>
      <p class="pull-request-title">{props.pullRequest.title}</p>
      <Show when={props.pullRequest.problem}>
        {(problem) => (
          <p class="notice-warning" role="status" data-testid="pull-request-problem">
            <strong>Could not read it from GitHub just now.</strong> {problem()} Kanbots tries again by itself.
          </p>
        )}
      </Show>
      <div class="pull-request-part">
        <h4 class="field-label">Checks</h4>
        <Show when={props.pullRequest.checks.length > 0} fallback={<p class="field-hint">{props.pullRequest.state === 'open' ? 'No checks on the latest commit yet.' : 'No checks.'}</p>}>
          <ul class="pull-request-checks" aria-label="Checks">
            <For each={props.pullRequest.checks}>
              {(check) => (
                <li class="pull-request-check" data-outcome={isFailedCheck(check) ? 'failed' : check.status === 'completed' ? 'done' : 'running'}>
                  <span class="check-dot" aria-hidden="true" />
                  <span class="check-name">{check.name}</span>
                  <span class="check-outcome">{checkOutcomeWords(check)}</span>
                  <Show when={check.sent}>
                    <span class="badge badge-accent">sent to the developer</span>
                  </Show>
                  <span class="spacer" />
                  <Show when={check.url}>
                    {(url) => (
                      <ExternalLink href={url()} openLink={props.openLink} class="check-details">
                        Details
                      </ExternalLink>
                    )}
                  </Show>
                  <Show when={isFailedCheck(check) && check.report.trim().length > 0}>
                    <pre class="check-report mono">{check.report.trim()}</pre>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </div>
      <div class="pull-request-part">
        <h4 class="field-label">Review comments</h4>
        <Show when={props.pullRequest.comments.length > 0} fallback={<p class="field-hint">No review comments.</p>}>
          <ul class="pull-request-comments" aria-label="Review comments">
            <For each={props.pullRequest.comments}>
              {(comment) => (
                <li class="pull-request-comment">
                  <div class="comment-meta">
                    <ExternalLink href={comment.url} openLink={props.openLink} class="mono comment-place">
                      {comment.line === undefined ? comment.path : `${comment.path}:${comment.line}`}
                    </ExternalLink>
                    <span class="comment-author">{comment.author}</span>
                    <Show when={comment.sent}>
                      <span class="badge badge-accent">sent to the developer</span>
                    </Show>
                  </div>
                  <p class="comment-body">{comment.body}</p>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </div>
      <Show when={props.pullRequest.state === 'open' && toSend() > 0}>
        <div class="panel-actions pull-request-actions">
          <span class="field-hint">The developer gets {sendLabel()} as findings; its next commits go to this pull request.</span>
          <span class="spacer" />
          <button type="button" class="button button-primary" disabled={!props.canSend} onClick={() => props.send()}>
            Send to the developer
          </button>
        </div>
      </Show>
      <Show when={props.pullRequest.state === 'merged'}>
        <p class="field-hint">Merged on GitHub. The card is done; its branch is kept.</p>
      </Show>
      <Show when={props.pullRequest.state === 'closed'}>
        <p class="field-hint">Closed on GitHub without a merge. The work is back at your review.</p>
      </Show>
    </section>
  );
};

/** The tile's badge: "#12 open". */
export const PullRequestBadge: Component<{ pullRequest: PullRequestView }> = (props) => (
  <span class={`badge pull-request-badge pull-request-state-${pullRequestStateWords(props.pullRequest)}`} data-testid="pull-request-badge" title={`Pull request #${props.pullRequest.number} (${pullRequestStateWords(props.pullRequest)}): ${props.pullRequest.title}`}>
    <svg viewBox="0 0 16 16" width="11" height="11" aria-hidden="true">
      <path d="M4.5 3.5a1.5 1.5 0 1 1-3 0 1.5 1.5 0 0 1 3 0Zm0 9a1.5 1.5 0 1 1-3 0 1.5 1.5 0 0 1 3 0Zm10 0a1.5 1.5 0 1 1-3 0 1.5 1.5 0 0 1 3 0ZM3 5v6M13 11V6.5c0-1.1-.9-2-2-2H8m1.5-2L8 4.5l1.5 2" fill="none" stroke="currentColor" stroke-width="1.3" />
    </svg>
    #{props.pullRequest.number} {pullRequestStateWords(props.pullRequest)}
  </span>
);
