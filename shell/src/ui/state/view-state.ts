import { boardSchema, type Board } from '@kanbots/core/model';
import { createStore } from 'solid-js/store';
import { z } from 'zod';
import { readStored, writeStored } from './persistent-storage.js';

/**
 * What the UI remembers between sessions, in IndexedDB (idb-keyval): the open card, collapsed
 * columns, the detail panel's width and the theme; plus a cache of the last board so the next
 * start paints at once (marked "cached" until the host answers).
 */

export const PANEL_WIDTH = { minimum: 320, maximum: 900, initial: 420 } as const;

const VIEW_STATE_KEY = 'kanbots.view-state.v1';
const BOARD_CACHE_KEY = 'kanbots.board-cache.v1';

export const themeChoiceSchema = z.enum(['system', 'light', 'dark']);
export type ThemeChoice = z.infer<typeof themeChoiceSchema>;

const viewStateSchema = z.object({
  openCardId: z.string().nullable().catch(null),
  collapsedColumnIds: z.array(z.string()).catch([]),
  panelWidth: z.number().min(PANEL_WIDTH.minimum).max(PANEL_WIDTH.maximum).catch(PANEL_WIDTH.initial),
  theme: themeChoiceSchema.catch('system'),
});
export type ViewStateData = z.infer<typeof viewStateSchema>;

const DEFAULT_VIEW_STATE: ViewStateData = { openCardId: null, collapsedColumnIds: [], panelWidth: PANEL_WIDTH.initial, theme: 'system' };

export interface ViewState {
  readonly data: ViewStateData;
  openCard(cardId: string | null): void;
  toggleColumnCollapsed(columnId: string): void;
  setPanelWidth(width: number): void;
  setTheme(theme: ThemeChoice): void;
  /** Loads what was saved (call once at start). */
  load(): Promise<void>;
}

export function createViewState(options: { applyTheme?: (theme: ThemeChoice) => void } = {}): ViewState {
  const [data, setData] = createStore<ViewStateData>({ ...DEFAULT_VIEW_STATE });
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  const save = (): void => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => void writeStored(VIEW_STATE_KEY, { ...data, collapsedColumnIds: [...data.collapsedColumnIds] }), 150);
  };
  return {
    data,
    openCard(cardId) {
      setData('openCardId', cardId);
      save();
    },
    toggleColumnCollapsed(columnId) {
      setData('collapsedColumnIds', (ids) => (ids.includes(columnId) ? ids.filter((id) => id !== columnId) : [...ids, columnId]));
      save();
    },
    setPanelWidth(width) {
      setData('panelWidth', Math.round(Math.max(PANEL_WIDTH.minimum, Math.min(PANEL_WIDTH.maximum, width))));
      save();
    },
    setTheme(theme) {
      setData('theme', theme);
      options.applyTheme?.(theme);
      save();
    },
    async load() {
      const stored = await readStored(VIEW_STATE_KEY);
      const parsed = viewStateSchema.safeParse(stored ?? DEFAULT_VIEW_STATE);
      if (parsed.success) setData(parsed.data);
      options.applyTheme?.(data.theme);
    },
  };
}

/** The last board the host confirmed, or undefined when none (or an unreadable one) is cached. */
export async function readCachedBoard(): Promise<Board | undefined> {
  const parsed = boardSchema.safeParse(await readStored(BOARD_CACHE_KEY));
  return parsed.success ? parsed.data : undefined;
}

let cacheTimer: ReturnType<typeof setTimeout> | undefined;
let latestBoard: Board | undefined;

/** Saves the board to the cache soon (coalesces bursts of changes into one write). */
export function cacheBoard(board: Board): void {
  latestBoard = board;
  if (cacheTimer !== undefined) return;
  cacheTimer = setTimeout(() => {
    cacheTimer = undefined;
    if (latestBoard) void writeStored(BOARD_CACHE_KEY, latestBoard);
  }, 400);
}
