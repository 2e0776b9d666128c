import { DEFAULT_COLUMN_NAMES, type Board } from '../model/board.js';
import type { BoardCommandContext } from './apply-board-command.js';

export interface CreateBoardOptions extends BoardCommandContext {
  name?: string;
  columnNames?: readonly string[];
}

/** A new, empty board with the default columns Backlog, In progress, Review, Done and no projects (revision 0). */
export function createBoard({ clock, ids, name = 'Kanbots', columnNames = DEFAULT_COLUMN_NAMES }: CreateBoardOptions): Board {
  const now = clock.now();
  return {
    id: ids.next('board'),
    name,
    revision: 0,
    columns: columnNames.map((columnName, order) => ({ id: ids.next('column'), name: columnName, order })),
    cards: [],
    projects: [],
    createdAt: now,
    updatedAt: now,
  };
}
