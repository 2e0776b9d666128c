import { ConflictError, NotFoundError, validationErrorFrom } from '../errors.js';
import { orderedColumns, type Board, type Card, type Column } from '../model/board.js';
import type { Project } from '../model/project.js';
import { boardCommandSchema, type BoardChange, type BoardCommand } from '../model/board-commands.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/ids.js';
import { CardPlacementDraft, insertAt, renumberColumns } from './card-placement.js';
import { decideProjectCommand, requireProject } from './project-commands.js';

/**
 * The board's rules as one pure function: a board and a command in, the next board and what
 * changed out — or a typed error (`ValidationError`, `NotFoundError`, `ConflictError`) and the
 * board untouched. Every accepted command moves `revision` by one. Indexes count visible
 * (non-archived) cards and are clamped; card and column orders stay dense.
 */

export interface BoardCommandContext {
  clock: Clock;
  ids: IdGenerator;
}

export interface BoardCommandResult {
  board: Board;
  change: BoardChange;
}

/** What one command decided: new columns, card placements, a new board name, the id it created. */
interface Outcome {
  columns?: Column[];
  projects?: Project[];
  draft?: CardPlacementDraft;
  name?: string;
  createdId?: string;
}

/** `input` is validated here too, so the function is safe to call with untrusted data. */
export function applyBoardCommand(board: Board, input: unknown, context: BoardCommandContext): BoardCommandResult {
  const parsed = boardCommandSchema.safeParse(input);
  if (!parsed.success) throw validationErrorFrom('board command', parsed.error);
  const command = parsed.data;
  const now = context.clock.now();
  const outcome = decide(board, command, now, context.ids);
  const { cards, upsertedCards, removedCardIds } = outcome.draft?.finish() ?? { cards: board.cards, upsertedCards: [], removedCardIds: [] };
  const columns = outcome.columns ?? board.columns;
  const projects = outcome.projects ?? board.projects;
  const next: Board = { ...board, name: outcome.name ?? board.name, columns, cards, projects, revision: board.revision + 1, updatedAt: now };
  const change: BoardChange = { type: 'board.changed', revision: next.revision, command: command.type, upsertedCards, removedCardIds };
  if (outcome.createdId !== undefined) change.createdId = outcome.createdId;
  if (outcome.columns !== undefined) change.columns = orderedColumns(next);
  if (outcome.projects !== undefined) change.projects = outcome.projects;
  if (outcome.name !== undefined) change.boardName = outcome.name;
  return { board: next, change };
}

function decide(board: Board, command: BoardCommand, now: number, ids: IdGenerator): Outcome {
  switch (command.type) {
    case 'board.rename':
      return { name: command.name };
    case 'column.add': {
      const column: Column = { id: ids.next('column'), name: command.name, order: 0 };
      return { columns: renumberColumns(insertAt(orderedColumns(board), column, command.index)), createdId: column.id };
    }
    case 'column.rename': {
      const column = requireColumn(board, command.columnId);
      return { columns: board.columns.map((item) => (item === column ? { ...column, name: command.name } : item)) };
    }
    case 'column.move': {
      const column = requireColumn(board, command.columnId);
      const others = orderedColumns(board).filter((item) => item !== column);
      return { columns: renumberColumns(insertAt(others, column, command.index)) };
    }
    case 'column.remove':
      return removeColumn(board, command.columnId, command.moveCardsTo);
    case 'card.create':
      return createCard(board, command, now, ids);
    case 'card.update': {
      const draft = new CardPlacementDraft(board);
      const card = requireCard(draft, command.cardId);
      const { target, projectId, ...rest } = command.patch;
      const next: Card = { ...card, ...definedOnly(rest), updatedAt: now };
      if (target === null) delete next.target;
      else if (target !== undefined) next.target = target;
      if (projectId === null) delete next.projectId;
      else if (projectId !== undefined) next.projectId = requireProject(board, projectId).id;
      draft.replace(next);
      return { draft };
    }
    case 'card.move':
      return moveCard(board, command.cardId, command.columnId, command.index, now);
    case 'card.archive':
    case 'card.unarchive': {
      const archive = command.type === 'card.archive';
      const draft = new CardPlacementDraft(board);
      const card = requireCard(draft, command.cardId);
      if (card.archived === archive) throw new ConflictError(`card "${card.id}" is ${archive ? 'already' : 'not'} archived`, { details: { cardId: card.id } });
      const from = draft.sequence(card.columnId, card.archived).filter((cardId) => cardId !== card.id);
      const to = [...draft.sequence(card.columnId, archive), card.id];
      draft.place(card.columnId, card.archived, from);
      draft.place(card.columnId, archive, to);
      draft.update(card.id, { updatedAt: now });
      return { draft };
    }
    case 'project.add':
    case 'project.update':
    case 'project.remove':
      return decideProjectCommand(board, command, now, ids);
    case 'card.delete': {
      const draft = new CardPlacementDraft(board);
      const card = requireCard(draft, command.cardId);
      draft.remove(card.id);
      draft.place(card.columnId, card.archived, draft.sequence(card.columnId, card.archived));
      return { draft };
    }
  }
}

function removeColumn(board: Board, columnId: string, moveCardsTo: string | undefined): Outcome {
  const column = requireColumn(board, columnId);
  if (board.columns.length <= 1) throw new ConflictError('The last column of a board cannot be removed', { details: { columnId } });
  if (moveCardsTo === columnId) throw new ConflictError(`Cards of column "${column.name}" cannot be moved to the column being removed`, { details: { columnId } });
  const destination = moveCardsTo === undefined ? undefined : requireColumn(board, moveCardsTo);
  const draft = new CardPlacementDraft(board);
  const visible = draft.sequence(columnId, false);
  const archived = draft.sequence(columnId, true);
  const count = visible.length + archived.length;
  if (count > 0 && destination === undefined) {
    throw new ConflictError(`Column "${column.name}" still holds ${count} card(s): say where they go with moveCardsTo`, { details: { columnId, cardCount: count } });
  }
  if (destination !== undefined) {
    draft.place(destination.id, false, [...draft.sequence(destination.id, false), ...visible]);
    draft.place(destination.id, true, [...draft.sequence(destination.id, true), ...archived]);
  }
  return { columns: renumberColumns(orderedColumns(board).filter((item) => item !== column)), draft };
}

function createCard(board: Board, command: Extract<BoardCommand, { type: 'card.create' }>, now: number, ids: IdGenerator): Outcome {
  const column = command.columnId === undefined ? orderedColumns(board)[0] : requireColumn(board, command.columnId);
  if (column === undefined) throw new ConflictError('The board has no column to put the card in');
  const card: Card = {
    id: ids.next('card'),
    title: command.title,
    description: command.description ?? '',
    labels: command.labels ?? [],
    columnId: column.id,
    order: 0,
    archived: false,
    createdAt: now,
    updatedAt: now,
  };
  if (command.target !== undefined) card.target = command.target;
  if (command.projectId !== undefined) card.projectId = requireProject(board, command.projectId).id;
  const draft = new CardPlacementDraft(board);
  const sequence = insertAt(draft.sequence(column.id, false), card.id, command.index);
  draft.add(card);
  draft.place(column.id, false, sequence);
  return { draft, createdId: card.id };
}

function moveCard(board: Board, cardId: string, columnId: string, index: number, now: number): Outcome {
  const draft = new CardPlacementDraft(board);
  const card = requireCard(draft, cardId);
  requireColumn(board, columnId);
  if (card.archived) throw new ConflictError(`Card "${card.id}" is archived: unarchive it before moving it`, { details: { cardId } });
  const source = draft.sequence(card.columnId, false).filter((item) => item !== card.id);
  const destination = insertAt(card.columnId === columnId ? source : draft.sequence(columnId, false), card.id, index);
  if (card.columnId !== columnId) draft.place(card.columnId, false, source);
  draft.place(columnId, false, destination);
  const moved = draft.get(card.id);
  if (moved !== card) draft.update(card.id, { updatedAt: now });
  return { draft };
}

function requireColumn(board: Board, columnId: string): Column {
  const column = board.columns.find((item) => item.id === columnId);
  if (column === undefined) throw new NotFoundError('column', columnId);
  return column;
}

function requireCard(draft: CardPlacementDraft, cardId: string): Card {
  const card = draft.get(cardId);
  if (card === undefined) throw new NotFoundError('card', cardId);
  return card;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as Partial<T>;
}
