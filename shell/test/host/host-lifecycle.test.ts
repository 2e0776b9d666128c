import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataDirLockedError, LOCK_FILE_NAME, type BoardChange } from '@kanbots/core';
import { describe, expect, it } from 'vitest';
import { openClient, useHostContext } from './host-test-context.js';

describe('the host runs the board for its clients', () => {
  const context = useHostContext();

  it('two clients both receive the event of a change one of them made', async () => {
    const host = await context.start({ dataDir: await context.temporaryDirectory() });
    const first = await openClient(host.port, host.token);
    const second = await openClient(host.port, host.token);
    context.track(first.socket);
    context.track(second.socket);
    const reply = await first.command('c1', 'card.create', { title: 'Write the protocol' });
    expect(reply).toMatchObject({ ok: true, result: { command: 'card.create', revision: 1 } });
    for (const client of [first, second]) {
      const event = await client.next((message) => message.type === 'event');
      expect(event).toMatchObject({ type: 'event', seq: 1, topic: 'board.changed', data: { upsertedCards: [{ title: 'Write the protocol' }] } });
    }
  });

  it('answers a bad message on the socket with an error reply and keeps the connection', async () => {
    const host = await context.start({ dataDir: await context.temporaryDirectory() });
    const client = await openClient(host.port, host.token);
    context.track(client.socket);
    client.socket.send('{not json');
    expect(await client.next((message) => message.type === 'reply')).toMatchObject({ ok: false, id: null, error: { code: 'malformed_json' } });
    expect(await client.command('c2', 'board.rename', { name: 'Still here' })).toMatchObject({ ok: true });
  });

  it('holds the data directory lock while running, releases it on stop, and keeps the board across restarts', async () => {
    const dataDir = await context.temporaryDirectory();
    const host = await context.start({ dataDir });
    expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(true);
    await expect(context.start({ dataDir })).rejects.toBeInstanceOf(DataDirLockedError);
    const client = await openClient(host.port, host.token);
    const created = await client.command('c1', 'card.create', { title: 'Survives restarts' });
    const cardId = ((created as { result: BoardChange }).result).createdId;
    await host.stop();
    expect(client.socket.readyState).toBeGreaterThanOrEqual(2);
    expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(false);

    const restarted = await context.start({ dataDir });
    const again = await openClient(restarted.port, restarted.token);
    context.track(again.socket);
    const hello = await again.next((message) => message.type === 'hello');
    expect(hello).toMatchObject({ snapshot: { board: { revision: 1, cards: [{ id: cardId, title: 'Survives restarts' }] } } });
  });
});
