import { onMount, type Component, type JSX } from 'solid-js';

/** A modal yes/no question (native <dialog>; Escape or "Keep" cancels). */
export const ConfirmDialog: Component<{
  title: string;
  children: JSX.Element;
  confirmLabel: string;
  cancelLabel?: string;
  danger?: boolean;
  confirm: () => void;
  cancel: () => void;
}> = (props) => {
  let dialog: HTMLDialogElement | undefined;
  const headingId = `confirm-${Math.random().toString(36).slice(2)}`;
  onMount(() => dialog?.showModal?.());
  return (
    <dialog
      ref={dialog}
      class="dialog"
      role="alertdialog"
      aria-labelledby={headingId}
      data-testid="confirm-dialog"
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
          props.confirm();
        }}
      >
        <h2 id={headingId} class="dialog-title">
          {props.title}
        </h2>
        <div class="dialog-text">{props.children}</div>
        <div class="dialog-actions">
          <button type="button" class="button" onClick={() => props.cancel()}>
            {props.cancelLabel ?? 'Keep going'}
          </button>
          <button type="submit" class={props.danger ? 'button button-danger' : 'button button-primary'}>
            {props.confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
};
