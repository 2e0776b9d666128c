import { assertEvent, assign, emit, fromPromise, setup } from 'xstate';
import { toErrorData, type ErrorData } from '../errors.js';
import type { Board } from '../model/board.js';
import type { BoardChange, BoardCommand } from '../model/board-commands.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/ids.js';
import { applyBoardCommand } from './apply-board-command.js';

/**
 * The board actor: receives `board.command` messages, one at a time in arrival order; applies
 * each with the pure `applyBoardCommand`; hands the candidate board to the named effect
 * `persistBoard` (bound by the host with `.provide()`); and only when that succeeds makes it the
 * board and emits `board.command.accepted`. A rejected command or a failed write emits
 * `board.command.rejected` and leaves the board as it was.
 *
 *   idle ──board.command──▶ applying ──ok──▶ persisting ──done──▶ idle (accepted)
 *                              └──error──▶ idle (rejected)   └──error──▶ idle (rejected, rolled back)
 */

export interface BoardActorInput {
  board: Board;
  clock: Clock;
  ids: IdGenerator;
}

/** Messages the board actor receives. */
export type BoardActorEvent = { type: 'board.command'; requestId: string; command: BoardCommand };

/** Messages the board actor emits (subscribe with `actor.on(type, handler)`). */
export type BoardActorEmitted =
  | { type: 'board.command.accepted'; requestId: string; change: BoardChange }
  | { type: 'board.command.rejected'; requestId: string; stage: 'apply' | 'persist'; error: ErrorData };

/** Input of the `persistBoard` effect: the board to make durable and the change that produced it. */
export interface PersistBoardInput {
  board: Board;
  change: BoardChange;
}

type Attempt =
  | { requestId: string; accepted: true; board: Board; change: BoardChange }
  | { requestId: string; accepted: false; error: ErrorData };

export interface BoardActorContext {
  /** The board as last persisted. */
  board: Board;
  /** Commands waiting their turn, oldest first. */
  queue: BoardActorEvent[];
  /** The command being applied or persisted. */
  attempt: Attempt | undefined;
  clock: Clock;
  ids: IdGenerator;
}

export const boardMachine = setup({
  types: {
    context: {} as BoardActorContext,
    events: {} as BoardActorEvent,
    input: {} as BoardActorInput,
    emitted: {} as BoardActorEmitted,
  },
  actors: {
    persistBoard: fromPromise<void, PersistBoardInput>(async () => {
      throw new Error('The board actor needs a persistBoard effect: bind one with boardMachine.provide({ actors: { persistBoard } })');
    }),
  },
  actions: {
    enqueueCommand: assign({
      queue: ({ context, event }) => {
        assertEvent(event, 'board.command');
        return [...context.queue, event];
      },
    }),
    applyNextCommand: assign(({ context }) => {
      const [next, ...rest] = context.queue;
      if (next === undefined) return {};
      try {
        const { board, change } = applyBoardCommand(context.board, next.command, { clock: context.clock, ids: context.ids });
        return { queue: rest, attempt: { requestId: next.requestId, accepted: true, board, change } satisfies Attempt };
      } catch (error) {
        return { queue: rest, attempt: { requestId: next.requestId, accepted: false, error: toErrorData(error) } satisfies Attempt };
      }
    }),
    commitAttempt: assign({ board: ({ context }) => (context.attempt?.accepted ? context.attempt.board : context.board) }),
    emitAccepted: emit(({ context }) => {
      const attempt = context.attempt;
      if (!attempt?.accepted) throw new Error('emitAccepted without an accepted attempt');
      return { type: 'board.command.accepted' as const, requestId: attempt.requestId, change: attempt.change };
    }),
    emitRejected: emit(({ context }) => {
      const attempt = context.attempt;
      if (attempt === undefined || attempt.accepted) throw new Error('emitRejected without a rejected attempt');
      return { type: 'board.command.rejected' as const, requestId: attempt.requestId, stage: 'apply' as const, error: attempt.error };
    }),
    emitPersistFailed: emit(({ context }, params: { error: unknown }) => ({
      type: 'board.command.rejected' as const,
      requestId: context.attempt?.requestId ?? '',
      stage: 'persist' as const,
      error: toErrorData(params.error),
    })),
    clearAttempt: assign({ attempt: undefined }),
  },
  guards: {
    hasQueuedCommand: ({ context }) => context.queue.length > 0,
    attemptAccepted: ({ context }) => context.attempt?.accepted === true,
  },
}).createMachine({
  id: 'board',
  context: ({ input }) => ({ board: input.board, queue: [], attempt: undefined, clock: input.clock, ids: input.ids }),
  initial: 'idle',
  on: {
    'board.command': { actions: 'enqueueCommand' },
  },
  states: {
    idle: {
      always: { guard: 'hasQueuedCommand', target: 'applying' },
      on: {
        'board.command': { target: 'applying', actions: 'enqueueCommand' },
      },
    },
    applying: {
      entry: 'applyNextCommand',
      always: [
        { guard: 'attemptAccepted', target: 'persisting' },
        { target: 'idle', actions: ['emitRejected', 'clearAttempt'] },
      ],
    },
    persisting: {
      invoke: {
        src: 'persistBoard',
        input: ({ context }) => {
          const attempt = context.attempt;
          if (!attempt?.accepted) throw new Error('persisting without an accepted attempt');
          return { board: attempt.board, change: attempt.change };
        },
        onDone: { target: 'idle', actions: ['commitAttempt', 'emitAccepted', 'clearAttempt'] },
        onError: {
          target: 'idle',
          actions: [{ type: 'emitPersistFailed', params: ({ event }) => ({ error: event.error }) }, 'clearAttempt'],
        },
      },
    },
  },
});

export type BoardMachine = typeof boardMachine;
