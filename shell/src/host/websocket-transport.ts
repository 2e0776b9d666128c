import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ProtocolHub } from '@kanbots/core';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from './logger.js';
import { isAllowedHost, isAllowedOrigin, tokensEqual } from './request-guards.js';

/**
 * The protocol over WebSocket at `/ws` of the host's HTTP server. An upgrade is refused with a
 * plain HTTP status before any WebSocket exists: 403 for a foreign `Host` or `Origin`, 401 for a
 * missing or wrong `?token=`, 404 for another path. Each connection is one protocol session; its
 * messages are handled one at a time, in order.
 *
 * A browser's WebSocket API hides why an upgrade failed, so a page can ask first with a plain
 * `GET /ws` carrying `Authorization: Bearer <token>`: 204 when the token would be accepted, 401
 * when not (403 for a foreign Origin). That is how the UI tells "wrong token" from "host down".
 */

export const WEBSOCKET_PATH = '/ws';

/** Frames above this are dropped by `ws` (close code 1009); up to it the hub answers `message_too_large`. */
const MAX_FRAME_BYTES = 4 * 1024 * 1024;

export interface WebSocketTransportOptions {
  hub: ProtocolHub;
  /** The token a connection must carry, read at each upgrade (it can be rotated while running). */
  token: () => string;
  /** The port the server listens on (known after `listen`). */
  port: () => number;
  logger: Logger;
}

export interface WebSocketTransport {
  close(): Promise<void>;
}

export function attachWebSocketTransport(server: Server, options: WebSocketTransportOptions): WebSocketTransport {
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal = checkUpgrade(request, options);
    if (refusal !== undefined) {
      options.logger.warn(`Refused a WebSocket connection: ${refusal.reason}`);
      socket.end(`HTTP/1.1 ${refusal.status} ${refusal.statusText}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${refusal.reason.length + 1}\r\n\r\n${refusal.reason}\n`);
      return;
    }
    sockets.handleUpgrade(request, socket, head, (webSocket) => connect(webSocket, options));
  });

  return {
    close: () =>
      new Promise<void>((resolvePromise) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close(() => resolvePromise());
      }),
  };
}

function connect(webSocket: WebSocket, options: WebSocketTransportOptions): void {
  const session = options.hub.connect({
    send: (message) => webSocket.send(JSON.stringify(message)),
    close: () => webSocket.close(1001, 'Kanbots is stopping'),
  });
  options.logger.debug(`Client connected (${session.id})`);
  let queue = Promise.resolve();
  webSocket.on('message', (data, isBinary) => {
    const text = isBinary ? '\u0000binary' : Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(data as Buffer[]).toString('utf8');
    queue = queue.then(() => session.receiveText(text)).catch((error: unknown) => options.logger.error(`Handling a message failed: ${String(error)}`));
  });
  webSocket.on('close', () => {
    session.close();
    options.logger.debug(`Client disconnected (${session.id})`);
  });
  webSocket.on('error', () => session.close());
}

interface Refusal {
  status: number;
  statusText: string;
  reason: string;
}

function checkUpgrade(request: IncomingMessage, options: WebSocketTransportOptions): Refusal | undefined {
  const port = options.port();
  const url = new URL(request.url ?? '/', 'http://host.invalid');
  if (url.pathname !== WEBSOCKET_PATH) return { status: 404, statusText: 'Not Found', reason: 'unknown path' };
  if (!isAllowedHost(request.headers.host, port)) return { status: 403, statusText: 'Forbidden', reason: 'foreign Host header' };
  if (!isAllowedOrigin(request.headers.origin, port)) return { status: 403, statusText: 'Forbidden', reason: 'foreign Origin' };
  if (!tokensEqual(url.searchParams.get('token'), options.token())) return { status: 401, statusText: 'Unauthorized', reason: 'missing or wrong token' };
  return undefined;
}

/** Answers `GET /ws` (no upgrade) with whether its bearer token is accepted; false for other requests. */
export function handleTokenProbe(request: IncomingMessage, response: ServerResponse, options: Pick<WebSocketTransportOptions, 'token' | 'port'>): boolean {
  const url = new URL(request.url ?? '/', 'http://host.invalid');
  if (url.pathname !== WEBSOCKET_PATH) return false;
  const send = (status: number, text: string) => {
    response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    response.end(status === 204 ? undefined : `${text}\n`);
  };
  if (request.method !== 'GET' && request.method !== 'HEAD') send(405, 'Method Not Allowed');
  else if (!isAllowedOrigin(request.headers.origin, options.port())) send(403, 'Forbidden: foreign Origin');
  else {
    const given = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (tokensEqual(given, options.token())) send(204, '');
    else send(401, 'Unauthorized: missing or wrong token');
  }
  return true;
}
