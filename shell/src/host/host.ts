import { createServer, type Server } from 'node:http';
import { SecretRedactor, type Kanbots, type ProtocolHub } from '@kanbots/core/internals';
import { openCoreRuntime, type CoreRuntime, type OpenCoreRuntimeOptions } from './core-runtime.js';
import { silentLogger, withKnownSecrets, type Logger } from './logger.js';
import { DEFAULT_UI_DIRECTORY } from './package-info.js';
import { currentHostToken, loadHostToken } from './host-token.js';
import { isAllowedHost } from './request-guards.js';
import { createStaticHandler, plain } from './static-files.js';
import { attachWebSocketTransport, handleTokenProbe } from './websocket-transport.js';

/**
 * `kanbots serve`: the core runtime plus an HTTP server on 127.0.0.1 that serves the built UI and
 * the protocol at `/ws` (WebSocket, token and origin checked). The page gets the token from the
 * URL fragment, which browsers never send to the server. The token is the data directory's
 * (`host-token`, see host-token.ts), so an open tab reconnects after a restart.
 */

export interface StartHostOptions extends Pick<OpenCoreRuntimeOptions, 'configDir' | 'secretStore' | 'env' | 'resolveModel' | 'kanbots' | 'defaultRepository' | 'demo' | 'offerDemo'> {
  /** Data directory (default: the platform's, or KANBOTS_HOME). */
  dataDir?: string;
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** The built UI (default shell/dist/ui). */
  uiDir?: string;
  /** A fixed connection token (default: the data directory's, 32 random bytes, base64url, kept in `host-token`). */
  token?: string;
  logger?: Logger;
}

export interface RunningHost {
  readonly port: number;
  readonly token: string;
  /** `http://127.0.0.1:<port>/#token=<token>`: what the user opens. */
  readonly url: string;
  readonly dataDir: string;
  readonly hub: ProtocolHub;
  /** The runtime itself (board, runs, worktrees), for embedders and tests. */
  readonly kanbots: Kanbots;
  /** Closes connections and the server, stops the runtime and releases the data-directory lock. */
  stop(): Promise<void>;
}

export const HOST_ADDRESS = '127.0.0.1';

export async function startHost(options: StartHostOptions = {}): Promise<RunningHost> {
  const logger = options.logger ?? silentLogger;
  const runtime = await openCoreRuntime({
    logger,
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    ...(options.configDir === undefined ? {} : { configDir: options.configDir }),
    ...(options.secretStore === undefined ? {} : { secretStore: options.secretStore }),
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.resolveModel === undefined ? {} : { resolveModel: options.resolveModel }),
    ...(options.kanbots === undefined ? {} : { kanbots: options.kanbots }),
    ...(options.defaultRepository === undefined ? {} : { defaultRepository: options.defaultRepository }),
    ...(options.demo === undefined ? {} : { demo: options.demo }),
    ...(options.offerDemo === undefined ? {} : { offerDemo: options.offerDemo }),
    ...(options.uiDir === undefined ? {} : { uiDir: options.uiDir }),
  });
  let token: string;
  try {
    token = options.token ?? (await loadHostToken(runtime.dataDir));
  } catch (error) {
    await runtime.close();
    throw error;
  }
  // A rotated token (`kanbots token --rotate`) applies to the next connection without a restart.
  const currentToken = options.token === undefined ? () => currentHostToken(runtime.dataDir) ?? token : () => token;
  let port = 0;
  const serveStatic = createStaticHandler(options.uiDir ?? DEFAULT_UI_DIRECTORY);
  const server = createServer((request, response) => {
    if (!isAllowedHost(request.headers.host, port)) return plain(response, 403, 'Forbidden: unexpected Host header');
    if (handleTokenProbe(request, response, { token: currentToken, port: () => port })) return;
    serveStatic(request, response).catch((error: unknown) => {
      logger.error(`Serving ${request.url ?? ''} failed: ${String(error)}`);
      if (!response.headersSent) plain(response, 500, 'Internal Server Error');
      else response.destroy();
    });
  });
  const transport = attachWebSocketTransport(server, { hub: runtime.hub, token: currentToken, port: () => port, logger });
  try {
    port = await listen(server, options.port ?? 0);
  } catch (error) {
    await runtime.close();
    throw error;
  }
  const stop = once(async () => {
    await transport.close();
    await closeServer(server);
    await runtime.close();
  });
  return { port, token, url: `http://${HOST_ADDRESS}:${port}/#token=${token}`, dataDir: runtime.dataDir, hub: runtime.hub, kanbots: runtime.kanbots, stop };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen({ host: HOST_ADDRESS, port, exclusive: true }, () => {
      server.off('error', onError);
      const address = server.address();
      if (address === null || typeof address === 'string') return reject(new Error('The server has no TCP address'));
      resolvePromise(address.port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolvePromise) => {
    server.close(() => resolvePromise());
    server.closeAllConnections();
  });
}

function once(action: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= action());
}

export type { CoreRuntime };
