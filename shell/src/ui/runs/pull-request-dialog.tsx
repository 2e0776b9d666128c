import { Show, createSignal, onMount, type Component } from 'solid-js';
import '../styles/pull-requests.css';

export interface PullRequestRequest {
  title: string;
  /** Left out when the draft could not be loaded and nothing was typed: the host writes it. */
  body?: string;
  draft: boolean;
}

/**
 * "Open pull request…": the title and body Kanbots drafted (the card's title; its description,
 * the developer's summary and the last review's verdict), editable, and a draft on request. What
 * happens is said before it happens: the work is committed, the branch pushed with the user's own
 * git credentials, the pull request opened against the base branch.
 */
export const PullRequestDialog: Component<{
  /** The candidate's branch, named in the explanation. */
  branch: string | undefined;
  loadDraft: () => Promise<{ title: string; body: string } | undefined>;
  open: (request: PullRequestRequest) => void;
  cancel: () => void;
}> = (props) => {
  let dialog: HTMLDialogElement | undefined;
  let titleInput: HTMLInputElement | undefined;
  const [title, setTitle] = createSignal('');
  const [body, setBody] = createSignal('');
  const [draft, setDraft] = createSignal(false);
  const [loading, setLoading] = createSignal(true);
  const [edited, setEdited] = createSignal(false);
  const [bodyKnown, setBodyKnown] = createSignal(false);
  onMount(() => {
    dialog?.showModal?.();
    titleInput?.focus();
    void props.loadDraft().then((loaded) => {
      setLoading(false);
      // What the person typed meanwhile is theirs: the draft only fills what they have not touched.
      if (loaded === undefined || edited()) return;
      setTitle(loaded.title);
      setBody(loaded.body);
      setBodyKnown(true);
    });
  });
  const canOpen = () => title().trim().length > 0;
  return (
    <dialog
      ref={dialog}
      class="dialog pull-request-dialog"
      aria-labelledby="pull-request-dialog-title"
      data-testid="pull-request-dialog"
      onCancel={(event) => {
        event.preventDefault();
        props.cancel();
      }}
    >
      <form
        method="dialog"
        class="dialog-body"
        onSubmit={(event) => {
          event.preventDefault();
          if (canOpen()) props.open({ title: title().trim(), ...(bodyKnown() ? { body: body() } : {}), draft: draft() });
        }}
      >
        <h2 id="pull-request-dialog-title" class="dialog-title">
          Open a pull request
        </h2>
        <p class="dialog-text">
          Kanbots commits what is not committed yet, pushes <Show when={props.branch} fallback="the card's branch">{(branch) => <code class="mono">{branch()}</code>}</Show> with your
          own git credentials and opens a pull request into the base branch on GitHub. Nothing is merged here.
        </p>
        <label class="field">
          <span class="field-label">Title</span>
          <input
            ref={titleInput}
            class="text-input"
            name="pull-request-title"
            maxLength={200}
            required
            value={title()}
            onInput={(event) => {
              setEdited(true);
              setTitle(event.currentTarget.value);
            }}
          />
        </label>
        <label class="field">
          <span class="field-label">Description {loading() ? <span class="field-hint">(drafting…)</span> : null}</span>
          <textarea
            class="text-input mono pull-request-body"
            name="pull-request-body"
            rows={10}
            value={body()}
            onInput={(event) => {
              setEdited(true);
              setBodyKnown(true);
              setBody(event.currentTarget.value);
            }}
          />
        </label>
        <label class="checkbox">
          <input type="checkbox" name="pull-request-draft" checked={draft()} onChange={(event) => setDraft(event.currentTarget.checked)} /> Draft pull request (not ready for review yet)
        </label>
        <div class="dialog-actions">
          <button type="button" class="button" onClick={() => props.cancel()}>
            Cancel
          </button>
          <button type="submit" class="button button-primary" disabled={!canOpen()}>
            {draft() ? 'Open draft pull request' : 'Open pull request'}
          </button>
        </div>
      </form>
    </dialog>
  );
};
