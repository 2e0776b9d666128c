import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { z } from 'zod';

/**
 * One extension's socket to the Neutralino runtime. Neutralino starts an extension with
 * `{ nlPort, nlToken, nlConnectToken, nlExtensionId }` on stdin; the extension connects to
 * `ws://127.0.0.1:<nlPort>?extensionId=…&connectToken=…`, calls native methods as
 * `{ id, method, accessToken, data }` (answered `{ id, method, data }`) and receives events as
 * `{ event, data }`. Only the ids in neutralino.config.json may connect, one socket per id.
 */

export const neutralinoLaunchSchema = z.object({
  nlPort: z.coerce.number().int().min(1).max(65_535),
  nlToken: z.string().min(1),
  nlConnectToken: z.string().min(1),
  nlExtensionId: z.string().regex(/^[\w.-]+$/),
});
export type NeutralinoLaunch = z.infer<typeof neutralinoLaunchSchema>;

/** Parses what Neutralino wrote on stdin. */
export function parseNeutralinoLaunch(text: string): NeutralinoLaunch {
  return neutralinoLaunchSchema.parse(JSON.parse(text));
}

const eventFrameSchema = z.object({ event: z.string(), data: z.unknown().optional() }).loose();
export type NeutralinoEvent = z.infer<typeof eventFrameSchema>;

export interface NeutralinoConnection {
  /** Calls a native method (e.g. `app.broadcast`) without waiting for its answer. */
  call(method: string, data: Record<string, unknown>): void;
  /** Resolves when the socket closes. */
  readonly closed: Promise<void>;
  close(): void;
}

export interface NeutralinoConnectionOptions {
  launch: NeutralinoLaunch;
  /**
   * An event from the runtime, with the connection to answer on. A frame the runtime sends right
   * after the handshake (a window's message dispatched the moment this extension connected) is
   * delivered before `connectToNeutralino`'s promise settles, so handlers answer through the
   * connection given here, never through the awaited result.
   */
  onEvent(event: NeutralinoEvent, connection: NeutralinoConnection): void;
  /** A frame that is not JSON. */
  onMalformed?(): void;
  /** Largest frame accepted from Neutralino, in bytes (default 4 MiB). */
  maxFrameBytes?: number;
}

export function neutralinoSocketUrl(launch: NeutralinoLaunch): string {
  return `ws://127.0.0.1:${launch.nlPort}?extensionId=${encodeURIComponent(launch.nlExtensionId)}&connectToken=${encodeURIComponent(launch.nlConnectToken)}`;
}

export function connectToNeutralino(options: NeutralinoConnectionOptions): Promise<NeutralinoConnection> {
  const { launch } = options;
  const socket = new WebSocket(neutralinoSocketUrl(launch), { maxPayload: options.maxFrameBytes ?? 4 * 1024 * 1024 });
  const connection: NeutralinoConnection = {
    call(method, data) {
      if (socket.readyState !== WebSocket.OPEN) return;
      socket.send(JSON.stringify({ id: randomUUID(), method, accessToken: launch.nlToken, data }));
    },
    closed: new Promise<void>((resolvePromise) => socket.once('close', () => resolvePromise())),
    close: () => socket.close(),
  };
  socket.on('message', (data) => {
    let parsed: ReturnType<typeof eventFrameSchema.safeParse>;
    try {
      parsed = eventFrameSchema.safeParse(JSON.parse(String(data)));
    } catch {
      options.onMalformed?.();
      return;
    }
    // Answers to our own calls ({ id, method, data }) carry no `event`.
    if (parsed.success) options.onEvent(parsed.data, connection);
  });
  return new Promise((resolvePromise, reject) => {
    socket.once('open', () => {
      socket.off('error', onError);
      socket.on('error', () => undefined); // 'close' follows
      resolvePromise(connection);
    });
    const onError = (error: Error) => reject(new Error(`Could not connect to Neutralino on port ${launch.nlPort}: ${error.message}`));
    socket.once('error', onError);
  });
}
