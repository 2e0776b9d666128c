/**
 * @kanbots/core — the public surface. Internals stay out; test doubles live on
 * `@kanbots/core/testing`.
 */

// errors and ports
export { KanbotsError, ValidationError, NotFoundError, ConflictError, ConfigurationError, toErrorData, validationErrorFrom } from './errors.js';
export type { ErrorData, KanbotsErrorOptions } from './errors.js';
export { systemClock, ManualClock } from './ports/clock.js';
export type { Clock } from './ports/clock.js';
export { nanoIdGenerator, SequentialIdGenerator } from './ports/ids.js';
export type { IdGenerator } from './ports/ids.js';

// board model
export * from './model/board.js';
export * from './model/board-commands.js';

// model port
export { estimateCostUsd } from './providers/model-port.js';
export type * from './providers/model-port.js';
export { ProviderError } from './providers/provider-errors.js';
export type { ProviderErrorKind, ProviderErrorOptions } from './providers/provider-errors.js';

// tools
export { decideTool } from './agents/tools/tool.js';
export type * from './agents/tools/tool.js';

// -- store (issue 2) --
// -- board actor (issue 2) --
// -- git worktrees (issue 2) --
// -- providers (issue 3) --
// -- tools (issue 3) --
// -- agent actor (issue 3) --
// -- protocol (issue 5) --
