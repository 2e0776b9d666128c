import { randomUUID } from 'node:crypto';
import type { ProtocolHub, ProtocolSession, ServerMessage } from '@kanbots/core';
import WebSocket from 'ws';
import { z } from 'zod';
import type { Logger } from './logger.js';

/**
 * The protocol over Neutralino's extension channel. Neutralino starts the extension, writes
 * `{ nlPort, nlToken, nlConnectToken, nlExtensionId }` on its stdin, and the extension connects
 * back to `ws://127.0.0.1:<nlPort>?extensionId=…&connectToken=…`. The UI's messages arrive as
 * `{ event: 'kanbots.message', data }`; answers go out with the native method `app.broadcast`.
 * The window (re)connecting starts a fresh session (and so a fresh `hello`); `windowClose` or the
 * socket closing ends the channel.
 */

export const NEUTRALINO_MESSAGE_EVENT = 'kanbots.message';

export const neutralinoLaunchSchema = z.object({
  nlPort: z.coerce.number().int().min(1).max(65_535),
  nlToken: z.string().min(1),
  nlConnectToken: z.string().min(1),
  nlExtensionId: z.string().min(1),
});
export type NeutralinoLaunch = z.infer<typeof neutralinoLaunchSchema>;

const incomingSchema = z.object({ event: z.string(), data: z.unknown().optional() }).loose();

export interface NeutralinoChannelOptions {
  launch: NeutralinoLaunch;
  hub: ProtocolHub;
  logger: Logger;
  /** Largest frame accepted from Neutralino, in bytes (default 4 MiB). */
  maxFrameBytes?: number;
}

export interface NeutralinoChannel {
  /** Resolves with why the channel ended ('windowClose' or 'socketClosed'). */
  readonly ended: Promise<'windowClose' | 'socketClosed'>;
  close(): void;
}

/** Parses what Neutralino wrote on stdin. */
export function parseNeutralinoLaunch(text: string): NeutralinoLaunch {
  return neutralinoLaunchSchema.parse(JSON.parse(text));
}

export function connectNeutralinoChannel(options: NeutralinoChannelOptions): Promise<NeutralinoChannel> {
  const { launch, hub, logger } = options;
  const url = `ws://127.0.0.1:${launch.nlPort}?extensionId=${encodeURIComponent(launch.nlExtensionId)}&connectToken=${encodeURIComponent(launch.nlConnectToken)}`;
  const socket = new WebSocket(url, { maxPayload: options.maxFrameBytes ?? 4 * 1024 * 1024 });
  let session: ProtocolSession | undefined;
  let queue = Promise.resolve();
  let resolveEnded: (reason: 'windowClose' | 'socketClosed') => void = () => {};
  const ended = new Promise<'windowClose' | 'socketClosed'>((resolvePromise) => (resolveEnded = resolvePromise));

  const broadcast = (message: ServerMessage) => {
    socket.send(JSON.stringify({ id: randomUUID(), method: 'app.broadcast', accessToken: launch.nlToken, data: { event: NEUTRALINO_MESSAGE_EVENT, data: message } }));
  };
  const startSession = () => {
    session?.close();
    session = hub.connect({ send: broadcast });
    return session;
  };

  socket.on('message', (data) => {
    let frame: z.infer<typeof incomingSchema>;
    try {
      const parsed = incomingSchema.safeParse(JSON.parse(String(data)));
      if (!parsed.success) return; // answers to our native calls ({ id, method, data }) and the like
      frame = parsed.data;
    } catch {
      logger.warn('Neutralino sent a frame that is not JSON; ignored');
      return;
    }
    switch (frame.event) {
      case 'appClientConnect':
        startSession();
        return;
      case 'appClientDisconnect':
        session?.close();
        session = undefined;
        return;
      case 'windowClose':
        resolveEnded('windowClose');
        return;
      case NEUTRALINO_MESSAGE_EVENT: {
        const current = session !== undefined && !session.isClosed ? session : startSession();
        const payload = frame.data;
        queue = queue
          .then(() => (typeof payload === 'string' ? current.receiveText(payload) : current.receiveValue(payload)))
          .catch((error: unknown) => logger.error(`Handling a message failed: ${String(error)}`));
        return;
      }
      default:
        logger.debug(`Neutralino event ${frame.event} ignored`);
    }
  });

  return new Promise((resolvePromise, reject) => {
    socket.once('open', () => {
      logger.debug('Connected to Neutralino');
      socket.on('close', () => resolveEnded('socketClosed'));
      resolvePromise({
        ended,
        close: () => {
          session?.close();
          socket.close();
        },
      });
    });
    socket.once('error', (error) => reject(new Error(`Could not connect to Neutralino on port ${launch.nlPort}: ${error.message}`)));
  });
}
