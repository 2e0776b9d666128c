import { describe, expect, it } from 'vitest';
import { boardCommandSchema, type BoardChange } from '../../src/model/board-commands.js';
import { PROTOCOL_VERSION, createSeqTracker, eventsOf } from '../../src/protocol/index.js';
import { boardHub } from './protocol-client.js';

describe('board commands over the protocol', () => {
  it('greets a client with the protocol version, seq and snapshot', () => {
    const { board, connect } = boardHub();
    const client = connect();
    expect(client.received).toEqual([
      { type: 'hello', protocolVersion: PROTOCOL_VERSION, serverVersion: '0.0.0-test', seq: 0, snapshot: { board: board.getBoard(), runs: [], statecharts: {} } },
    ]);
  });

  it('registers one command per board command type, plus snapshot.get', () => {
    const { hub } = boardHub();
    const boardCommandNames = boardCommandSchema.options.map((option) => option.shape.type.value);
    expect(hub.commands.names()).toEqual([...boardCommandNames, 'host.ping', 'snapshot.get'].sort());
  });

  it('runs a valid command, replies with the change and publishes it as board.changed', async () => {
    const { board, connect } = boardHub();
    const client = connect();
    const observer = connect();
    const reply = await client.command('c1', 'card.create', { title: 'Fix login', labels: ['auth'] });
    expect(reply).toMatchObject({ id: 'c1', ok: true, result: { type: 'board.changed', command: 'card.create', revision: 1 } });
    const change = (reply as { result: BoardChange }).result;
    expect(change.upsertedCards[0]).toMatchObject({ title: 'Fix login', labels: ['auth'] });
    expect(board.getBoard().cards).toHaveLength(1);
    for (const received of [client.received, observer.received]) {
      expect(received.filter((message) => message.type === 'event')).toEqual([{ type: 'event', seq: 1, topic: 'board.changed', data: change }]);
    }
  });

  it('chains commands: move, rename, archive, each one event with the next seq', async () => {
    const { board, connect } = boardHub();
    const client = connect();
    const created = await client.command('c1', 'card.create', { title: 'A' });
    const cardId = (created as { result: BoardChange }).result.createdId!;
    const [, secondColumn] = board.getBoard().columns;
    expect((await client.command('c2', 'card.move', { cardId, columnId: secondColumn!.id, index: 0 })).ok).toBe(true);
    expect((await client.command('c3', 'board.rename', { name: 'Team' })).ok).toBe(true);
    expect((await client.command('c4', 'card.archive', { cardId })).ok).toBe(true);
    expect(board.getBoard()).toMatchObject({ name: 'Team', revision: 4 });
    const tracker = createSeqTracker(0);
    const verdicts = client.received.flatMap(eventsOf).map((event) => tracker.accept(event.seq));
    expect(verdicts).toEqual(['apply', 'apply', 'apply', 'apply']);
  });

  it('snapshot.get returns the current seq and board; commands without args default to {}', async () => {
    const { board, connect } = boardHub();
    const client = connect();
    await client.command('c1', 'card.create', { title: 'A' });
    const withoutArgs = await client.send(JSON.stringify({ type: 'command', id: 's1', name: 'snapshot.get' }));
    expect(withoutArgs).toEqual({ type: 'reply', id: 's1', ok: true, result: { seq: 1, snapshot: { board: board.getBoard(), runs: [], statecharts: {} } } });
    const withExtra = await client.command('s2', 'snapshot.get', { since: 0 });
    expect(withExtra).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
  });

  it('stops sending to a closed session and to one whose transport failed', async () => {
    const { hub, connect } = boardHub();
    const closed = connect();
    closed.session.close();
    const failing = hub.connect({
      send: (message) => {
        if (message.type !== 'hello') throw new Error('socket gone');
      },
    });
    const client = connect();
    expect(hub.sessionCount).toBe(3 - 1);
    await client.command('c1', 'card.create', { title: 'A' });
    expect(failing.isClosed).toBe(true);
    expect(hub.sessionCount).toBe(1);
    expect(closed.received.map((message) => message.type)).toEqual(['hello']);
  });
});
