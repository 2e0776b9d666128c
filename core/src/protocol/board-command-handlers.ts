import type { BoardChange, BoardCommandType } from '../model/board-commands.js';
import type { Board } from '../model/board.js';
import { boardCommands } from './board-commands.js';
import { implementCommand, type AnyCommandHandler } from './command-handler.js';
import type { ProtocolHub } from './protocol-hub.js';

/**
 * The board's commands on the protocol: one handler per `BoardCommand` type, forwarding
 * `{ type: name, ...args }` to the board service, which validates again, persists and answers
 * with the `BoardChange`.
 */

/** The part of the board service the protocol needs (core/src/board). */
export interface BoardCommandTarget {
  getBoard(): Board;
  dispatch(command: unknown): Promise<BoardChange>;
  subscribe(listener: (change: BoardChange) => void): () => void;
}

export function createBoardCommandHandlers(board: Pick<BoardCommandTarget, 'dispatch'>): AnyCommandHandler[] {
  return (Object.keys(boardCommands) as BoardCommandType[]).map(
    (name) => implementCommand(name, (args: object) => board.dispatch({ ...args, type: name })) as AnyCommandHandler,
  );
}

/** Publishes every board change as a `board.changed` event; returns the unsubscribe function. */
export function publishBoardChanges(hub: Pick<ProtocolHub, 'publish'>, board: Pick<BoardCommandTarget, 'subscribe'>): () => void {
  return board.subscribe((change) => hub.publish('board.changed', change));
}
