import { listenToHostExtension, listenToNeutralinoEvent, requestHostStatus, sendToHostExtension } from './neutralino-bridge.js';
import { HOST_STATUS_EVENT, hostStatusSchema, type HostStatus } from './host-status.js';
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

  /** The supervisor's reports on the host process (restarting, failed, running). */
  watchHostStatus(listener: (status: HostStatus) => void): () => void {
    let stop: () => void;
    try {
      stop = listenToNeutralinoEvent(HOST_STATUS_EVENT, (detail) => {
        const parsed = hostStatusSchema.safeParse(detail);
        if (parsed.success) listener(parsed.data);
      });
    } catch {
      return () => undefined;
    }
    // An older config has no supervisor: then nothing answers, and nothing is shown.
    requestHostStatus().catch(() => undefined);
    return stop;
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
