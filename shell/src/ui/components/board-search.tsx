import type { Component } from 'solid-js';

/**
 * The board's search field. `/` anywhere outside a text field focuses it (the container wires
 * that); Escape clears it and gives the board back the focus.
 */
export const BoardSearch: Component<{ text: string; change: (text: string) => void; ref?: (element: HTMLInputElement) => void }> = (props) => (
  <div class="board-search" role="search">
    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" class="board-search-icon">
      <circle cx="7" cy="7" r="4.5" fill="none" stroke="currentColor" stroke-width="1.4" />
      <path d="m10.5 10.5 3 3" stroke="currentColor" stroke-width="1.4" stroke-linecap="round" />
    </svg>
    <input
      ref={(element) => props.ref?.(element)}
      type="search"
      class="text-input board-search-input"
      aria-label="Filter cards"
      placeholder="Filter cards  /"
      title="Words, label:bug, status:failed, project:name"
      value={props.text}
      onInput={(event) => props.change(event.currentTarget.value)}
      onKeyDown={(event) => {
        event.stopPropagation();
        if (event.key === 'Escape') {
          event.preventDefault();
          props.change('');
          event.currentTarget.value = '';
          event.currentTarget.blur();
        }
      }}
    />
  </div>
);
