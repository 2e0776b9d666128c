import type { Card } from '@kanbots/core/model';
import {
  DragDropProvider,
  DragDropSensors,
  DragOverlay,
  closestCenter,
  type CollisionDetector,
  type DragEventHandler,
  type Draggable,
  type Droppable,
} from '@thisbeyond/solid-dnd';
import { For, batch, createMemo, createSelector, createSignal, type Component } from 'solid-js';
import { useAppState } from '../app-context.js';
import { NO_CARDS } from '../state/board-store.js';
import { visibleCardsByColumn } from './visible-cards.js';
import type { MoveDirection } from '../state/keyboard-move.js';
import { AddColumn } from './add-column.js';
import { CardDragImage } from './card-tile.js';
import { ColumnView } from './column-view.js';
import { DragAutoScroll } from './drag-auto-scroll.js';
import { dropTarget, type DropMarker } from './drop-position.js';
import type { MenuItem } from './menu-popover.js';

const isColumn = (item: Draggable | Droppable): boolean => item.data['type'] === 'column';

/**
 * The board's columns and drag and drop (container). While dragging, only an insertion line
 * moves (two cards change a class); on drop, drag and drop reports "card X dropped on column Y at
 * index i" as a `card.move` intent (STYLE §14) and the store applies it at once.
 */
export const BoardColumns: Component<{ requestRemoveColumn: (columnId: string) => void }> = (props) => {
  const app = useAppState();
  const [marker, setMarker] = createSignal<DropMarker | null>(null);
  const [draggedCardId, setDraggedCardId] = createSignal<string | null>(null);
  const projectNames = createMemo(() => {
    const projects = app.projects.projects();
    return projects.length > 1 ? new Map(projects.map((project) => [project.id, project.name])) : undefined;
  });
  const projectNameOfCard = (card: Card): string | undefined => (card.projectId === undefined ? undefined : projectNames()?.get(card.projectId));
  const markedCard = createSelector<string | undefined, string>(() => {
    const current = marker();
    return current && current.side !== 'end' ? current.cardId : undefined;
  });
  const markedEnd = createSelector<string | undefined, string>(() => {
    const current = marker();
    return current?.side === 'end' ? current.columnId : undefined;
  });
  const isSelected = createSelector<string | null, string>(() => app.view.data.openCardId);
  // Hidden cards keep their places: a drop lands relative to the card under the pointer in the
  // whole column (dropTarget reads the unfiltered lists).
  const visibleCards = createMemo(() => visibleCardsByColumn(app));
  let columnsElement: HTMLDivElement | undefined;
  let overDroppable: Droppable | null = null;
  let dragEndedAt = 0;

  const closestCardOrColumn: CollisionDetector = (draggable, droppables, context) => {
    const column = closestCenter(draggable, droppables.filter(isColumn), context);
    if (!column) return null;
    const columnId = column.data['columnId'] as string;
    const card = closestCenter(
      draggable,
      droppables.filter((droppable) => !isColumn(droppable) && droppable.data['columnId'] === columnId),
      context,
    );
    return card ?? column;
  };

  /** Before or after the card under the pointer (by the dragged image's centre), or the column's end. */
  const updateMarker = (dragged: Draggable | Droppable): void => {
    const over = overDroppable;
    if (!over) {
      setMarker(null);
      return;
    }
    const columnId = over.data['columnId'] as string;
    const next: DropMarker = isColumn(over)
      ? { columnId, side: 'end' }
      : { columnId, cardId: String(over.id), side: dragged.transformed.center.y < over.layout.center.y ? 'before' : 'after' };
    const current = marker();
    if (!current || current.columnId !== next.columnId || current.side !== next.side || ('cardId' in current && 'cardId' in next && current.cardId !== next.cardId)) {
      setMarker(next);
    }
  };

  const onDragStart: DragEventHandler = ({ draggable }) => setDraggedCardId(String(draggable.id));
  const onDragOver: DragEventHandler = ({ draggable, droppable, overlay }) => {
    overDroppable = droppable ?? null;
    updateMarker(overlay ?? draggable);
  };
  const onDragMove: DragEventHandler = ({ draggable, overlay }) => updateMarker(overlay ?? draggable);

  const onDragEnd: DragEventHandler = ({ draggable }) => {
    dragEndedAt = performance.now();
    const cardId = String(draggable.id);
    const current = marker();
    const target = current ? dropTarget(app.board.cardsByColumn(), cardId, current) : undefined;
    overDroppable = null;
    batch(() => {
      setMarker(null);
      setDraggedCardId(null);
      if (target) app.actions.moveCard(cardId, target.columnId, target.index);
    });
  };

  const openCard = (cardId: string): void => {
    if (performance.now() - dragEndedAt < 200) return;
    app.view.openCard(cardId);
  };

  const moveCardBy = (cardId: string, direction: MoveDirection): void => {
    if (app.intents.moveCardBy(cardId, direction)) refocusCard(cardId);
  };

  const moveMenu = (cardId: string): MenuItem[] => {
    const card = app.board.card(cardId);
    return app.board.columns().map((column) => ({
      label: column.id === card?.columnId ? `${column.name} (current)` : column.name,
      disabled: column.id === card?.columnId,
      select: () => {
        app.actions.moveCard(cardId, column.id, (app.board.cardsByColumn().get(column.id) ?? NO_CARDS).length);
        refocusCard(cardId);
      },
    }));
  };

  const draggedCard = (): Card | undefined => {
    const id = draggedCardId();
    return id ? app.board.card(id) : undefined;
  };

  return (
    <DragDropProvider onDragStart={onDragStart} onDragOver={onDragOver} onDragMove={onDragMove} onDragEnd={onDragEnd} collisionDetector={closestCardOrColumn}>
      <DragDropSensors>
        <div ref={columnsElement} class="columns" role="list" aria-label="Columns" classList={{ 'columns-dragging': draggedCardId() !== null }}>
          <For each={app.board.columns()}>
            {(column, position) => (
              <div role="listitem" class="column-slot">
                <ColumnView
                  column={column}
                  cards={visibleCards().get(column.id) ?? NO_CARDS}
                  position={position()}
                  columnCount={app.board.columns().length}
                  collapsed={app.view.data.collapsedColumnIds.includes(column.id)}
                  isSelected={isSelected}
                  dropSide={(cardId) => (markedCard(cardId) ? (marker() as { side: 'before' | 'after' }).side : undefined)}
                  dropAtEnd={markedEnd(column.id)}
                  runOfCard={app.runs.runOfCard}
                  projectNameOfCard={projectNameOfCard}
                  openCard={openCard}
                  moveCardBy={moveCardBy}
                  moveMenu={moveMenu}
                  createCard={app.intents.createCard}
                  renameColumn={app.intents.renameColumn}
                  moveColumn={app.intents.moveColumn}
                  removeColumn={props.requestRemoveColumn}
                  toggleCollapsed={app.view.toggleColumnCollapsed}
                />
              </div>
            )}
          </For>
          <AddColumn add={app.intents.addColumn} />
        </div>
      </DragDropSensors>
      <DragAutoScroll board={() => columnsElement?.closest<HTMLElement>('.board') ?? undefined} />
      <DragOverlay class="drag-overlay">
        <CardDragImage card={draggedCard()} />
      </DragOverlay>
    </DragDropProvider>
  );
};

/** Keeps keyboard focus on a card after it moved (it may now be a new element in another column). */
function refocusCard(cardId: string): void {
  queueMicrotask(() => document.querySelector<HTMLElement>(`[data-card-id="${CSS.escape(cardId)}"]`)?.focus());
}
