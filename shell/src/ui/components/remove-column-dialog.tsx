import type { Column } from '@kanbots/core/model';
import { For, onMount, type Component } from 'solid-js';

/**
 * Asks where the cards of a column go before it is deleted (a column that still holds cards
 * cannot be removed without a destination).
 */
export const RemoveColumnDialog: Component<{
  column: Column;
  cardCount: number;
  destinations: readonly Column[];
  confirm: (moveCardsTo: string | undefined) => void;
  cancel: () => void;
}> = (props) => {
  let dialog: HTMLDialogElement | undefined;
  let select: HTMLSelectElement | undefined;
  onMount(() => dialog?.showModal?.());
  return (
    <dialog
      ref={dialog}
      class="dialog"
      aria-labelledby="remove-column-heading"
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
          props.confirm(props.cardCount > 0 ? select?.value : undefined);
        }}
      >
        <h2 id="remove-column-heading" class="dialog-title">
          Delete “{props.column.name}”?
        </h2>
        {props.cardCount > 0 ? (
          props.destinations.length > 0 ? (
            <label class="field">
              <span class="field-label">
                Its {props.cardCount} {props.cardCount === 1 ? 'card moves' : 'cards move'} to
              </span>
              <select ref={select} class="text-input" name="moveCardsTo">
                <For each={props.destinations}>{(column) => <option value={column.id}>{column.name}</option>}</For>
              </select>
            </label>
          ) : (
            <p class="dialog-text">This is the only column and it still holds cards. Add another column first.</p>
          )
        ) : (
          <p class="dialog-text">The column is empty.</p>
        )}
        <div class="dialog-actions">
          <button type="button" class="button" onClick={() => props.cancel()}>
            Cancel
          </button>
          <button type="submit" class="button button-danger" disabled={props.cardCount > 0 && props.destinations.length === 0}>
            Delete column
          </button>
        </div>
      </form>
    </dialog>
  );
};
