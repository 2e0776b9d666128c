import { join } from 'node:path';
import { BOARD_SCHEMA_VERSION, boardSchema, cardSchema, type Board } from '../model/board.js';
import type { StoredDocumentSpec } from '../store/kanbots-store.js';
import { findBoardStructureProblems } from './board-invariants.js';

/** The board's file in a JSON data directory. */
export const BOARD_FILE_NAME = 'board.json';

/**
 * A stored board must also be structurally sound (unique ids, cards in existing columns);
 * otherwise the file is treated as corrupt and set aside. Card orders are repaired on load.
 */
export const storedBoardSchema = boardSchema.superRefine((board, context) => {
  for (const problem of findBoardStructureProblems(board)) context.addIssue({ code: 'custom', message: problem });
});

/**
 * Migrations of `board.json`, key n migrating version n to n+1. Version 1 is the first released
 * format; add a step here (and a fixture in core/test/board/fixtures) when the format changes.
 */
export const boardMigrations: Record<number, (data: unknown) => unknown> = {
  /** Version 2 added projects: an older board has none, and its cards keep their own targets. */
  1: (data) => (isRecord(data) ? { ...data, projects: [] } : data),
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The board as a document of the store (`board.json` in the JSON store). In the database its
 * cards are rows of their own, grouped by column and archived state and ordered by rank keys, so
 * a move stores the board's header and the moved card. What a command does to the board is
 * checked by the board's rules (`applyBoardCommand`); the store checks each card it writes and
 * the header, and the whole board again when it is read.
 */
export function boardDocument(migrations: Record<number, (data: unknown) => unknown> = boardMigrations): StoredDocumentSpec<Board> {
  return {
    kind: 'board',
    schema: storedBoardSchema,
    version: BOARD_SCHEMA_VERSION,
    migrations,
    rows: { field: 'cards', schema: cardSchema, groupBy: ['columnId', 'archived'], orderField: 'order' },
  };
}
