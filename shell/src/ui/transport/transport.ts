/**
 * One way to carry protocol messages between the UI and the host. Two implementations: a
 * WebSocket (browser tab, `kanbots serve`) and Neutralino's extension channel (desktop window).
 * A transport only moves JSON objects; correlation, reconnects and ordering live in
 * `HostConnection`.
 */

export type TransportKind = 'websocket' | 'neutralino';

export interface TransportHandlers {
  /** The channel is ready to carry messages. */
  onOpen(): void;
  /** One message, already parsed from JSON (unvalidated). */
  onMessage(message: unknown): void;
  /** The channel closed or could not open; `open` may be called again to retry. */
  onClose(reason: string): void;
}

export interface Transport {
  readonly kind: TransportKind;
  /** Starts (or restarts) the channel; reports through the handlers. */
  open(handlers: TransportHandlers): void;
  send(message: object): void;
  /** Closes for good; no handler is called afterwards. */
  close(): void;
}
