import type { Transport, TransportHandlers } from './transport.js';

/** The subset of the WebSocket API the transport uses (the browser's, or `ws` in tests). */
export interface WebSocketLike {
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  readonly readyState: number;
}

export type WebSocketFactory = (url: string) => WebSocketLike;

const OPEN = 1;

/** Carries protocol messages over one WebSocket at a time; `open` again makes a new socket. */
export class WebSocketTransport implements Transport {
  readonly kind = 'websocket' as const;
  private socket: WebSocketLike | undefined;
  private closedForGood = false;

  constructor(
    private readonly url: string,
    private readonly createSocket: WebSocketFactory = (address) => new WebSocket(address) as unknown as WebSocketLike,
  ) {}

  open(handlers: TransportHandlers): void {
    if (this.closedForGood) return;
    this.detach();
    const socket = this.createSocket(this.url);
    this.socket = socket;
    let reported = false;
    const reportClose = (reason: string): void => {
      if (reported || this.socket !== socket || this.closedForGood) return;
      reported = true;
      this.socket = undefined;
      handlers.onClose(reason);
    };
    socket.onopen = () => {
      if (this.socket === socket) handlers.onOpen();
    };
    socket.onmessage = (event) => {
      if (this.socket !== socket) return;
      const text = typeof event.data === 'string' ? event.data : String(event.data);
      let message: unknown;
      try {
        message = JSON.parse(text);
      } catch {
        return;
      }
      handlers.onMessage(message);
    };
    socket.onerror = () => reportClose('socket error');
    socket.onclose = (event) => reportClose(event.reason || `closed (${event.code})`);
  }

  send(message: object): void {
    if (!this.socket || this.socket.readyState !== OPEN) throw new Error('The connection to the host is not open');
    this.socket.send(JSON.stringify(message));
  }

  close(): void {
    this.closedForGood = true;
    this.detach();
  }

  private detach(): void {
    const socket = this.socket;
    this.socket = undefined;
    if (!socket) return;
    socket.onopen = null;
    socket.onmessage = null;
    socket.onerror = null;
    socket.onclose = null;
    try {
      socket.close(1000, 'client closed');
    } catch {
      // already closed
    }
  }
}

/** `ws://<this page's host>/ws?token=…` (or wss on https). */
export function hostSocketUrl(location: Pick<Location, 'protocol' | 'host'>, token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/ws?token=${encodeURIComponent(token)}`;
}
