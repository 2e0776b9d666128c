import { For, onMount, type Component } from 'solid-js';

/** Every keyboard shortcut of the board, in one place (`?`). */
export const SHORTCUTS: ReadonlyArray<{ keys: string; what: string }> = [
  { keys: '/', what: 'Filter cards (words, label:bug, status:failed, repo:name)' },
  { keys: 'n', what: 'New card in the first column' },
  { keys: 'i', what: 'Open “Needs you”' },
  { keys: 'j / k', what: 'Move through “Needs you”' },
  { keys: 'a / d', what: 'Approve / deny the selected request in “Needs you”' },
  { keys: 'Enter', what: 'Open the focused card' },
  { keys: 'Alt + ← →', what: 'Move the focused card to the next column' },
  { keys: 'Alt + ↑ ↓', what: 'Move the focused card within its column' },
  { keys: 'Ctrl/⌘ + Enter', what: 'Save the card being edited' },
  { keys: 'Esc', what: 'Close a panel, a dialog or the filter' },
  { keys: 'Ctrl/⌘ + K', what: 'Command palette: new card, open a card by title, filter, settings, theme, start a run…' },
  { keys: '?', what: 'Show this list' },
];

export const ShortcutSheet: Component<{ close: () => void }> = (props) => {
  let dialog: HTMLDialogElement | undefined;
  onMount(() => dialog?.showModal?.());
  return (
    <dialog
      ref={dialog}
      class="dialog shortcut-sheet"
      aria-labelledby="shortcuts-heading"
      onCancel={(event) => {
        event.preventDefault();
        props.close();
      }}
    >
      <div class="dialog-body">
        <h2 id="shortcuts-heading" class="dialog-title">
          Keyboard shortcuts
        </h2>
        <dl class="shortcut-list">
          <For each={SHORTCUTS}>
            {(shortcut) => (
              <>
                <dt>
                  <kbd>{shortcut.keys}</kbd>
                </dt>
                <dd>{shortcut.what}</dd>
              </>
            )}
          </For>
        </dl>
        <div class="dialog-actions">
          <button type="button" class="button button-primary" onClick={() => props.close()}>
            Close
          </button>
        </div>
      </div>
    </dialog>
  );
};
