import type { Card, Column } from '@kanbots/core/model';
import type { RunView } from '@kanbots/core/protocol';
import { createDroppable } from '@thisbeyond/solid-dnd';
import { For, createSignal, type Component } from 'solid-js';
import type { MoveDirection } from '../state/keyboard-move.js';
import { CardTile } from './card-tile.js';
import { InlineTextInput } from './inline-text-input.js';
import { MenuPopover, type MenuItem } from './menu-popover.js';
import { countOf } from './plural.js';

export interface ColumnViewProps {
  column: Column;
  cards: readonly Card[];
  position: number;
  columnCount: number;
  collapsed: boolean;
  isSelected: (cardId: string) => boolean;
  /** Insertion line for a card of this column while dragging (a selector: O(1) per change). */
  dropSide: (cardId: string) => 'before' | 'after' | undefined;
  /** The name of a card's project, shown on its tile when the board has more than one project. */
  projectNameOfCard?: (card: Card) => string | undefined;
  /** The newest run of a card, if any (for its status pill). */
  runOfCard?: (cardId: string) => RunView | undefined;
  /** The insertion line is at this column's end. */
  dropAtEnd: boolean;
  openCard: (cardId: string) => void;
  moveCardBy: (cardId: string, direction: MoveDirection) => void;
  moveMenu: (cardId: string) => MenuItem[];
  createCard: (columnId: string, title: string) => void;
  renameColumn: (columnId: string, name: string) => void;
  moveColumn: (columnId: string, index: number) => void;
  removeColumn: (columnId: string) => void;
  toggleCollapsed: (columnId: string) => void;
}

/** A column: header (name, count, menu), its cards in order, and a composer for new cards. */
export const ColumnView: Component<ColumnViewProps> = (props) => {
  const droppable = createDroppable(`column:${props.column.id}`, { type: 'column', columnId: props.column.id });
  const [renaming, setRenaming] = createSignal(false);
  const [composing, setComposing] = createSignal(false);
  const headingId = `column-heading-${props.column.id}`;
  const menuItems = (): MenuItem[] => [
    { label: 'Rename', select: () => setRenaming(true) },
    { label: 'Move left', select: () => props.moveColumn(props.column.id, props.position - 1), disabled: props.position === 0 },
    { label: 'Move right', select: () => props.moveColumn(props.column.id, props.position + 1), disabled: props.position === props.columnCount - 1 },
    { label: props.collapsed ? 'Expand' : 'Collapse', select: () => props.toggleCollapsed(props.column.id) },
    { label: 'Delete column…', select: () => props.removeColumn(props.column.id), tone: 'danger' },
  ];
  return (
    <section
      ref={(element) => droppable(element)}
      class="column"
      classList={{ 'column-collapsed': props.collapsed, 'column-drop-target': props.dropAtEnd || droppable.isActiveDroppable, 'drop-at-end': props.dropAtEnd }}
      data-column-id={props.column.id}
      aria-labelledby={headingId}
    >
      <header class="column-header">
        {renaming() ? (
          <InlineTextInput
            label="Column name"
            class="text-input column-name-input"
            initial={props.column.name}
            commit={(name) => {
              setRenaming(false);
              if (name !== props.column.name) props.renameColumn(props.column.id, name);
            }}
            cancel={() => setRenaming(false)}
          />
        ) : (
          <h2 class="column-name" id={headingId} onDblClick={() => setRenaming(true)}>
            {props.column.name}
          </h2>
        )}
        <span class="column-count" aria-label={countOf(props.cards.length, 'card')}>
          {props.cards.length}
        </span>
        <MenuPopover label={`Column “${props.column.name}” actions`} buttonContent={<span aria-hidden="true">⋯</span>} items={menuItems} />
      </header>
      {props.collapsed ? null : (
        <>
          <ol class="card-list" aria-labelledby={headingId}>
            <For each={props.cards as Card[]}>
              {(card) => (
                <CardTile
                  card={card}
                  columnId={props.column.id}
                  selected={props.isSelected(card.id)}
                  dropSide={props.dropSide(card.id)}
                  open={props.openCard}
                  moveBy={props.moveCardBy}
                  moveMenu={props.moveMenu}
                  run={props.runOfCard?.(card.id)}
                  projectName={props.projectNameOfCard?.(card)}
                />
              )}
            </For>
          </ol>
          <div class="column-footer">
            {composing() ? (
              <InlineTextInput
                label={`New card title in ${props.column.name}`}
                placeholder="Card title — Enter to add, Esc to finish"
                class="text-input composer-input"
                multiline
                keepOpen
                commit={(title) => props.createCard(props.column.id, title)}
                cancel={() => setComposing(false)}
              />
            ) : (
              <button type="button" class="button button-ghost add-card" onClick={() => setComposing(true)}>
                <span aria-hidden="true">+</span> Add card
              </button>
            )}
          </div>
        </>
      )}
    </section>
  );
};
