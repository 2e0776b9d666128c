import { parseServerMessage, type ServerMessage } from '@kanbots/core';
import { WebSocketServer, type WebSocket } from 'ws';

/** A local stand-in for the Neutralino runtime's extension WebSocket endpoint. */
export async function fakeNeutralino() {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolvePromise) => server.once('listening', () => resolvePromise()));
  const address = server.address();
  if (typeof address === 'string' || address === null) throw new Error('no port');
  const broadcasts: { id: string; method: string; accessToken: string; data: { event: string; data: ServerMessage } }[] = [];
  const waiters: (() => void)[] = [];
  let extension: WebSocket | undefined;
  let connectUrl = '';
  const connected = new Promise<void>((resolvePromise) => {
    server.on('connection', (socket, request) => {
      extension = socket;
      connectUrl = request.url ?? '';
      socket.on('message', (data) => {
        const frame = JSON.parse(String(data)) as (typeof broadcasts)[number];
        broadcasts.push({ ...frame, data: { event: frame.data.event, data: parseServerMessage(JSON.stringify(frame.data.data)) } });
        socket.send(JSON.stringify({ id: frame.id, method: frame.method, data: { success: true } }));
        for (const waiter of waiters.splice(0)) waiter();
      });
      resolvePromise();
    });
  });
  return {
    port: address.port,
    connected,
    get url() {
      return connectUrl;
    },
    broadcasts,
    emit(event: string, data?: unknown) {
      extension!.send(JSON.stringify({ event, data }));
    },
    /** Resolves once `predicate` holds for the messages so far; re-checked on every frame and at least every second. */
    async until(predicate: (messages: ServerMessage[]) => boolean, timeoutMs = 60_000): Promise<ServerMessage[]> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const messages = broadcasts.map((broadcast) => broadcast.data.data);
        if (predicate(messages)) return messages;
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`The expected message did not arrive within ${timeoutMs} ms; the last ones: ${messages.slice(-5).map((message) => JSON.stringify(message).slice(0, 200)).join('\n')}`);
        await new Promise<void>((resolvePromise) => {
          const timer = setTimeout(resolvePromise, Math.min(left, 1_000));
          waiters.push(() => {
            clearTimeout(timer);
            resolvePromise();
          });
        });
      }
    },
    close: () =>
      new Promise<void>((resolvePromise) => {
        for (const client of server.clients) client.close(1001, 'Neutralino is stopping');
        server.close(() => resolvePromise());
      }),
  };
}
