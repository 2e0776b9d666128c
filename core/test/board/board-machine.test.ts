import { describe, expect, it } from 'vitest';
import { createActor, fromPromise } from 'xstate';
import { boardMachine, type BoardActorEmitted, type PersistBoardInput } from '../../src/board/board-machine.js';
import { createBoard } from '../../src/board/create-board.js';
import type { BoardCommand } from '../../src/model/board-commands.js';
import { ManualClock } from '../../src/ports/clock.js';
import { SequentialIdGenerator } from '../../src/ports/ids.js';

/** A persistBoard effect the test completes by hand, recording what it was asked to write. */
function manualPersistence() {
  const writes: { input: PersistBoardInput; succeed: () => void; fail: (error: Error) => void }[] = [];
  const persistBoard = fromPromise<void, PersistBoardInput>(
    ({ input }) => new Promise<void>((resolve, reject) => writes.push({ input, succeed: resolve, fail: reject })),
  );
  return { writes, persistBoard };
}

function startBoardActor(persistBoard: ReturnType<typeof manualPersistence>['persistBoard']) {
  const clock = new ManualClock(1_000);
  const ids = new SequentialIdGenerator();
  const board = createBoard({ clock, ids });
  const actor = createActor(boardMachine.provide({ actors: { persistBoard } }), { input: { board, clock, ids } });
  const emitted: BoardActorEmitted[] = [];
  actor.on('*', (event) => emitted.push(event));
  actor.start();
  let request = 0;
  const send = (command: BoardCommand) => actor.send({ type: 'board.command', requestId: `r${++request}`, command });
  return { actor, emitted, send, board };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('board actor', () => {
  it('handles one command at a time in arrival order, changing the board only once it is persisted', async () => {
    const persistence = manualPersistence();
    const { actor, emitted, send } = startBoardActor(persistence.persistBoard);
    send({ type: 'card.create', title: 'one' });
    send({ type: 'card.create', title: 'two' });
    await flush();
    expect(actor.getSnapshot().value).toBe('persisting');
    expect(persistence.writes).toHaveLength(1);
    expect(actor.getSnapshot().context.board.cards).toEqual([]); // not yet durable
    expect(actor.getSnapshot().context.queue).toHaveLength(1);

    persistence.writes[0]!.succeed();
    await flush();
    expect(persistence.writes).toHaveLength(2);
    expect(persistence.writes[1]!.input.board.cards.map((card) => card.title)).toEqual(['one', 'two']);
    persistence.writes[1]!.succeed();
    await flush();
    expect(actor.getSnapshot().value).toBe('idle');
    expect(actor.getSnapshot().context.board.revision).toBe(2);
    expect(emitted.map((event) => [event.type, event.requestId])).toEqual([
      ['board.command.accepted', 'r1'],
      ['board.command.accepted', 'r2'],
    ]);
  });

  it('rolls back when persisting fails and carries on from the old board', async () => {
    const persistence = manualPersistence();
    const { actor, emitted, send } = startBoardActor(persistence.persistBoard);
    send({ type: 'board.rename', name: 'Lost' });
    send({ type: 'board.rename', name: 'Kept' });
    await flush();
    persistence.writes[0]!.fail(new Error('disk full'));
    await flush();
    expect(emitted[0]).toMatchObject({ type: 'board.command.rejected', requestId: 'r1', stage: 'persist', error: { message: 'disk full' } });
    expect(persistence.writes[1]!.input.board).toMatchObject({ name: 'Kept', revision: 1 });
    persistence.writes[1]!.succeed();
    await flush();
    expect(actor.getSnapshot().context.board).toMatchObject({ name: 'Kept', revision: 1 });
  });

  it('rejects a command the board refuses without persisting anything', async () => {
    const persistence = manualPersistence();
    const { actor, emitted, send, board } = startBoardActor(persistence.persistBoard);
    send({ type: 'card.delete', cardId: 'card_missing' });
    await flush();
    expect(persistence.writes).toEqual([]);
    expect(emitted).toEqual([
      { type: 'board.command.rejected', requestId: 'r1', stage: 'apply', error: expect.objectContaining({ name: 'NotFoundError', code: 'not_found' }) },
    ]);
    expect(actor.getSnapshot().context.board).toBe(board);
  });

  it('says how to bind the persistBoard effect when none was provided', async () => {
    const clock = new ManualClock();
    const ids = new SequentialIdGenerator();
    const actor = createActor(boardMachine, { input: { board: createBoard({ clock, ids }), clock, ids } });
    const emitted: BoardActorEmitted[] = [];
    actor.on('*', (event) => emitted.push(event));
    actor.start();
    actor.send({ type: 'board.command', requestId: 'r1', command: { type: 'board.rename', name: 'x' } });
    await flush();
    expect(emitted[0]).toMatchObject({ stage: 'persist', error: { message: expect.stringContaining('boardMachine.provide') } });
  });
});
