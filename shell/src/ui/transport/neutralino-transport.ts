import { listenToHostExtension, sendToHostExtension } from './neutralino-bridge.js';
import type { Transport, TransportHandlers } from './transport.js';

/**
 * Carries protocol messages over Neutralino's extension channel. The channel has no connection of
 * its own: it is open as soon as we listen, and the connection asks the host for a snapshot when
 * no `hello` arrives.
 */
export class NeutralinoTransport implements Transport {
  readonly kind = 'neutralino' as const;
  private stopListening: (() => void) | undefined;
  private handlers: TransportHandlers | undefined;

  open(handlers: TransportHandlers): void {
    this.stopListening?.();
    this.handlers = handlers;
    try {
      this.stopListening = listenToHostExtension((message) => this.handlers?.onMessage(typeof message === 'string' ? safeParse(message) : message));
    } catch (error) {
      queueMicrotask(() => handlers.onClose(error instanceof Error ? error.message : String(error)));
      return;
    }
    queueMicrotask(() => handlers.onOpen());
  }

  send(message: object): void {
    sendToHostExtension(message).catch((error: unknown) => {
      this.handlers?.onClose(error instanceof Error ? error.message : String(error));
    });
  }

  close(): void {
    this.stopListening?.();
    this.stopListening = undefined;
    this.handlers = undefined;
  }
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
