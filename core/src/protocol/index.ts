/**
 * Browser-safe subpath `@kanbots/core/protocol`: the wire messages, the transport-neutral hub and
 * session, command handlers and the client-side seq tracker. zod and plain code only.
 */
export * from './messages.js';
export { CommandRegistry, defineCommand } from './command-handler.js';
export type { CommandContext, CommandHandler } from './command-handler.js';
export { ProtocolError } from './protocol-errors.js';
export type { ProtocolErrorCode } from './protocol-errors.js';
export { ProtocolSession } from './protocol-session.js';
export type { ProtocolSessionOptions, SessionTransport } from './protocol-session.js';
export { ProtocolHub, DEFAULT_BATCH_WINDOW_MS, PING_COMMAND } from './protocol-hub.js';
export type { ProtocolHubOptions } from './protocol-hub.js';
export { timerScheduler, ManualScheduler } from './scheduler.js';
export type { ProtocolScheduler } from './scheduler.js';
export { createBoardCommandHandlers, publishBoardChanges, BOARD_CHANGED_TOPIC } from './board-command-handlers.js';
export type { BoardCommandTarget } from './board-command-handlers.js';
export { createSeqTracker, eventsOf } from './seq-tracker.js';
export type { SeqTracker, SeqVerdict } from './seq-tracker.js';
export { toErrorData } from '../errors.js';
export type { ErrorData } from '../errors.js';
export * from './run-views.js';
export type { AgentEvent, AgentEventType } from '../agents/agent-events.js';
