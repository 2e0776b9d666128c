/**
 * What the command palette (Ctrl/⌘+K) offers, as plain data: a label, words it is found by, and
 * what it does. Built from the board at the moment it opens; matching is by every typed word.
 */

export interface PaletteCommand {
  id: string;
  label: string;
  /** Shown after the label, quieter (e.g. the column of a card). */
  hint?: string;
  /** Extra words to match besides the label. */
  keywords?: string;
  run: () => void;
}

export interface PaletteSources {
  cards: ReadonlyArray<{ id: string; title: string; column: string }>;
  openCardId: string | null;
  /** The open card can start a run now (it has none going). */
  canStartRun: boolean;
  themeName: string;
  nextThemeName: string;
  actions: {
    newCard: () => void;
    openCard: (cardId: string) => void;
    filter: () => void;
    settings: () => void;
    toggleTheme: () => void;
    startRun: () => void;
    inbox: () => void;
    archived: () => void;
    shortcuts: () => void;
  };
}

export function paletteCommands(sources: PaletteSources): PaletteCommand[] {
  const { actions } = sources;
  const commands: PaletteCommand[] = [{ id: 'new-card', label: 'New card', keywords: 'add create', run: actions.newCard }];
  if (sources.openCardId !== null && sources.canStartRun) {
    commands.push({ id: 'start-run', label: 'Start a run on the open card', keywords: 'agents run workflow', run: actions.startRun });
  }
  commands.push(
    { id: 'filter', label: 'Filter cards', keywords: 'search find /', run: actions.filter },
    { id: 'inbox', label: 'Show “Needs you”', keywords: 'inbox approvals waiting', run: actions.inbox },
    { id: 'settings', label: 'Open settings', keywords: 'preferences keys providers', run: actions.settings },
    { id: 'theme', label: `Switch theme to ${sources.nextThemeName}`, hint: `now ${sources.themeName}`, keywords: 'theme dark light toggle', run: actions.toggleTheme },
    { id: 'archived', label: 'Show archived cards', keywords: 'archive restore', run: actions.archived },
    { id: 'shortcuts', label: 'Keyboard shortcuts', keywords: 'help keys ?', run: actions.shortcuts },
  );
  for (const card of sources.cards) {
    commands.push({ id: `card:${card.id}`, label: `Open “${card.title}”`, hint: card.column, keywords: 'card', run: () => actions.openCard(card.id) });
  }
  return commands;
}

/** The commands whose label, hint or keywords hold every word of `query` (case-insensitive), in order. */
export function matchCommands(commands: readonly PaletteCommand[], query: string): PaletteCommand[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...commands];
  return commands.filter((command) => {
    const haystack = `${command.label} ${command.hint ?? ''} ${command.keywords ?? ''}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}
