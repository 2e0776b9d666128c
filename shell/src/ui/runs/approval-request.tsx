import { toolRequestWords, type PendingApproval } from '@kanbots/core/protocol';
import { Show, createSignal, type Component } from 'solid-js';
import { summariseInput } from '../inbox/needs-you.js';
import { limits } from '@kanbots/core/model';

/**
 * A tool call waiting for the human, in words ("Developer wants to run `npm test`"): approve, or
 * deny with an optional reason the agent is told. The tool's name and full input are under Details.
 */
export const ApprovalRequest: Component<{
  approval: PendingApproval;
  /** The asking agent's role, when the run knows it (a pipeline's `step-2` reads as "Tester"). */
  role?: string | undefined;
  approve: () => void;
  deny: (reason: string | undefined) => void;
}> = (props) => {
  const [denying, setDenying] = createSignal(false);
  let reasonInput: HTMLInputElement | undefined;
  const words = () => toolRequestWords(props.approval.agentId, props.approval.tool, props.approval.input, props.role);
  return (
    <div class="approval" role="group" aria-label={`${words().who} ${words().wants}${words().subject === undefined ? '' : ` ${summariseInput(words().subject, 120)}`}`} data-call-id={props.approval.callId}>
      <p class="approval-text">
        <strong>{words().who}</strong> {words().wants}
        <Show when={words().subject}>{(subject) => <> <code class="mono approval-subject">{summariseInput(subject(), 600)}</code></>}</Show>
      </p>
      <details class="approval-details">
        <summary>Details</summary>
        <p class="field-hint">
          Tool <span class="mono">{props.approval.tool}</span>, asked by <span class="mono">{props.approval.agentId}</span>
        </p>
        <pre class="code-block">{JSON.stringify(props.approval.input, null, 2)}</pre>
      </details>
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
