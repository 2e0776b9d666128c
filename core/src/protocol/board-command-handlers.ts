import type { z } from 'zod';
import { boardCommandSchema, type BoardChange } from '../model/board-commands.js';
import type { Board } from '../model/board.js';
import type { CommandHandler } from './command-handler.js';
import type { ProtocolHub } from './protocol-hub.js';

/**
 * The board's commands on the protocol: one handler per `BoardCommand` type (`card.create`, …),
 * its `args` being the command without `type` (unknown keys refused). The handler forwards
 * `{ type: name, ...args }` to the board service, which validates again, persists and answers
 * with the `BoardChange`. Derived from the command union, so a new board command plugs in itself.
 */

/** The part of the board service the protocol needs (core/src/board). */
export interface BoardCommandTarget {
  getBoard(): Board;
  dispatch(command: unknown): Promise<BoardChange>;
  subscribe(listener: (change: BoardChange) => void): () => void;
}

export const BOARD_CHANGED_TOPIC = 'board.changed';

export function createBoardCommandHandlers(board: Pick<BoardCommandTarget, 'dispatch'>): CommandHandler<never, BoardChange>[] {
  return boardCommandSchema.options.map((option) => {
    const name = option.shape.type.value;
    const args = (option as z.ZodObject).omit({ type: true }).strict();
    const handler: CommandHandler<Record<string, unknown>, BoardChange> = {
      name,
      args,
      handle: (commandArgs) => board.dispatch({ ...commandArgs, type: name }),
    };
    return handler as CommandHandler<never, BoardChange>;
  });
}

/** Publishes every board change as a `board.changed` event; returns the unsubscribe function. */
export function publishBoardChanges(hub: ProtocolHub, board: Pick<BoardCommandTarget, 'subscribe'>): () => void {
  return board.subscribe((change) => hub.publish(BOARD_CHANGED_TOPIC, change));
}
