import type { HostStatus } from './host-status.js';

/**
 * One way to carry protocol messages between the UI and the host. Two implementations: a
 * WebSocket (browser tab, `kanbots serve`) and Neutralino's extension channel (desktop window).
 * A transport only moves JSON objects; correlation, reconnects and ordering live in
 * `HostConnection`.
 */

export type TransportKind = 'websocket' | 'neutralino';

/**
 * Why a channel closed, when the transport knows more than "it closed": the host refused this
 * tab's token, or the endpoint changed (a new token arrived) and the channel should reopen now.
 */
export type CloseCause = 'unauthorized' | 'endpoint-changed';

export interface TransportHandlers {
  /** The channel is ready to carry messages. */
  onOpen(): void;
  /** One message, already parsed from JSON (unvalidated). */
  onMessage(message: unknown): void;
  /** The channel closed or could not open; `open` may be called again to retry. */
  onClose(reason: string, cause?: CloseCause): void;
}

export interface Transport {
  readonly kind: TransportKind;
  /** Starts (or restarts) the channel; reports through the handlers. */
  open(handlers: TransportHandlers): void;
  send(message: object): void;
  /** Closes for good; no handler is called afterwards. */
  close(): void;
  /** Reports the host supervisor's status (the desktop window only); returns a stop function. */
  watchHostStatus?(listener: (status: HostStatus) => void): () => void;
}
