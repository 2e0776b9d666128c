import { z } from 'zod';
import { idSchema, timestampSchema } from './ids.js';
import { limits } from './limits.js';
import { projectSchema } from './project.js';

/**
 * The board's plain data: validated with zod at every boundary (files read, commands received).
 * Ordering is explicit: columns carry `order`, cards carry `order` inside their column; both are
 * dense (0..n-1) and maintained by the board actor.
 */

/** Version 2 added projects (`board.projects`, `card.projectId`). */
export const BOARD_SCHEMA_VERSION = 2;

export { idSchema, timestampSchema };

export const columnSchema = z.object({
  id: idSchema,
  name: z.string().trim().min(1, 'a column needs a name').max(limits.columnNameLength),
  order: z.number().int().nonnegative(),
});
export type Column = z.infer<typeof columnSchema>;

export const labelSchema = z.string().trim().min(1).max(limits.labelLength);

/** The repository a card's agents work on, and the branch their worktrees start from. */
export const cardTargetSchema = z.object({
  repository: z.string().min(1).max(limits.pathLength),
  baseBranch: z.string().min(1).max(limits.branchLength).optional(),
});
export type CardTarget = z.infer<typeof cardTargetSchema>;

export const cardSchema = z.object({
  id: idSchema,
  title: z.string().trim().min(1, 'a card needs a title').max(limits.titleLength),
  description: z.string().max(limits.descriptionLength).default(''),
  labels: z.array(labelSchema).max(limits.labelsPerCard).default([]),
  columnId: idSchema,
  order: z.number().int().nonnegative(),
  /** The project the card belongs to (its repository and default branch); none for cards made before projects. */
  projectId: idSchema.optional(),
  /** A repository of its own, for cards without a project (boards made before projects, the headless API). */
  target: cardTargetSchema.optional(),
  archived: z.boolean().default(false),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type Card = z.infer<typeof cardSchema>;

export const boardSchema = z.object({
  id: idSchema,
  name: z.string().trim().min(1).max(limits.boardNameLength),
  /** Incremented by every accepted change; lets clients detect what they missed. */
  revision: z.number().int().nonnegative(),
  columns: z.array(columnSchema),
  cards: z.array(cardSchema),
  /** The repositories cards work on, in the order they were added. */
  projects: z.array(projectSchema).default([]),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type Board = z.infer<typeof boardSchema>;

export const DEFAULT_COLUMN_NAMES = ['Backlog', 'In progress', 'Review', 'Done'] as const;

/** Cards of one column, in order (archived cards excluded unless asked). */
export function cardsInColumn(board: Board, columnId: string, options: { includeArchived?: boolean } = {}): Card[] {
  return board.cards
    .filter((card) => card.columnId === columnId && (options.includeArchived || !card.archived))
    .sort((a, b) => a.order - b.order);
}

/** Columns in order. */
export function orderedColumns(board: Board): Column[] {
  return [...board.columns].sort((a, b) => a.order - b.order);
}
