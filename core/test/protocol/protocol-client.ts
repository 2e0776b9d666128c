import { ProtocolHub, createBoardCommandHandlers, publishBoardChanges, type ProtocolHubOptions, type ServerMessage } from '../../src/protocol/index.js';
import { inMemoryBoard } from './in-memory-board.js';

/** A hub over an in-memory board, and a way to connect clients that record what they receive. */
export function boardHub(options: Partial<ProtocolHubOptions> = {}) {
  const board = inMemoryBoard();
  const hub = new ProtocolHub({
    serverVersion: '0.0.0-test',
    snapshot: () => ({ board: board.getBoard(), runs: [], statecharts: {} }),
    commands: createBoardCommandHandlers(board),
    ...options,
  });
  publishBoardChanges(hub, board);
  return { board, hub, connect: () => connectClient(hub) };
}

export function connectClient(hub: ProtocolHub) {
  const received: ServerMessage[] = [];
  // Round-trip through JSON like a real transport, so nothing non-serialisable slips through.
  const session = hub.connect({ send: (message) => received.push(JSON.parse(JSON.stringify(message)) as ServerMessage) });
  return {
    session,
    received,
    /** Sends one text frame and returns the reply to it. */
    async send(text: string) {
      const before = received.length;
      await session.receiveText(text);
      const replies = received.slice(before).filter((message) => message.type === 'reply');
      if (replies.length !== 1) throw new Error(`expected one reply, got ${replies.length}`);
      return replies[0] as Extract<ServerMessage, { type: 'reply' }>;
    },
    command(id: string, name: string, args?: unknown) {
      return this.send(JSON.stringify({ type: 'command', id, name, args }));
    },
  };
}
