import { Show, createMemo, createSignal, type Component } from 'solid-js';
import { useAppState } from '../app-context.js';
import { NO_CARDS } from '../state/board-store.js';
import { BoardColumns } from './board-columns.js';
import { BoardHeader } from './board-header.js';
import { CardPanel } from './card-panel.js';
import { RemoveColumnDialog } from './remove-column-dialog.js';
import { ToastRegion } from './toast-region.js';

/** The whole window (container): header, board, card panel, dialogs and toasts. */
export const AppShell: Component = () => {
  const app = useAppState();
  const [removingColumnId, setRemovingColumnId] = createSignal<string | null>(null);
  const openCard = createMemo(() => {
    const id = app.view.data.openCardId;
    return id ? (app.board.card(id) ?? app.board.card(app.board.resolveId(id))) : undefined;
  });
  const cardCount = createMemo(() => {
    let count = 0;
    for (const cards of app.board.cardsByColumn().values()) count += cards.length;
    return count;
  });
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
        connection={app.connectionState()}
        source={app.board.source()}
        pending={app.board.pendingCount()}
        theme={app.view.data.theme}
        changeTheme={app.view.setTheme}
        rename={app.intents.renameBoard}
      />
      <div class="workspace">
        <main class="board" aria-label="Board">
          <Show when={app.board.board()} fallback={<BoardPlaceholder />}>
            <BoardColumns requestRemoveColumn={requestRemoveColumn} />
          </Show>
        </main>
        <Show when={openCard()} keyed>
          {(card) => (
            <CardPanel
              card={card}
              column={app.board.columns().find((column) => column.id === card.columnId)}
              width={app.view.data.panelWidth}
              resize={app.view.setPanelWidth}
              save={app.intents.updateCard}
              archive={(cardId) => {
                app.intents.archiveCard(cardId);
                closePanel();
              }}
              remove={(cardId) => {
                closePanel();
                app.intents.deleteCard(cardId);
              }}
              close={closePanel}
            />
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
      <p id="card-keyboard-hint" class="visually-hidden">
        Enter opens the card. Alt and the arrow keys move it between and within columns.
      </p>
      <ToastRegion toasts={app.toasts.toasts()} dismiss={app.toasts.dismiss} />
    </div>
  );
};

const BoardPlaceholder: Component = () => (
  <div class="board-placeholder" role="status">
    <div class="spinner" aria-hidden="true" />
    Connecting to the host…
  </div>
);
