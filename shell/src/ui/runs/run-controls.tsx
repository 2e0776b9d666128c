import type { RunView } from '@kanbots/core/protocol';
import { Show, createSignal, type Component } from 'solid-js';
import { ConfirmDialog } from './confirm-dialog.js';
import { canPause, canResume, isActive } from './run-status.js';
import { limits } from '@kanbots/core/model';

export interface RunControlActions {
  pause: () => void;
  resume: () => void;
  cancel: () => void;
  retry: () => void;
  followUp: (text: string) => void;
}

/** Pause, resume, cancel (confirmed), retry a failed step, and a follow-up instruction. */
export const RunControls: Component<{ run: RunView; actions: RunControlActions }> = (props) => {
  const [confirmingCancel, setConfirmingCancel] = createSignal(false);
  let followUpInput: HTMLTextAreaElement | undefined;
  const sendFollowUp = (): void => {
    const text = followUpInput?.value.trim();
    if (!text) return;
    props.actions.followUp(text);
    if (followUpInput) followUpInput.value = '';
  };
  return (
    <Show when={isActive(props.run)}>
      <div class="run-controls" role="toolbar" aria-label="Run controls">
        <Show when={props.run.status === 'failed'}>
          <button type="button" class="button button-primary" onClick={() => props.actions.retry()}>
            Retry step
          </button>
        </Show>
        <Show when={canResume(props.run)}>
          <button type="button" class="button button-primary" onClick={() => props.actions.resume()}>
            Resume
          </button>
        </Show>
        <Show when={canPause(props.run)}>
          <button type="button" class="button" onClick={() => props.actions.pause()}>
            Pause
          </button>
        </Show>
        <span class="spacer" />
        <button type="button" class="button button-danger-ghost" onClick={() => setConfirmingCancel(true)}>
          Cancel run
        </button>
      </div>
      <form
        class="follow-up"
        onSubmit={(event) => {
          event.preventDefault();
          sendFollowUp();
        }}
      >
        <label class="field field-grow">
          <span class="field-label field-label-small">Follow-up instruction</span>
          <textarea
            ref={followUpInput}
            class="text-input"
            name="followUp"
            rows={2}
            maxLength={limits.instructionLength}
            placeholder="Tell the agents something… (Ctrl+Enter sends)"
            onKeyDown={(event) => {
              if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
                event.preventDefault();
                event.stopPropagation();
                sendFollowUp();
              }
            }}
          />
        </label>
        <button type="submit" class="button">
          Send
        </button>
      </form>
      <Show when={confirmingCancel()}>
        <ConfirmDialog
          title="Cancel this run?"
          confirmLabel="Cancel run"
          danger
          confirm={() => {
            setConfirmingCancel(false);
            props.actions.cancel();
          }}
          cancel={() => setConfirmingCancel(false)}
        >
          The agents stop. Work done so far stays on the run's branch.
        </ConfirmDialog>
      </Show>
    </Show>
  );
};
