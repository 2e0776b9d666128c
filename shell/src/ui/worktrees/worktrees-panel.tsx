import type { WorktreeView } from '@kanbots/core/protocol';
import { For, Show, createSignal, onMount, type Component } from 'solid-js';

/** "12.3 MB", "840 KB", "—" when unknown. */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return '—';
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

const STATE_WORDS: Record<WorktreeView['state'], string> = {
  creating: 'being created',
  active: 'ready',
  missing: 'folder missing',
  removing: 'being removed',
  removed: 'removed',
};

const RUN_WORDS: Record<string, string> = {
  queued: 'run queued',
  running: 'run working',
  paused: 'run paused',
  needs_you: 'run needs you',
  interrupted: 'run interrupted',
  failed: 'run stopped',
  merged: 'merged',
  discarded: 'discarded',
  cancelled: 'run cancelled',
};

export interface WorktreesPanelProps {
  worktrees: readonly WorktreeView[];
  totalBytes: number;
  problem: string | undefined;
  remove: (id: string) => Promise<{ branch: string } | undefined>;
  close: () => void;
}

/**
 * Every worktree Kanbots made, with its card, state and size on disk, and the total. Removing one
 * is asked once and never loses work: uncommitted files are committed to its branch first and the
 * branch stays; a worktree a run still uses cannot be removed here.
 */
export const WorktreesPanel: Component<WorktreesPanelProps> = (props) => {
  const [confirming, setConfirming] = createSignal<string | null>(null);
  const [kept, setKept] = createSignal<string | undefined>(undefined);
  let heading: HTMLHeadingElement | undefined;
  onMount(() => heading?.focus());
  return (
    <section
      class="inbox worktrees-panel"
      aria-labelledby="worktrees-heading"
      data-testid="worktrees-panel"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          props.close();
        }
      }}
    >
      <header class="inbox-header">
        <h2 id="worktrees-heading" class="panel-title" tabIndex={-1} ref={heading}>
          Worktrees
        </h2>
        <span class="worktrees-total" data-testid="worktrees-total">
          {props.worktrees.length} · {formatBytes(props.totalBytes)} on disk
        </span>
        <span class="spacer" />
        <button type="button" class="icon-button" aria-label="Close worktrees" onClick={() => props.close()}>
          ×
        </button>
      </header>
      <Show when={props.problem}>{(problem) => <p class="run-error-cause" role="alert">{problem()}</p>}</Show>
      <Show when={kept()}>{(branch) => <p class="inbox-empty" role="status">Removed. The work stays on branch <code>{branch()}</code>.</p>}</Show>
      <Show when={props.worktrees.length > 0} fallback={<p class="inbox-empty">No worktrees. Each run makes its own and removes it when it is merged or discarded.</p>}>
        <ul class="inbox-list" aria-label="Worktrees">
          <For each={props.worktrees}>
            {(worktree) => (
              <li class="inbox-item worktree-item" data-worktree-id={worktree.id}>
                <span class="inbox-card">{worktree.cardTitle ?? 'A card that no longer exists'}</span>
                {/* A long branch name is cut with an ellipsis (whole in its title); the size always shows. */}
                <span class="inbox-what worktree-what">
                  <code class="worktree-branch" title={worktree.branch}>
                    {worktree.branch}
                  </code>
                  <span class="worktree-facts">
                    {` from ${worktree.baseBranch} · ${STATE_WORDS[worktree.state]}`}
                    {worktree.runStatus === undefined ? ' · no run' : ` · ${RUN_WORDS[worktree.runStatus] ?? worktree.runStatus}`}
                  </span>
                  <span class="worktree-size">{` · ${formatBytes(worktree.diskBytes)}`}</span>
                </span>
                <span class="inbox-actions">
                  {worktree.inUse ? (
                    <span class="worktree-in-use">in use by its run</span>
                  ) : confirming() === worktree.id ? (
                    <>
                      <button type="button" class="button button-small" onClick={() => setConfirming(null)}>
                        Keep
                      </button>
                      <button
                        type="button"
                        class="button button-small button-danger"
                        onClick={async () => {
                          setConfirming(null);
                          const result = await props.remove(worktree.id);
                          if (result !== undefined) setKept(result.branch);
                        }}
                      >
                        Commit its work and remove
                      </button>
                    </>
                  ) : (
                    <button type="button" class="button button-small" onClick={() => setConfirming(worktree.id)}>
                      Remove…
                    </button>
                  )}
                </span>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
};
