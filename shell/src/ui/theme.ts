import type { ThemeChoice } from './state/view-state.js';

/** Light or dark by the user's choice; `system` leaves it to `prefers-color-scheme` (see CSS). */
export function applyTheme(theme: ThemeChoice): void {
  const root = document.documentElement;
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
}
