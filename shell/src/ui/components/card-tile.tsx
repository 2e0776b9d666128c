import type { Card } from '@kanbots/core/model';
import type { RunView } from '@kanbots/core/protocol';
import { RunStatusPill } from '../runs/run-status-pill.js';
import { formatCost, formatTokens } from '../runs/run-status.js';
import { cardPageHash } from '../card-page/card-route.js';
import { PullRequestBadge } from '../runs/pull-request-panel.js';
import { createDraggable, createDroppable } from '@thisbeyond/solid-dnd';
import { type Component } from 'solid-js';
import type { MoveDirection } from '../state/keyboard-move.js';
import { CardLabels } from './card-labels.js';
import { MenuPopover, type MenuItem } from './menu-popover.js';

export interface CardTileProps {
  card: Card;
  /** The column the card is shown in (differs from `card.columnId` while dragging over another). */
  columnId: string;
  selected: boolean;
  /** The insertion line shown while another card is dragged over this one. */
  dropSide: 'before' | 'after' | undefined;
  open: (cardId: string) => void;
  moveBy: (cardId: string, direction: MoveDirection) => void;
  moveMenu: (cardId: string) => MenuItem[];
  /** The card's newest run, for the status pill. */
  run?: RunView | undefined;
  /** The card's project, named when the board has more than one. */
  projectName?: string | undefined;
}

const ARROWS: Record<string, MoveDirection> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' };

/**
 * One card on the board: cheap to render (a handful of nodes), draggable and a drop target (solid-dnd),
 * focusable, with Alt+arrows to move it and a "Move to…" menu.
 */
export const CardTile: Component<CardTileProps> = (props) => {
  const draggable = createDraggable(props.card.id, { type: 'card', columnId: props.columnId });
  const droppable = createDroppable(props.card.id, { type: 'card', columnId: props.columnId });
  const pending = (): boolean => props.card.id.startsWith('pending-');
  return (
    <li
      ref={(element) => {
        draggable(element, () => ({ skipTransform: true }));
        droppable(element, () => ({ skipTransform: true }));
      }}
      class="card"
      classList={{
        'card-dragging': draggable.isActiveDraggable,
        'card-selected': props.selected,
        'card-pending': pending(),
        'drop-before': props.dropSide === 'before',
        'drop-after': props.dropSide === 'after',
      }}
      data-card-id={props.card.id}
      tabIndex={0}
      aria-label={props.card.title}
      aria-describedby="card-keyboard-hint"
      aria-current={props.selected ? 'true' : undefined}
      onClick={() => props.open(props.card.id)}
      onKeyDown={(event) => {
        const direction = ARROWS[event.key];
        if (direction && event.altKey) {
          event.preventDefault();
          props.moveBy(props.card.id, direction);
        } else if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          props.open(props.card.id);
        }
      }}
    >
      <div class="card-top">
        <span class="card-title">{props.card.title}</span>
        <MenuPopover
          label={`Move “${props.card.title}” to…`}
          heading="Move to…"
          buttonClass="icon-button card-menu-button"
          buttonContent={<span aria-hidden="true">⋯</span>}
          items={() => props.moveMenu(props.card.id)}
        />
      </div>
      {props.card.labels.length > 0 ? <CardLabels labels={props.card.labels} /> : null}
      {props.run ? (
        <div class="card-run">
          <RunStatusPill status={props.run.status} detail={props.run.statusText} />
          {props.run.pullRequest ? <PullRequestBadge pullRequest={props.run.pullRequest} /> : null}
          <span class="card-usage" title={`${props.run.usage.inputTokens + props.run.usage.outputTokens} tokens so far`}>
            {formatTokens(props.run.usage.inputTokens + props.run.usage.outputTokens)} · {formatCost(props.run.usage.costUsd)}
          </span>
          <a class="card-page-link" href={cardPageHash(props.card.id)} aria-label={`Open the page of “${props.card.title}”`} onClick={(event) => event.stopPropagation()} onKeyDown={(event) => event.stopPropagation()}>
            Open
          </a>
        </div>
      ) : null}
      {props.projectName || props.card.target || props.card.description ? (
        <div class="card-footer">
          {props.projectName ? (
            <span class="card-project" data-testid="card-project">
              {props.projectName}
            </span>
          ) : null}
          {props.card.target && !props.card.projectId ? (
            <span class="card-target" title={props.card.target.repository}>
              <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
                <path d="M5 3.5a1.5 1.5 0 1 1-3 0 1.5 1.5 0 0 1 3 0Zm0 9a1.5 1.5 0 1 1-3 0 1.5 1.5 0 0 1 3 0ZM14 6a1.5 1.5 0 1 1-3 0 1.5 1.5 0 0 1 3 0ZM3.5 5v6M12.5 7.5c0 2-2 3-5 3.5L3.5 11.5" fill="none" stroke="currentColor" stroke-width="1.3" />
              </svg>
              <span class="card-repository">{repositoryName(props.card.target.repository)}</span>
              {props.card.target.baseBranch ? <span class="card-branch">{props.card.target.baseBranch}</span> : null}
            </span>
          ) : null}
          {props.card.description ? (
            <svg class="card-description-icon" viewBox="0 0 16 16" width="13" height="13" role="img" aria-label="Has a description">
              <path d="M3 4.5h10M3 8h10M3 11.5h6" fill="none" stroke="currentColor" stroke-width="1.4" stroke-linecap="round" />
            </svg>
          ) : null}
        </div>
      ) : null}
    </li>
  );
};

function repositoryName(repository: string): string {
  const parts = repository.split(/[\\/]/).filter(Boolean);
  return parts.at(-1) ?? repository;
}

/** The floating copy of a card that follows the pointer while dragging. */
export const CardDragImage: Component<{ card: Card | undefined }> = (props) => (
  <div class="card card-overlay">
    <div class="card-top">
      <span class="card-title">{props.card?.title}</span>
    </div>
    {props.card && props.card.labels.length > 0 ? <CardLabels labels={props.card.labels} /> : null}
  </div>
);
