import type { DiffFileView, GateView, RunView } from '@kanbots/core/protocol';
import { For, Show, createEffect, createSignal, on, type Component } from 'solid-js';
import { ConfirmDialog } from './confirm-dialog.js';
import { DiffView } from './diff-view.js';
import { countOf } from '../components/plural.js';
import { PullRequestDialog, type PullRequestRequest } from './pull-request-dialog.js';

export interface GateActions {
  diff: (candidateId: string | undefined) => Promise<DiffFileView[]>;
  merge: (candidateId: string | undefined) => void;
  discard: () => void;
  undoGitConfig: () => void;
  /** Commits, pushes the candidate's branch and opens its pull request with the dialog's title, body and draft choice. */
  openPullRequest?: (candidateId: string | undefined, request: PullRequestRequest) => void;
  /** The title and body the host drafts for it. */
  pullRequestDraft?: () => Promise<{ title: string; body: string } | undefined>;
}

const STATUS_LETTERS: Record<DiffFileView['status'], string> = { added: 'A', modified: 'M', deleted: 'D', renamed: 'R' };

function preselected(gate: GateView): string | undefined {
  return (gate.candidates.find((candidate) => candidate.recommended) ?? gate.candidates[0])?.id;
}

/** The human gate: why it stopped, the candidates (best-of-N), the diff per file, merge or discard. */
export const GateReview: Component<{ run: RunView; gate: GateView; actions: GateActions }> = (props) => {
  const [candidateId, setCandidateId] = createSignal(preselected(props.gate));
  const [files, setFiles] = createSignal<DiffFileView[] | undefined>();
  const [openPath, setOpenPath] = createSignal<string | undefined>();
  const [confirmingDiscard, setConfirmingDiscard] = createSignal(false);
  const [openingPullRequest, setOpeningPullRequest] = createSignal(false);
  // A third way out at a gate that is waiting (not after a failure, not while its pull request is open).
  const canOpenPullRequest = (): boolean => props.actions.openPullRequest !== undefined && props.run.status === 'needs_you' && props.run.pullRequest?.state !== 'open';
  const chosen = (): string | undefined => (props.gate.candidates.length > 1 ? candidateId() : undefined);

  createEffect(
    on(candidateId, async () => {
      setFiles(undefined);
      const loaded = await props.actions.diff(chosen());
      setFiles(loaded);
      setOpenPath(loaded[0]?.path);
    }),
  );

  return (
    <section class="gate" aria-labelledby={`gate-${props.run.id}`}>
      <h3 id={`gate-${props.run.id}`} class="section-title">
        {props.run.status === 'failed' ? 'What you can still merge' : 'Your review'} {props.gate.escalated ? <span class="badge badge-warning">escalated</span> : null}
      </h3>
      <p class="gate-reason">
        {props.run.status === 'failed' ? `Before the follow-up failed: ${props.gate.reason} Merge or discard the changes as they are now, or retry the follow-up.` : props.gate.reason}
      </p>
      <Show when={props.gate.candidates.length > 1}>
        <fieldset class="field-group candidates">
          <legend class="field-label">Candidates</legend>
          <For each={props.gate.candidates}>
            {(candidate) => (
              <label class="candidate" classList={{ 'candidate-selected': candidateId() === candidate.id }}>
                <input type="radio" name={`candidate-${props.run.id}`} value={candidate.id} checked={candidateId() === candidate.id} onChange={() => setCandidateId(candidate.id)} />
                <span class="candidate-label">{candidate.label}</span>
                {candidate.recommended ? <span class="badge badge-accent">judge's pick</span> : null}
                {candidate.stats ? (
                  <span class="diff-stats">
                    {countOf(candidate.stats.files, 'file')} <span class="diff-plus">+{candidate.stats.additions}</span> <span class="diff-minus">−{candidate.stats.deletions}</span>
                  </span>
                ) : null}
                {candidate.reason ? <span class="candidate-reason">{candidate.reason}</span> : null}
              </label>
            )}
          </For>
        </fieldset>
      </Show>
      <Show when={props.gate.conflict}>
        {(conflict) => (
          <div class="run-error" role="alert" data-testid="merge-conflict">
            <strong>The merge conflicted.</strong> The base branch was left as it was. Conflicting files:
            <ul class="conflict-files">
              <For each={conflict().files}>{(file) => <li class="mono">{file}</li>}</For>
            </ul>
            Resolve them on the run's branch, or send a follow-up asking the agents to rebase.
          </div>
        )}
      </Show>
      <Show when={props.gate.gitConfig}>
        {(finding) => (
          <div class="run-error" role="alert" data-testid="git-config-changed">
            <strong>The agent changed your git configuration.</strong> Your own git commands in this repository would run what it set up; Kanbots' git does not.
            <ul class="conflict-files git-config-changes">
              <For each={finding().changes}>{(change) => <li class="mono">{change.description}</li>}</For>
            </ul>
            <div class="panel-actions">
              <button type="button" class="button" onClick={() => props.actions.undoGitConfig()}>
                Undo these changes
              </button>
            </div>
          </div>
        )}
      </Show>
      <Show when={files()} fallback={<p class="field-hint">Loading the changes…</p>}>
        {(list) => (
          <div class="gate-files">
            <Show when={list().length > 0} fallback={<p class="field-hint">No changes.</p>}>
              <ul class="file-list" aria-label="Changed files">
                <For each={list()}>
                  {(file) => (
                    <li>
                      <button type="button" class="file-button" aria-pressed={openPath() === file.path} onClick={() => setOpenPath(openPath() === file.path ? undefined : file.path)}>
                        <span class={`file-status file-status-${file.status}`} title={file.status}>
                          {STATUS_LETTERS[file.status]}
                        </span>
                        <span class="mono file-path">{file.previousPath ? `${file.previousPath} → ${file.path}` : file.path}</span>
                        <span class="diff-stats">
                          <span class="diff-plus">+{file.additions}</span> <span class="diff-minus">−{file.deletions}</span>
                        </span>
                      </button>
                      <Show when={openPath() === file.path}>
                        {file.binary ? <p class="field-hint">Binary file.</p> : <DiffView patch={file.patch} path={file.path} />}
                      </Show>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </div>
        )}
      </Show>
      <div class="panel-actions">
        <button type="button" class="button button-primary" onClick={() => props.actions.merge(chosen())}>
          Merge
        </button>
        <Show when={canOpenPullRequest()}>
          <button type="button" class="button" onClick={() => setOpeningPullRequest(true)}>
            Open pull request…
          </button>
        </Show>
        <span class="spacer" />
        <button type="button" class="button button-danger-ghost" onClick={() => setConfirmingDiscard(true)}>
          Discard…
        </button>
      </div>
      <Show when={openingPullRequest()}>
        <PullRequestDialog
          branch={props.gate.candidates.find((candidate) => candidate.id === (chosen() ?? preselected(props.gate)))?.branch}
          loadDraft={() => props.actions.pullRequestDraft?.() ?? Promise.resolve(undefined)}
          open={(request) => {
            setOpeningPullRequest(false);
            props.actions.openPullRequest?.(chosen(), request);
          }}
          cancel={() => setOpeningPullRequest(false)}
        />
      </Show>
      <Show when={confirmingDiscard()}>
        <ConfirmDialog
          title="Discard this work?"
          confirmLabel="Discard"
          cancelLabel="Keep"
          danger
          confirm={() => {
            setConfirmingDiscard(false);
            props.actions.discard();
          }}
          cancel={() => setConfirmingDiscard(false)}
        >
          Nothing is merged. The work is committed and kept on its branch, so you can still find it later.
        </ConfirmDialog>
      </Show>
    </section>
  );
};
