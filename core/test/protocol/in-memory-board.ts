import { applyBoardCommand } from '../../src/board/apply-board-command.js';
import { createBoard } from '../../src/board/create-board.js';
import type { BoardChange } from '../../src/model/board-commands.js';
import type { Board } from '../../src/model/board.js';
import { ManualClock } from '../../src/ports/clock.js';
import { SequentialIdGenerator } from '../../src/ports/ids.js';
import type { BoardCommandTarget } from '../../src/protocol/index.js';

/** A board target over the real board rules, kept in memory (no persistence needed here). */
export function inMemoryBoard(): BoardCommandTarget & { dispatched: number } {
  const context = { clock: new ManualClock(), ids: new SequentialIdGenerator() };
  let board: Board = createBoard(context);
  const listeners = new Set<(change: BoardChange) => void>();
  const target = {
    dispatched: 0,
    getBoard: () => board,
    async dispatch(command: unknown) {
      target.dispatched += 1;
      const result = applyBoardCommand(board, command, context);
      board = result.board;
      for (const listener of listeners) listener(result.change);
      return result.change;
    },
    subscribe(listener: (change: BoardChange) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return target;
}
