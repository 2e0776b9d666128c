import { z } from 'zod';
import { limits } from './limits.js';
import { cardSchema, cardTargetSchema, columnSchema, idSchema, labelSchema, type Board } from './board.js';
import { branchNameSchema, projectAgentsSchema, projectNameSchema, projectRepositorySchema, projectSchema } from './project.js';

/**
 * Everything that can change a board, as one closed union of plain, serialisable messages
 * (STYLE §3). The protocol, the headless API and the UI all send these; the board actor decides
 * what they mean. Indexes are positions among the destination's visible (non-archived) items;
 * out-of-range indexes are clamped.
 */

const index = z.number().int().nonnegative();
const title = z.string().trim().min(1, 'a card needs a title').max(limits.titleLength);
const columnName = z.string().trim().min(1, 'a column needs a name').max(limits.columnNameLength);

export const boardCommandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('column.add'), name: columnName, index: index.optional() }),
  z.object({ type: z.literal('column.rename'), columnId: idSchema, name: columnName }),
  z.object({ type: z.literal('column.move'), columnId: idSchema, index }),
  /** A column that still holds cards needs `moveCardsTo`; its cards are appended there. */
  z.object({ type: z.literal('column.remove'), columnId: idSchema, moveCardsTo: idSchema.optional() }),
  z.object({
    type: z.literal('card.create'),
    title,
    description: z.string().max(limits.descriptionLength).optional(),
    labels: z.array(labelSchema).max(limits.labelsPerCard).optional(),
    /** Defaults to the first column. */
    columnId: idSchema.optional(),
    /** Defaults to the end of the column. */
    index: index.optional(),
    target: cardTargetSchema.optional(),
    projectId: idSchema.optional(),
  }),
  z.object({
    type: z.literal('card.update'),
    cardId: idSchema,
    patch: z
      .object({
        title: title.optional(),
        description: z.string().max(limits.descriptionLength).optional(),
        labels: z.array(labelSchema).max(limits.labelsPerCard).optional(),
        /** `null` clears the target. */
        target: cardTargetSchema.nullable().optional(),
        /** `null` takes the card out of its project. */
        projectId: idSchema.nullable().optional(),
      })
      .strict(),
  }),
  z.object({ type: z.literal('card.move'), cardId: idSchema, columnId: idSchema, index }),
  z.object({ type: z.literal('card.archive'), cardId: idSchema }),
  z.object({ type: z.literal('card.unarchive'), cardId: idSchema }),
  z.object({ type: z.literal('card.delete'), cardId: idSchema }),
  z.object({ type: z.literal('board.rename'), name: z.string().trim().min(1).max(limits.boardNameLength) }),
  /**
   * A repository becomes a project. The host checks the folder first (a git repository with a
   * commit, the branch exists) and stores its real top-level path; name defaults to the folder's.
   */
  z.object({
    type: z.literal('project.add'),
    repository: projectRepositorySchema,
    name: projectNameSchema.optional(),
    baseBranch: branchNameSchema,
    agents: projectAgentsSchema.optional(),
  }),
  z.object({
    type: z.literal('project.update'),
    projectId: idSchema,
    patch: z.object({ name: projectNameSchema.optional(), baseBranch: branchNameSchema.optional(), agents: projectAgentsSchema.optional() }).strict(),
  }),
  /** A project that cards still belong to needs `detachCards: true`; those cards then have no project (nothing else changes). */
  z.object({ type: z.literal('project.remove'), projectId: idSchema, detachCards: z.boolean().optional() }),
]);

export type BoardCommand = z.infer<typeof boardCommandSchema>;
export type BoardCommandType = BoardCommand['type'];

export const boardCommandTypes = boardCommandSchema.options.map((option) => option.shape.type.value) as [BoardCommandType, ...BoardCommandType[]];

/**
 * What one accepted command changed, emitted after it was persisted. Carries whole records for
 * everything touched so a client can patch its copy; `revision` is the board's new revision.
 */
export const boardChangeSchema = z.object({
  type: z.literal('board.changed'),
  revision: z.number().int().nonnegative(),
  command: z.enum(boardCommandTypes),
  /** The id of a card or column the command created, if any. */
  createdId: z.string().optional(),
  upsertedCards: z.array(cardSchema),
  removedCardIds: z.array(z.string()),
  /** The full, ordered column list when any column changed. */
  columns: z.array(columnSchema).optional(),
  /** The full project list when any project changed. */
  projects: z.array(projectSchema).optional(),
  boardName: z.string().optional(),
});
export type BoardChange = z.infer<typeof boardChangeSchema>;

/** Applies a change to a client's copy of the board (pure; used by the UI and tests). */
export function applyBoardChange(board: Board, change: BoardChange): Board {
  const removed = new Set(change.removedCardIds);
  const upserted = new Map(change.upsertedCards.map((card) => [card.id, card]));
  const cards = board.cards.filter((card) => !removed.has(card.id) && !upserted.has(card.id));
  cards.push(...upserted.values());
  return {
    ...board,
    name: change.boardName ?? board.name,
    revision: change.revision,
    columns: change.columns ?? board.columns,
    projects: change.projects ?? board.projects,
    cards,
  };
}
