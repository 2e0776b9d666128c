import type { CloseCause, Transport, TransportHandlers } from './transport.js';

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

/**
 * Asks the host whether this tab's token would be accepted (a browser cannot see why an upgrade
 * failed): 'unauthorized' (401), 'accepted', or 'unreachable' (no answer: the host is down).
 */
export type TokenProbe = () => Promise<'accepted' | 'unauthorized' | 'unreachable'>;

const OPEN = 1;

/**
 * Carries protocol messages over one WebSocket at a time; `open` again makes a new socket. When a
 * socket closes without ever opening, the optional probe tells a refused token apart from a host
 * that is not there.
 */
export class WebSocketTransport implements Transport {
  readonly kind = 'websocket' as const;
  private socket: WebSocketLike | undefined;
  private handlers: TransportHandlers | undefined;
  private closedForGood = false;
  private readonly url: () => string;

  constructor(
    url: string | (() => string),
    private readonly createSocket: WebSocketFactory = (address) => new WebSocket(address) as unknown as WebSocketLike,
    private readonly probe?: TokenProbe,
  ) {
    this.url = typeof url === 'string' ? () => url : url;
  }

  open(handlers: TransportHandlers): void {
    if (this.closedForGood) return;
    this.detach();
    this.handlers = handlers;
    const socket = this.createSocket(this.url());
    this.socket = socket;
    let opened = false;
    let reported = false;
    const reportClose = (reason: string): void => {
      if (reported || this.socket !== socket || this.closedForGood) return;
      reported = true;
      this.socket = undefined;
      if (opened || this.probe === undefined) return handlers.onClose(reason);
      void this.probe().then(
        (verdict) => {
          if (this.closedForGood || this.socket !== undefined) return;
          handlers.onClose(verdict === 'unauthorized' ? 'the host refused this tab’s token' : reason, verdict === 'unauthorized' ? 'unauthorized' : undefined);
        },
        () => handlers.onClose(reason),
      );
    };
    socket.onopen = () => {
      if (this.socket !== socket) return;
      opened = true;
      handlers.onOpen();
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

  /** The address changed (a new token): drop the current socket and let the connection reopen now. */
  endpointChanged(): void {
    if (this.closedForGood) return;
    const handlers = this.handlers;
    this.detach();
    handlers?.onClose('a new token was given', 'endpoint-changed' satisfies CloseCause);
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

/** Probes `GET /ws` with the token as a bearer credential (the host answers 204 or 401). */
export function httpTokenProbe(location: Pick<Location, 'protocol' | 'host'>, token: () => string, fetchImpl: typeof fetch = fetch): TokenProbe {
  return async () => {
    try {
      const response = await fetchImpl(`${location.protocol}//${location.host}/ws`, { headers: { Authorization: `Bearer ${token()}` }, cache: 'no-store' });
      return response.status === 401 ? 'unauthorized' : 'accepted';
    } catch {
      return 'unreachable';
    }
  };
}
