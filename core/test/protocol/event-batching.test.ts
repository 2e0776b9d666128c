import { describe, expect, it } from 'vitest';
import { ManualScheduler, createSeqTracker, eventsOf, type ServerMessage } from '../../src/protocol/index.js';
import { boardHub } from './protocol-client.js';

/** A token of an agent's streamed text (`run.agent.event`, batched in these tests). */
function delta(text: string) {
  return { runId: 'run-1', agent: 'developer', event: { type: 'agent.text.delta' as const, agentId: 'agent-1', at: 1, turn: 1, index: 0, text } };
}
/** A key's status (`secrets.changed`). */
function secretStatus(set: boolean) {
  return { name: 'anthropic.apiKey' as const, set, source: set ? ('memory' as const) : ('none' as const) };
}

describe('events: seq, batching and gaps', () => {
  function batchingHub() {
    const scheduler = new ManualScheduler();
    const context = boardHub({ scheduler, batchedTopics: { 'run.agent.event': true, 'secrets.changed': 100 } });
    return { scheduler, ...context };
  }

  it('batches high-rate topics for their window and sends them as one event.batch', () => {
    const { scheduler, hub, connect } = batchingHub();
    const client = connect();
    hub.publish('run.agent.event', delta('Hel'));
    hub.publish('run.agent.event', delta('lo'));
    expect(client.received.map((message) => message.type)).toEqual(['hello']);
    scheduler.advance(29);
    expect(client.received).toHaveLength(1);
    scheduler.advance(1);
    expect(client.received[1]).toEqual({
      type: 'event.batch',
      events: [
        { type: 'event', seq: 1, topic: 'run.agent.event', data: delta('Hel') },
        { type: 'event', seq: 2, topic: 'run.agent.event', data: delta('lo') },
      ],
    });
    expect(scheduler.size).toBe(0);
  });

  it('keeps publish order: an unbatched event flushes what is waiting first', async () => {
    const { hub, connect } = batchingHub();
    const client = connect();
    hub.publish('run.agent.event', delta('a'));
    hub.publish('secrets.changed', secretStatus(true));
    await client.command('c1', 'card.create', { title: 'C' });
    hub.publish('run.agent.event', delta('d'));
    hub.flush();
    const events = client.received.flatMap(eventsOf);
    expect(events.map((event) => [event.seq, event.topic])).toEqual([
      [1, 'run.agent.event'],
      [2, 'secrets.changed'],
      [3, 'board.changed'],
      [4, 'run.agent.event'],
    ]);
    expect(client.received.filter((message) => message.type !== 'reply').map((message) => message.type)).toEqual(['hello', 'event.batch', 'event', 'event.batch']);
  });

  it('uses the shortest waiting window (a topic of 100 ms, then a 30 ms one)', () => {
    const { scheduler, hub, connect } = batchingHub();
    const client = connect();
    hub.publish('secrets.changed', secretStatus(true));
    scheduler.advance(50);
    expect(client.received).toHaveLength(1);
    hub.publish('run.agent.event', delta('x'));
    scheduler.advance(30);
    expect(client.received.flatMap(eventsOf).map((event) => event.seq)).toEqual([1, 2]);
  });

  it('flushes waiting events before greeting a new client, whose hello seq covers them', () => {
    const { hub, connect } = batchingHub();
    const early = connect();
    hub.publish('run.agent.event', delta('x'));
    const late = connect();
    expect(early.received.flatMap(eventsOf).map((event) => event.seq)).toEqual([1]);
    expect(late.received).toEqual([expect.objectContaining({ type: 'hello', seq: 1 })]);
  });

  it('a client that missed an event sees a gap and resyncs with snapshot.get', async () => {
    const { hub, connect } = boardHub();
    const client = connect();
    const hello = client.received[0] as Extract<ServerMessage, { type: 'hello' }>;
    const tracker = createSeqTracker(hello.seq);
    hub.publish('secrets.changed', secretStatus(true));
    hub.publish('secrets.changed', secretStatus(false));
    const [first, second] = client.received.flatMap(eventsOf);
    expect(tracker.accept(first!.seq)).toBe('apply');
    expect(tracker.accept(first!.seq)).toBe('stale');
    hub.publish('secrets.changed', secretStatus(true));
    const third = client.received.flatMap(eventsOf)[2]!;
    expect(second!.seq).toBe(2);
    expect(tracker.accept(third.seq)).toBe('gap'); // event 2 was "lost"
    expect(tracker.seq).toBe(1);
    const reply = await client.command('s1', 'snapshot.get');
    const { seq } = (reply as { result: { seq: number } }).result;
    tracker.reset(seq);
    expect(tracker.seq).toBe(3);
    hub.publish('secrets.changed', secretStatus(false));
    expect(tracker.accept(client.received.flatMap(eventsOf).at(-1)!.seq)).toBe('apply');
  });

  it('continues from an initial seq and refuses to publish after close', () => {
    const { hub, connect } = boardHub({ initialSeq: 41 });
    const client = connect();
    expect(client.received[0]).toMatchObject({ seq: 41 });
    expect(hub.publish('secrets.changed', secretStatus(true))).toBe(42);
    hub.close();
    expect(client.session.isClosed).toBe(true);
    expect(() => hub.publish('secrets.changed', secretStatus(true))).toThrow(/closed/);
  });

  it('refuses to publish data that does not fit its topic, and sends nothing', () => {
    const { hub, connect } = boardHub();
    const client = connect();
    const wrong = { ...secretStatus(true), set: 'yes' } as unknown as ReturnType<typeof secretStatus>;
    expect(() => hub.publish('secrets.changed', wrong)).toThrow(expect.objectContaining({ name: 'ProtocolError', code: 'invalid_event' }));
    expect(hub.seq).toBe(0);
    expect(client.received.map((message) => message.type)).toEqual(['hello']);
  });
});
