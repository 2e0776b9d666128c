import { describe, expect, it } from 'vitest';
import { matchCommands, paletteCommands, type PaletteSources } from '../../src/ui/components/palette-commands.js';

/** What the command palette offers and how typed words find it. */

function sources(overrides: Partial<PaletteSources> = {}): PaletteSources {
  const done: string[] = [];
  const record = (name: string) => () => void done.push(name);
  return {
    cards: [
      { id: 'a', title: 'Fix the parser', column: 'Backlog' },
      { id: 'b', title: 'Write the spec', column: 'Review' },
    ],
    openCardId: null,
    canStartRun: false,
    themeName: 'System',
    nextThemeName: 'Light',
    actions: {
      newCard: record('newCard'),
      openCard: (cardId) => void done.push(`open ${cardId}`),
      filter: record('filter'),
      settings: record('settings'),
      toggleTheme: record('toggleTheme'),
      startRun: record('startRun'),
      inbox: record('inbox'),
      archived: record('archived'),
      shortcuts: record('shortcuts'),
    },
    ...overrides,
  };
}

describe('command palette commands', () => {
  it('offers the board commands, then every card by title; a run only on an open card that can start one', () => {
    expect(paletteCommands(sources()).map((command) => command.label)).toEqual([
      'New card',
      'Filter cards',
      'Show “Needs you”',
      'Open settings',
      'Switch theme to Light',
      'Show archived cards',
      'Keyboard shortcuts',
      'Open “Fix the parser”',
      'Open “Write the spec”',
    ]);
    expect(paletteCommands(sources({ openCardId: 'a', canStartRun: true })).map((command) => command.id)).toContain('start-run');
    expect(paletteCommands(sources({ openCardId: 'a', canStartRun: false })).map((command) => command.id)).not.toContain('start-run');
  });

  it('finds commands by every typed word, in label, hint or keywords, ignoring case', () => {
    const commands = paletteCommands(sources());
    expect(matchCommands(commands, 'PARSER').map((command) => command.id)).toEqual(['card:a']);
    expect(matchCommands(commands, 'review spec').map((command) => command.id)).toEqual(['card:b']);
    expect(matchCommands(commands, 'dark').map((command) => command.id)).toEqual(['theme']);
    expect(matchCommands(commands, 'search').map((command) => command.id)).toEqual(['filter']);
    expect(matchCommands(commands, 'nothing like this')).toEqual([]);
    expect(matchCommands(commands, '  ')).toHaveLength(commands.length);
  });
});
