/** Browser-safe subpath `@kanbots/core/model`: plain data, schemas and pure helpers only. */
export * from './board.js';
export * from './board-commands.js';
export * from './project.js';
export { toErrorData } from '../errors.js';
export type { ErrorData } from '../errors.js';
export { errorDataSchema } from './error-data.js';
export { applyBoardCommand } from '../board/apply-board-command.js';
export type { BoardCommandContext, BoardCommandResult } from '../board/apply-board-command.js';
export { limits, tailOf } from './limits.js';
export type { Limits } from './limits.js';
