import { describe, expect, it } from 'vitest';
import { serverMessageSchema } from '../../src/protocol/index.js';
import { boardHub } from './protocol-client.js';

describe('a message the host cannot accept gets an error reply and changes nothing', () => {
  async function rejected(text: string, options: Parameters<typeof boardHub>[0] = {}) {
    const { board, hub, connect } = boardHub(options);
    const client = connect();
    const boardBefore = board.getBoard();
    const seqBefore = hub.seq;
    const reply = await client.send(text);
    expect(serverMessageSchema.safeParse(reply).success).toBe(true);
    expect(board.dispatched).toBe(0);
    expect(board.getBoard()).toBe(boardBefore);
    expect(hub.seq).toBe(seqBefore);
    expect(client.received.filter((message) => message.type === 'event' || message.type === 'event.batch')).toEqual([]);
    if (reply.ok) throw new Error('expected an error reply');
    return reply;
  }

  it('refuses text that is not JSON', async () => {
    const reply = await rejected('{"type":"command", "id": "c1", ');
    expect(reply.id).toBe('c1');
    expect(reply.error).toMatchObject({ name: 'ProtocolError', code: 'malformed_json', retryable: false });
  });

  it('refuses JSON that is not an object, without an id', async () => {
    for (const text of ['42', '"card.create"', 'null', '[{"type":"command"}]']) {
      const reply = await rejected(text);
      expect(reply.id).toBeNull();
      expect(reply.error.code).toBe('invalid_message');
    }
  });

  it('refuses an envelope with missing or unknown fields, with the id when readable', async () => {
    const missingName = await rejected(JSON.stringify({ type: 'command', id: 'c2', args: {} }));
    expect(missingName).toMatchObject({ id: 'c2', error: { code: 'invalid_message' } });
    expect(missingName.error.message).toContain('name');
    const unknownType = await rejected(JSON.stringify({ type: 'subscribe', id: 'c3' }));
    expect(unknownType).toMatchObject({ id: 'c3', error: { code: 'invalid_message' } });
    const extraField = await rejected(JSON.stringify({ type: 'command', id: 'c4', name: 'card.create', args: { title: 'x' }, sudo: true }));
    expect(extraField).toMatchObject({ id: 'c4', error: { code: 'invalid_message' } });
  });

  it('refuses an unknown command and lists the known ones', async () => {
    const reply = await rejected(JSON.stringify({ type: 'command', id: 'c5', name: 'card.explode', args: {} }));
    expect(reply).toMatchObject({ id: 'c5', error: { name: 'ProtocolError', code: 'unknown_command' } });
    expect(reply.error.details?.known).toContain('card.create');
  });

  it('refuses arguments that do not match the command', async () => {
    const noTitle = await rejected(JSON.stringify({ type: 'command', id: 'c6', name: 'card.create', args: {} }));
    expect(noTitle).toMatchObject({ id: 'c6', error: { name: 'ValidationError', code: 'validation_failed' } });
    expect(noTitle.error.details?.issues).toEqual([expect.objectContaining({ path: 'title' })]);
    const wrongType = await rejected(JSON.stringify({ type: 'command', id: 'c7', name: 'card.move', args: { cardId: 'card_1', columnId: 'column_2', index: -1 } }));
    expect(wrongType.error.code).toBe('validation_failed');
    const smuggledType = await rejected(JSON.stringify({ type: 'command', id: 'c8', name: 'card.create', args: { type: 'board.rename', title: 'x', name: 'pwned' } }));
    expect(smuggledType.error.code).toBe('validation_failed');
  });

  it('refuses an oversized message before parsing it, with the id near its start', async () => {
    const text = JSON.stringify({ type: 'command', id: 'c9', name: 'card.create', args: { title: 'big', description: 'x'.repeat(2000) } });
    const reply = await rejected(text, { maxMessageLength: 1000 });
    expect(reply).toMatchObject({ id: 'c9', error: { code: 'message_too_large', details: { length: text.length, limit: 1000 } } });
  });

  it('caps messages at 1 MiB by default', async () => {
    const text = JSON.stringify({ type: 'command', id: 'c10', name: 'board.rename', args: { name: 'x'.repeat(1024 * 1024) } });
    const reply = await rejected(text);
    expect(reply.error.code).toBe('message_too_large');
  });

  it('measures an already-parsed message too (Neutralino delivers objects)', async () => {
    const { board, hub, connect } = boardHub({ maxMessageLength: 100 });
    const client = connect();
    await client.session.receiveValue({ type: 'command', id: 'c11', name: 'card.create', args: { title: 'y'.repeat(150) } });
    expect(client.received.at(-1)).toMatchObject({ type: 'reply', id: 'c11', ok: false, error: { code: 'message_too_large' } });
    expect(board.dispatched).toBe(0);
    expect(hub.seq).toBe(0);
  });

  it('replies with the board service’s typed error when the command is refused by the board', async () => {
    const { board, connect } = boardHub();
    const client = connect();
    const reply = await client.command('c12', 'card.archive', { cardId: 'card_404' });
    expect(reply).toMatchObject({ id: 'c12', ok: false, error: { name: 'NotFoundError', code: 'not_found' } });
    expect(board.getBoard().revision).toBe(0);
  });
});
