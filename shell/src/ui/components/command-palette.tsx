import { For, Show, createMemo, createSignal, onMount, type Component } from 'solid-js';
import { matchCommands, type PaletteCommand } from './palette-commands.js';

/**
 * Ctrl/⌘+K: type a few words, pick with ↑ ↓ and Enter (or a click); Escape closes. The list is
 * what `paletteCommands` built when it opened; a command closes the palette before it runs.
 */
export const CommandPalette: Component<{ commands: readonly PaletteCommand[]; close: () => void }> = (props) => {
  let dialog: HTMLDialogElement | undefined;
  let input: HTMLInputElement | undefined;
  const [query, setQuery] = createSignal('');
  const [selected, setSelected] = createSignal(0);
  const matches = createMemo(() => matchCommands(props.commands, query()));
  onMount(() => {
    dialog?.showModal?.();
    input?.focus();
  });
  const run = (command: PaletteCommand | undefined): void => {
    if (command === undefined) return;
    props.close();
    queueMicrotask(() => command.run());
  };
  const move = (by: number): void => {
    const count = matches().length;
    if (count === 0) return;
    setSelected((index) => (index + by + count) % count);
    document.getElementById(`palette-item-${selected()}`)?.scrollIntoView({ block: 'nearest' });
  };
  return (
    <dialog
      ref={dialog}
      class="dialog command-palette"
      aria-label="Command palette"
      onCancel={(event) => {
        event.preventDefault();
        props.close();
      }}
      onClick={(event) => {
        if (event.target === dialog) props.close();
      }}
    >
      <div class="dialog-body palette-body">
        <input
          ref={input}
          class="text-input palette-input"
          type="text"
          role="combobox"
          aria-expanded="true"
          aria-controls="palette-list"
          aria-activedescendant={matches().length > 0 ? `palette-item-${selected()}` : undefined}
          aria-label="Type a command or a card title"
          placeholder="Type a command or a card title…"
          value={query()}
          onInput={(event) => {
            setQuery(event.currentTarget.value);
            setSelected(0);
          }}
          onKeyDown={(event) => {
            if (event.key === 'ArrowDown') move(1);
            else if (event.key === 'ArrowUp') move(-1);
            else if (event.key === 'Enter') run(matches()[selected()]);
            else return;
            event.preventDefault();
          }}
        />
        <Show when={matches().length > 0} fallback={<p class="field-hint palette-empty">Nothing matches “{query().trim()}”.</p>}>
          <ul id="palette-list" class="palette-list" role="listbox" aria-label="Commands">
            <For each={matches()}>
              {(command, index) => (
                <li
                  id={`palette-item-${index()}`}
                  class="palette-item"
                  role="option"
                  aria-selected={selected() === index()}
                  data-command={command.id}
                  onMouseMove={() => setSelected(index())}
                  onClick={() => run(command)}
                >
                  <span class="palette-label">{command.label}</span>
                  <Show when={command.hint}>{(hint) => <span class="palette-hint">{hint()}</span>}</Show>
                </li>
              )}
            </For>
          </ul>
        </Show>
        <p class="field-hint palette-keys">↑ ↓ to choose · Enter to run · Esc to close</p>
      </div>
    </dialog>
  );
};
