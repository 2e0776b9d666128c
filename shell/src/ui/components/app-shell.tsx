import { Show, createMemo, createSignal, lazy, onCleanup, type Component } from 'solid-js';
import { useAppState } from '../app-context.js';
import { InboxButton } from '../inbox/inbox-button.js';
import { InboxContainer, useNeedsYouCount } from '../inbox/inbox-container.js';
import { CardRunSection } from '../runs/card-run-section.js';
import { SettingsContainer } from '../settings/settings-container.js';
import { NO_CARDS } from '../state/board-store.js';
import { BoardColumns } from './board-columns.js';
import { BoardHeader } from './board-header.js';
import { CardPanel } from './card-panel.js';
import { ConnectionNotice } from './connection-notice.js';
import type { ConnectionState } from '../transport/host-connection.js';
import type { HostStatus } from '../transport/host-status.js';
import { RemoveColumnDialog } from './remove-column-dialog.js';
import { ToastRegion } from './toast-region.js';
import { ArchivedCards } from './archived-cards.js';
import { WorktreesPanel } from '../worktrees/worktrees-panel.js';
import { BoardSearch } from './board-search.js';
import { ShortcutSheet } from './shortcut-sheet.js';
import { CommandPalette } from './command-palette.js';
import { paletteCommands as buildPaletteCommands, type PaletteCommand } from './palette-commands.js';
import { NEXT_THEME, THEME_NAMES } from './theme-toggle.js';
import { isActive } from '../runs/run-status.js';
import { visibleCardsByColumn } from './visible-cards.js';
import { FirstRunContainer, ProjectFilterSelect, ProjectPickerContainer } from '../projects/projects-container.js';
import { cardPageHash, createCardRoute } from '../card-page/card-route.js';

// The card page is loaded when first opened: the board never pays for it.
const CardPage = lazy(async () => ({ default: (await import('../card-page/card-page.js')).CardPage }));

/** The whole window (container): header, board, card panel, dialogs and toasts, and the card page. */
export const AppShell: Component = () => {
  const app = useAppState();
  const cardRoute = createCardRoute();
  const [removingColumnId, setRemovingColumnId] = createSignal<string | null>(null);
  const [inboxOpen, setInboxOpen] = createSignal(false);
  const [settingsOpen, setSettingsOpen] = createSignal(false);
  const [archivedOpen, setArchivedOpen] = createSignal(false);
  const [worktreesOpen, setWorktreesOpen] = createSignal(false);
  const needsYouCount = useNeedsYouCount();
  let inboxButton: HTMLElement | undefined;
  const closeInbox = (): void => {
    setInboxOpen(false);
    queueMicrotask(() => inboxButton?.querySelector('button')?.focus());
  };
  const [shortcutsOpen, setShortcutsOpen] = createSignal(false);
  const [paletteCommands, setPaletteCommands] = createSignal<PaletteCommand[] | undefined>();
  let searchInput: HTMLInputElement | undefined;
  const openPalette = (): void => {
    const openId = app.view.data.openCardId;
    const openRun = openId ? app.runs.runOfCard(openId) : undefined;
    const columnName = (columnId: string): string => app.board.columns().find((column) => column.id === columnId)?.name ?? '';
    setPaletteCommands(
      buildPaletteCommands({
        cards: (app.board.board()?.cards ?? []).filter((card) => !card.archived).map((card) => ({ id: card.id, title: card.title, column: columnName(card.columnId) })),
        openCardId: openId,
        canStartRun: openId !== null && (openRun === undefined || !isActive(openRun)),
        themeName: THEME_NAMES[app.view.data.theme],
        nextThemeName: THEME_NAMES[NEXT_THEME[app.view.data.theme]],
        actions: {
          newCard: () => document.querySelector<HTMLButtonElement>('section.column .add-card')?.click(),
          openCard: (cardId) => app.view.openCard(cardId),
          filter: () => searchInput?.focus(),
          settings: () => app.settings.open(),
          toggleTheme: () => app.view.setTheme(NEXT_THEME[app.view.data.theme]),
          // The open card's run form, with what it shows (its defaults), as if "Run" were pressed.
          startRun: () => {
            const section = document.querySelector('[data-testid="card-panel"] [data-testid="run-section"]');
            [...(section?.querySelectorAll<HTMLButtonElement>('button') ?? [])].find((button) => button.textContent?.trim() === 'Run again…')?.click();
            section?.querySelector<HTMLButtonElement>('form.run-start button[type="submit"]')?.click();
          },
          inbox: () => setInboxOpen(true),
          archived: () => setArchivedOpen(true),
          shortcuts: () => setShortcutsOpen(true),
        },
      }),
    );
  };
  // Single-key shortcuts outside text fields: i the inbox, / the filter, n a new card, ? the list.
  const onGlobalKey = (event: KeyboardEvent): void => {
    const target = event.target as HTMLElement | null;
    // Ctrl/⌘+K works everywhere, text fields too (as in most apps).
    if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') {
      event.preventDefault();
      if (paletteCommands() === undefined) openPalette();
      return;
    }
    if (event.altKey || event.ctrlKey || event.metaKey || target?.closest('input, textarea, select, [contenteditable], dialog')) return;
    // The card page has keys of its own (j/k, n/p); the board's single keys wait for the board.
    if (cardRoute.route() !== undefined) return;
    if (event.key === 'i') setInboxOpen(true);
    else if (event.key === '/') searchInput?.focus();
    else if (event.key === 'n') document.querySelector<HTMLButtonElement>('section.column .add-card')?.click();
    else if (event.key === '?') setShortcutsOpen(true);
    else return;
    event.preventDefault();
  };
  document.addEventListener('keydown', onGlobalKey);
  // Deletes waiting for their undo window are sent when the page goes away (best effort: if
  // they do not get through, the cards stay archived, never lost).
  const flushDeletes = (): void => app.actions.flushDeletes();
  window.addEventListener('pagehide', flushDeletes);
  onCleanup(() => {
    document.removeEventListener('keydown', onGlobalKey);
    window.removeEventListener('pagehide', flushDeletes);
  });
  const archivedCards = createMemo(() => {
    const pending = app.actions.pendingDeletes();
    return (app.board.board()?.cards ?? []).filter((card) => card.archived && !pending.has(card.id));
  });
  const openCard = createMemo(() => {
    const id = app.view.data.openCardId;
    return id ? (app.board.card(id) ?? app.board.card(app.board.resolveId(id))) : undefined;
  });
  const cardCount = createMemo(() => {
    let count = 0;
    for (const cards of app.board.cardsByColumn().values()) count += cards.length;
    return count;
  });
  const matchingCount = createMemo(() => {
    if (!app.filter.active()) return undefined;
    let count = 0;
    for (const cards of visibleCardsByColumn(app).values()) count += cards.length;
    return count;
  });
  // "Set up an agent": Settings, scrolled to where agents are set up (the agent CLIs, else the first provider's key).
  const openSettingsAtAgents = (): void => {
    setSettingsOpen(true);
    // The settings arrive from the host: look for the section for up to two seconds.
    const focusSection = (attempt: number): void => {
      const section = document.querySelector<HTMLElement>('[data-settings-section="agents"], .settings-form fieldset[data-provider]');
      if (section === null) {
        if (attempt < 40) setTimeout(() => focusSection(attempt + 1), 50);
        return;
      }
      section.scrollIntoView({ block: 'start' });
      (section.querySelector<HTMLElement>('input[type="password"]') ?? section.querySelector<HTMLElement>('input:not([type="checkbox"]), button'))?.focus();
    };
    queueMicrotask(() => focusSection(0));
  };
  const removingColumn = createMemo(() => app.board.columns().find((column) => column.id === removingColumnId()));
  const requestRemoveColumn = (columnId: string): void => {
    if ((app.board.cardsByColumn().get(columnId) ?? NO_CARDS).length === 0) app.intents.removeColumn(columnId);
    else setRemovingColumnId(columnId);
  };
  const closePanel = (): void => {
    const id = app.view.data.openCardId;
    app.view.openCard(null);
    if (id) queueMicrotask(() => document.querySelector<HTMLElement>(`[data-card-id="${CSS.escape(id)}"]`)?.focus());
  };
  return (
    <div class="app" data-board-source={app.board.source()} aria-busy={app.board.source() === 'empty'}>
      <BoardHeader
        name={app.board.board()?.name ?? 'Kanbots'}
        cardCount={cardCount()}
        matching={matchingCount()}
        connection={app.connectionState()}
        source={app.board.source()}
        pending={app.board.pendingCount()}
        theme={app.view.data.theme}
        changeTheme={app.view.setTheme}
        rename={app.intents.renameBoard}
        actions={
          <>
            <BoardSearch text={app.filter.text()} change={app.filter.setText} ref={(element) => (searchInput = element)} />
            <ProjectFilterSelect />
            <button
              type="button"
              class="button button-ghost archived-button"
              aria-expanded={archivedOpen()}
              title="Archived cards"
              onClick={() => setArchivedOpen((open) => !open)}
            >
              Archived
              <span class="count-badge count-badge-quiet" aria-hidden="true">
                {archivedCards().length}
              </span>
            </button>
            <button
              type="button"
              class="button button-ghost worktrees-button"
              aria-expanded={worktreesOpen()}
              title="Worktrees and the disk they use"
              onClick={() => {
                if (!worktreesOpen()) void app.worktrees.load();
                setWorktreesOpen((open) => !open);
              }}
            >
              Worktrees
            </button>
            <span ref={inboxButton} class="header-slot">
              <InboxButton count={needsYouCount()} open={inboxOpen()} toggle={() => (inboxOpen() ? closeInbox() : setInboxOpen(true))} />
            </span>
            <button type="button" class="button button-ghost settings-button" aria-label="Settings" title="Settings: keys, agents, projects" onClick={() => setSettingsOpen(true)}>
              <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
                <path d="M8 5.6a2.4 2.4 0 1 0 0 4.8 2.4 2.4 0 0 0 0-4.8Zm5.6 3.3.9.7-1.2 2.1-1.1-.4a4.9 4.9 0 0 1-1.3.8L10.7 13H8.3l-.2-1.1a4.9 4.9 0 0 1-1.3-.8l-1.1.4-1.2-2.1.9-.7a4.8 4.8 0 0 1 0-1.5l-.9-.7 1.2-2.1 1.1.4c.4-.3.8-.6 1.3-.8L8.3 3h2.4l.2 1.1c.5.2.9.5 1.3.8l1.1-.4 1.2 2.1-.9.7c.1.5.1 1 0 1.5Z" fill="none" stroke="currentColor" stroke-width="1.2" stroke-linejoin="round" transform="translate(-1.5 0)" />
              </svg>
              <span class="header-label">Settings</span>
            </button>
          </>
        }
      />
      <ConnectionNotice state={app.connectionState()} transport={app.transportKind} hostStatus={app.hostStatus()} />
      <Show when={inboxOpen()}>
        <InboxContainer close={closeInbox} />
      </Show>
      <Show when={worktreesOpen()}>
        <WorktreesPanel
          worktrees={app.worktrees.worktrees()}
          totalBytes={app.worktrees.totalBytes()}
          problem={app.worktrees.problem()}
          remove={(id) => app.worktrees.remove(id)}
          close={() => setWorktreesOpen(false)}
        />
      </Show>
      <Show when={archivedOpen()}>
        <ArchivedCards
          cards={archivedCards()}
          columnName={(columnId) => app.board.columns().find((column) => column.id === columnId)?.name ?? 'a removed column'}
          restore={(cardId) => app.actions.unarchiveCard(cardId)}
          remove={(cardId) => app.actions.deleteCard(cardId)}
          close={() => setArchivedOpen(false)}
        />
      </Show>
      <Show when={cardRoute.route()?.cardId} keyed>
        {(cardId) => (
          <CardPage
            cardId={cardId}
            tab={cardRoute.route()?.tab ?? 'changes'}
            close={cardRoute.close}
            openPanel={(cardId) => {
              cardRoute.close();
              app.view.openCard(cardId);
            }}
          />
        )}
      </Show>
      <div class="workspace" hidden={cardRoute.route() !== undefined}>
        <main class="board" aria-label="Board">
          <Show when={app.board.board()} fallback={<BoardPlaceholder text={placeholderText(app.connectionState(), app.hostStatus()?.state)} />}>
            <Show when={matchingCount() === 0}>
              <p class="filter-empty" role="status">
                No cards match “{app.filter.text().trim()}”.{' '}
                <button type="button" class="button button-small" onClick={() => app.filter.setText('')}>
                  Clear the filter
                </button>
              </p>
            </Show>
            <FirstRunContainer openSettings={openSettingsAtAgents} />
            <BoardColumns requestRemoveColumn={requestRemoveColumn} />
          </Show>
        </main>
        <Show when={openCard()} keyed>
          {(card) => (
            <CardPanel
              card={card}
              column={app.board.columns().find((column) => column.id === card.columnId)}
              projects={app.projects.projects()}
              addProject={() => app.projects.openPicker((projectId) => app.intents.updateCard(card.id, { projectId }))}
              width={app.view.data.panelWidth}
              resize={app.view.setPanelWidth}
              save={app.intents.updateCard}
              archive={(cardId) => {
                closePanel();
                app.actions.archiveCard(cardId);
              }}
              remove={(cardId) => {
                closePanel();
                app.actions.deleteCard(cardId);
              }}
              close={closePanel}
              pageHref={cardPageHash(card.id)}
              runFirst={app.runs.runOfCard(card.id) !== undefined}
            >
              <CardRunSection card={card} />
            </CardPanel>
          )}
        </Show>
      </div>
      <Show when={removingColumn()} keyed>
        {(column) => (
          <RemoveColumnDialog
            column={column}
            cardCount={(app.board.cardsByColumn().get(column.id) ?? NO_CARDS).length}
            destinations={app.board.columns().filter((candidate) => candidate.id !== column.id)}
            confirm={(moveCardsTo) => {
              setRemovingColumnId(null);
              app.intents.removeColumn(column.id, moveCardsTo);
            }}
            cancel={() => setRemovingColumnId(null)}
          />
        )}
      </Show>
      <Show when={paletteCommands()}>{(commands) => <CommandPalette commands={commands()} close={() => setPaletteCommands(undefined)} />}</Show>
      <Show when={shortcutsOpen()}>
        <ShortcutSheet close={() => setShortcutsOpen(false)} />
      </Show>
      <Show when={settingsOpen() || app.settings.opening() !== undefined}>
        <SettingsContainer
          close={() => {
            setSettingsOpen(false);
            app.settings.closed();
          }}
        />
      </Show>
      <Show when={app.projects.pickerOpen()}>
        <ProjectPickerContainer />
      </Show>
      <p id="card-keyboard-hint" class="visually-hidden">
        Enter opens the card. Alt and the arrow keys move it between and within columns.
      </p>
      <ToastRegion toasts={app.toasts.toasts()} dismiss={app.toasts.dismiss} act={app.toasts.act} besidePanel={openCard() ? app.view.data.panelWidth : undefined} />
    </div>
  );
};

const BoardPlaceholder: Component<{ text: string }> = (props) => (
  <div class="board-placeholder" role="status">
    <div class="spinner" aria-hidden="true" />
    {props.text}
  </div>
);

function placeholderText(state: ConnectionState, hostState: HostStatus['state'] | undefined): string {
  if (hostState === 'failed') return 'The board appears once the host starts.';
  if (state === 'unauthorized') return 'The board appears once the host accepts this tab.';
  if (state === 'offline') return 'Waiting for the host — the board appears as soon as it answers.';
  return 'Connecting to the host…';
}
