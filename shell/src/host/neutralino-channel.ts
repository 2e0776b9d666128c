import type { ProtocolHub, ProtocolSession, ServerMessage } from '@kanbots/core';
import type { Logger } from './logger.js';
import { connectToNeutralino, type NeutralinoConnection, type NeutralinoLaunch } from './neutralino-connection.js';

/**
 * The protocol over Neutralino's extension channel. The UI's messages arrive as
 * `{ event: 'kanbots.message', data }`; answers go out with the native method `app.broadcast`
 * (to the window only). The window (re)connecting starts a fresh session (and so a fresh
 * `hello`), and so does the first message when there is no session yet — which is how a restarted
 * host picks up a window that is already open. `windowClose` or the socket closing ends the channel.
 */

export const NEUTRALINO_MESSAGE_EVENT = 'kanbots.message';

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

export async function connectNeutralinoChannel(options: NeutralinoChannelOptions): Promise<NeutralinoChannel> {
  const { launch, hub, logger } = options;
  let session: ProtocolSession | undefined;
  let queue = Promise.resolve();
  let resolveEnded: (reason: 'windowClose' | 'socketClosed') => void = () => {};
  const ended = new Promise<'windowClose' | 'socketClosed'>((resolvePromise) => (resolveEnded = resolvePromise));

  const startSession = (connection: NeutralinoConnection) => {
    session?.close();
    session = hub.connect({ send: (message: ServerMessage) => connection.call('app.broadcast', { event: NEUTRALINO_MESSAGE_EVENT, data: message }) });
    return session;
  };

  const connection = await connectToNeutralino({
    launch,
    ...(options.maxFrameBytes === undefined ? {} : { maxFrameBytes: options.maxFrameBytes }),
    onMalformed: () => logger.warn('Neutralino sent a frame that is not JSON; ignored'),
    onEvent: (frame, connection) => {
      switch (frame.event) {
        case 'appClientConnect':
          startSession(connection);
          return;
        case 'appClientDisconnect':
          session?.close();
          session = undefined;
          return;
        case 'windowClose':
          resolveEnded('windowClose');
          return;
        case NEUTRALINO_MESSAGE_EVENT: {
          const current = session !== undefined && !session.isClosed ? session : startSession(connection);
          const payload = frame.data;
          queue = queue
            .then(() => (typeof payload === 'string' ? current.receiveText(payload) : current.receiveValue(payload)))
            .catch((error: unknown) => logger.error(`Handling a message failed: ${String(error)}`));
          return;
        }
        default:
          logger.debug(`Neutralino event ${frame.event} ignored`);
      }
    },
  });
  logger.debug('Connected to Neutralino');
  void connection.closed.then(() => resolveEnded('socketClosed'));
  return {
    ended,
    close: () => {
      session?.close();
      connection.close();
    },
  };
}
