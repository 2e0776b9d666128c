import { expect } from 'vitest';
import { applyBoardCommand } from '../../src/board/apply-board-command.js';
import { findBoardInconsistencies } from '../../src/board/board-invariants.js';
import { createBoard } from '../../src/board/create-board.js';
import { cardsInColumn, orderedColumns, type Board } from '../../src/model/board.js';
import type { BoardChange } from '../../src/model/board-commands.js';
import { ManualClock } from '../../src/ports/clock.js';
import { SequentialIdGenerator } from '../../src/ports/ids.js';

/** A fresh board (columns Backlog, In progress, Review, Done) with a clock and ids tests control. */
export function boardTestContext() {
  const clock = new ManualClock(1_000);
  const ids = new SequentialIdGenerator();
  const context = { clock, ids };
  const initial = createBoard(context);
  const [backlog, inProgress, review, done] = orderedColumns(initial).map((column) => column.id) as [string, string, string, string];
  let board = initial;
  let lastChange: BoardChange | undefined;

  return {
    clock,
    ids,
    columns: { backlog, inProgress, review, done },
    get board() {
      return board;
    },
    get lastChange() {
      return lastChange;
    },
    /** Applies a command to the current board and keeps the result; checks invariants every time. */
    apply(command: unknown): BoardChange {
      const result = applyBoardCommand(board, command, context);
      expect(findBoardInconsistencies(result.board)).toEqual([]);
      board = result.board;
      lastChange = result.change;
      return result.change;
    },
    /** Creates cards titled as given, in order, in a column (default Backlog); returns their ids. */
    cards(titles: string[], columnId = backlog): string[] {
      return titles.map((title) => this.apply({ type: 'card.create', title, columnId }).createdId as string);
    },
    /** Asserts the command is refused with `errorClass` and the board (and its revision) did not move. */
    expectRejected(command: unknown, errorClass: abstract new (...args: never[]) => Error, message?: RegExp): Error {
      const before = structuredClone(board);
      let thrown: unknown;
      try {
        applyBoardCommand(board, command, context);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(errorClass);
      if (message) expect((thrown as Error).message).toMatch(message);
      expect(board).toEqual(before);
      return thrown as Error;
    },
    titles(columnId: string, includeArchived = false): string[] {
      return cardsInColumn(board, columnId, { includeArchived }).map((card) => card.title);
    },
    columnNames(): string[] {
      return orderedColumns(board).map((column) => column.name);
    },
  };
}

export function sameBoard(a: Board, b: Board): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
