import type { Component } from 'solid-js';
import type { ThemeChoice } from '../state/view-state.js';

export const NEXT_THEME: Record<ThemeChoice, ThemeChoice> = { system: 'light', light: 'dark', dark: 'system' };
export const THEME_NAMES: Record<ThemeChoice, string> = { system: 'System', light: 'Light', dark: 'Dark' };
const NEXT = NEXT_THEME;
const NAMES = THEME_NAMES;

/** Cycles System → Light → Dark. */
export const ThemeToggle: Component<{ theme: ThemeChoice; change: (theme: ThemeChoice) => void }> = (props) => (
  <button
    type="button"
    class="button button-ghost theme-toggle"
    aria-label={`Theme: ${NAMES[props.theme]}. Switch to ${NAMES[NEXT[props.theme]]}`}
    title={`Theme: ${NAMES[props.theme]}`}
    onClick={() => props.change(NEXT[props.theme])}
  >
    <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true">
      {props.theme === 'dark' ? (
        <path d="M15.5 12.5A6.5 6.5 0 0 1 7.5 4.5a6.5 6.5 0 1 0 8 8Z" fill="currentColor" />
      ) : props.theme === 'light' ? (
        <g fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round">
          <circle cx="10" cy="10" r="3.4" />
          <path d="M10 2.5v1.8M10 15.7v1.8M2.5 10h1.8M15.7 10h1.8M4.7 4.7l1.3 1.3M14 14l1.3 1.3M4.7 15.3 6 14M14 6l1.3-1.3" />
        </g>
      ) : (
        <g>
          <circle cx="10" cy="10" r="6.5" fill="none" stroke="currentColor" stroke-width="1.6" />
          <path d="M10 3.5a6.5 6.5 0 0 1 0 13Z" fill="currentColor" />
        </g>
      )}
    </svg>
    <span class="theme-toggle-label">{NAMES[props.theme]}</span>
  </button>
);
