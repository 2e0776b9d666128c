import type { PendingApproval } from '@kanbots/core/protocol';
import { Show, createSignal, type Component } from 'solid-js';
import { summariseInput } from '../inbox/needs-you.js';
import { limits } from '@kanbots/core/model';

/** A tool call waiting for the human: approve, or deny with an optional reason the agent is told. */
export const ApprovalRequest: Component<{
  approval: PendingApproval;
  agentLabel: string;
  approve: () => void;
  deny: (reason: string | undefined) => void;
}> = (props) => {
  const [denying, setDenying] = createSignal(false);
  let reasonInput: HTMLInputElement | undefined;
  return (
    <div class="approval" role="group" aria-label={`${props.agentLabel} asks to run ${props.approval.tool}`} data-call-id={props.approval.callId}>
      <p class="approval-text">
        <strong>{props.agentLabel}</strong> asks to run <span class="mono">{props.approval.tool}</span>
      </p>
      <pre class="code-block">{summariseInput(props.approval.input, 600)}</pre>
      <Show
        when={denying()}
        fallback={
          <div class="panel-actions">
            <button type="button" class="button button-primary" onClick={() => props.approve()}>
              Approve
            </button>
            <button
              type="button"
              class="button"
              onClick={() => {
                setDenying(true);
                queueMicrotask(() => reasonInput?.focus());
              }}
            >
              Deny…
            </button>
          </div>
        }
      >
        <form
          class="approval-deny"
          onSubmit={(event) => {
            event.preventDefault();
            const reason = reasonInput?.value.trim();
            props.deny(reason ? reason : undefined);
            setDenying(false);
          }}
        >
          <label class="field">
            <span class="field-label field-label-small">Reason (optional, told to the agent)</span>
            <input ref={reasonInput} class="text-input" name="reason" maxLength={limits.reasonLength} />
          </label>
          <div class="panel-actions">
            <button type="submit" class="button button-danger">
              Deny
            </button>
            <button type="button" class="button" onClick={() => setDenying(false)}>
              Back
            </button>
          </div>
        </form>
      </Show>
    </div>
  );
};
