import { createSignal, type Component, type JSX } from 'solid-js';
import type { BoardSource } from '../state/board-store.js';
import type { ThemeChoice } from '../state/view-state.js';
import type { ConnectionState } from '../transport/host-connection.js';
import { ConnectionIndicator } from './connection-indicator.js';
import { InlineTextInput } from './inline-text-input.js';
import { ThemeToggle } from './theme-toggle.js';
import { countOf } from './plural.js';

export const BoardHeader: Component<{
  name: string;
  cardCount: number;
  /** How many cards the board's filter shows (absent when no filter is typed). */
  matching?: number | undefined;
  connection: ConnectionState;
  source: BoardSource;
  pending: number;
  theme: ThemeChoice;
  changeTheme: (theme: ThemeChoice) => void;
  rename: (name: string) => void;
  /** Extra header controls before the connection indicator (inbox, settings). */
  actions?: JSX.Element;
}> = (props) => {
  const [renaming, setRenaming] = createSignal(false);
  return (
    <header class="topbar">
      <div class="brand" aria-hidden="true">
        <svg viewBox="0 0 24 24" width="22" height="22">
          <rect x="2.5" y="3.5" width="5.5" height="17" rx="1.6" fill="currentColor" opacity="0.9" />
          <rect x="9.5" y="3.5" width="5.5" height="11" rx="1.6" fill="currentColor" opacity="0.6" />
          <rect x="16.5" y="3.5" width="5.5" height="7" rx="1.6" fill="currentColor" opacity="0.35" />
        </svg>
      </div>
      {renaming() ? (
        <InlineTextInput
          label="Board name"
          class="text-input board-name-input"
          initial={props.name}
          commit={(name) => {
            setRenaming(false);
            if (name !== props.name) props.rename(name);
          }}
          cancel={() => setRenaming(false)}
        />
      ) : (
        <h1 class="board-name">
          <button type="button" class="board-name-button" title="Rename board" onClick={() => setRenaming(true)}>
            {props.name}
          </button>
        </h1>
      )}
      <span class="board-count">{props.matching === undefined ? countOf(props.cardCount, 'card') : `${props.matching} of ${countOf(props.cardCount, 'card')}`}</span>
      <span class="spacer" />
      {props.actions}
      <ConnectionIndicator state={props.connection} source={props.source} pending={props.pending} />
      <ThemeToggle theme={props.theme} change={props.changeTheme} />
    </header>
  );
};
