import type { Component } from 'solid-js';

/** The header's "Needs you" button with its count badge. */
export const InboxButton: Component<{ count: number; open: boolean; toggle: () => void }> = (props) => (
  <button
    type="button"
    class="button button-ghost inbox-button"
    aria-expanded={props.open}
    aria-label={props.count === 0 ? 'Needs you: nothing waiting' : `Needs you: ${props.count} waiting`}
    title="Needs you (g i)"
    onClick={() => props.toggle()}
  >
    <svg viewBox="0 0 16 16" width="15" height="15" aria-hidden="true">
      <path d="M2.5 9.5h3l1 2h3l1-2h3M2.5 9.5l1.6-5.2a1 1 0 0 1 .96-.8h5.88a1 1 0 0 1 .96.8l1.6 5.2v3a1 1 0 0 1-1 1h-10a1 1 0 0 1-1-1z" fill="none" stroke="currentColor" stroke-width="1.3" stroke-linejoin="round" />
    </svg>
    <span>Needs you</span>
    <span class="count-badge" data-count={props.count} aria-hidden="true">
      {props.count}
    </span>
  </button>
);
