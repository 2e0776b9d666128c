import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { EXTENSION_CHANNEL, allowListAllows } from './neutralino-runtime-facts.js';

/**
 * A stand-in for the Neutralino 6.9 runtime's server, doing what its source says
 * (neutralino-runtime-facts.ts): one port for the page (optionally serving the built UI) and the
 * extensions; a socket must carry the connect token, an extension socket a loaded id (one socket
 * per id); calls `{ id, method, accessToken, data }` are checked against the access token and the
 * allow list and answered `{ id, method, data }`; events go out as `{ event, data }` —
 * `app.broadcast` to the page, `events.broadcast` to all, `extensions.dispatch` to one extension —
 * with the runtime's own `appClientConnect`, `extClientConnect`, … . Its contract test is
 * neutralino-runtime-double.test.ts.
 */

export interface RuntimeDoubleOptions {
  /** Extension ids from the config (`extensions[].id`). */
  loadedExtensions: readonly string[];
  nativeAllowList: readonly string[];
  /** Serve this directory over HTTP as the runtime serves `documentRoot`. */
  documentRoot?: string;
}

export interface NativeCall {
  from: string;
  id: string;
  method: string;
  data: Record<string, unknown>;
}

const CONTENT_TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json' };

export class NeutralinoRuntimeDouble {
  readonly accessToken = `${randomBytes(24).toString('base64url')}.${randomBytes(12).toString('hex')}`;
  readonly connectToken = EXTENSION_CHANNEL.connectTokenOf(this.accessToken);
  readonly calls: NativeCall[] = [];
  /** Connection attempts refused at validation, with why. */
  readonly refused: string[] = [];
  /** What the page received (`{ event, data }`), oldest first. */
  readonly pageEvents: { event: string; data: unknown }[] = [];
  private readonly extensions = new Map<string, WebSocket>();
  private readonly pages = new Set<WebSocket>();
  private readonly waiters: (() => void)[] = [];
  private readonly connectListeners: ((extensionId: string) => void)[] = [];
  private server!: Server;
  port = 0;

  private constructor(private readonly options: RuntimeDoubleOptions) {}

  static async start(options: RuntimeDoubleOptions): Promise<NeutralinoRuntimeDouble> {
    const double = new NeutralinoRuntimeDouble(options);
    await double.listen();
    return double;
  }

  /** What the runtime writes on an extension's stdin. */
  launchFor(extensionId: string): string {
    return JSON.stringify({ nlPort: String(this.port), nlToken: this.accessToken, nlConnectToken: this.connectToken, nlExtensionId: extensionId });
  }

  /** The globals `modes.window.injectGlobals` puts in the page (those the client library reads). */
  pageGlobals(): Record<string, unknown> {
    return { NL_PORT: this.port, NL_TOKEN: this.accessToken, NL_ARGS: ['kanbots'], NL_EXTENABLED: true, NL_CMETHODS: [], NL_MODE: 'window', NL_OS: 'Linux', NL_GINJECTED: true };
  }

  connectedExtensions(): string[] {
    return [...this.extensions.keys()];
  }

  /**
   * Called as an extension's socket is accepted, after `extClientConnect` went out: what a page
   * dispatches from there reaches the extension with (or right after) the handshake, before its
   * event loop has turned — the case of a window that talks the instant its host connects.
   */
  onExtensionConnect(listener: (extensionId: string) => void): void {
    this.connectListeners.push(listener);
  }

  /** Sends an event as `extensions.dispatch` from the page would; false when the id is not connected. */
  dispatchToExtension(extensionId: string, event: string, data: unknown): boolean {
    const socket = this.extensions.get(extensionId);
    if (!socket) return false;
    socket.send(JSON.stringify({ event, data }));
    return true;
  }

  /** `events::dispatch`: to every page and every extension (the runtime's own events). */
  dispatchEvent(event: string, data: unknown): void {
    const frame = JSON.stringify({ event, data });
    for (const page of this.pages) page.send(frame);
    for (const socket of this.extensions.values()) socket.send(frame);
    this.pageEvents.push({ event, data });
    this.wake();
  }

  /** Resolves once `predicate` holds, re-checked after every frame. */
  async until<T>(predicate: () => T | undefined | false, { timeoutMs = 120_000, what = 'the expected frame' }: { timeoutMs?: number; what?: string } = {}): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = predicate();
      if (value !== undefined && value !== false) return value;
      const left = deadline - Date.now();
      if (left <= 0) {
        const seen = this.pageEvents.slice(-12).map((event) => `${event.event} ${JSON.stringify(event.data).slice(0, 300)}`);
        throw new Error(`No ${what} within ${timeoutMs} ms. Extensions connected: ${this.connectedExtensions().join(', ') || 'none'}. Refused: ${this.refused.join('; ') || 'none'}. Last page events:\n${seen.join('\n')}`);
      }
      await new Promise<void>((resolvePromise) => {
        const timer = setTimeout(resolvePromise, Math.min(left, 1_000));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolvePromise();
        });
      });
    }
  }

  /** The runtime going away: every socket closes, as when the window closes with exitProcessOnClose. */
  async close(): Promise<void> {
    for (const socket of [...this.extensions.values(), ...this.pages]) socket.close(1001, 'Neutralino is stopping');
    await new Promise<void>((resolvePromise) => this.server.close(() => resolvePromise()));
    this.server.closeAllConnections();
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  private async listen(): Promise<void> {
    this.server = createServer((request, response) => {
      const root = this.options.documentRoot;
      const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
      if (!root) return void response.writeHead(404).end();
      const file = join(root, path.endsWith('/') ? `${path}index.html` : path);
      readFile(file).then(
        (body) => response.writeHead(200, { 'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' }).end(body),
        () => response.writeHead(404).end(),
      );
    });
    const sockets = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (request: IncomingMessage, socket, head) => {
      const verdict = this.validate(request);
      if (typeof verdict === 'string') {
        this.refused.push(verdict);
        this.wake();
        socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
        return;
      }
      sockets.handleUpgrade(request, socket, head, (webSocket) => this.connected(webSocket, verdict.extensionId));
    });
    await new Promise<void>((resolvePromise) => this.server.listen(0, '127.0.0.1', () => resolvePromise()));
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    this.port = address.port;
  }

  /** server/neuserver.cpp handleValidate: Host, connect token, loaded extension id. */
  private validate(request: IncomingMessage): { extensionId: string | undefined } | string {
    const host = (request.headers.host ?? '').replace(/:\d+$/, '');
    if (host !== 'localhost' && host !== '127.0.0.1') return 'foreign host';
    const url = request.url ?? '';
    const param = (name: string) => new RegExp(`${name}=([\\w.\\-_]+)`).exec(url)?.[1];
    if (param('connectToken') !== this.connectToken) return 'wrong connect token';
    if (!/extensionId=/.test(url)) return { extensionId: undefined };
    const extensionId = param('extensionId') ?? '';
    if (!this.options.loadedExtensions.includes(extensionId)) return `extension ${extensionId} is not loaded`;
    return { extensionId };
  }

  private connected(socket: WebSocket, extensionId: string | undefined): void {
    if (extensionId === undefined) this.pages.add(socket);
    else this.extensions.set(extensionId, socket);
    socket.on('message', (data) => this.received(socket, extensionId ?? 'page', String(data)));
    socket.on('close', () => {
      if (extensionId === undefined) {
        this.pages.delete(socket);
        this.dispatchEvent('appClientDisconnect', this.pages.size);
      } else {
        this.extensions.delete(extensionId);
        this.dispatchEvent('extClientDisconnect', extensionId);
      }
    });
    if (extensionId === undefined) this.dispatchEvent('appClientConnect', this.pages.size);
    else {
      this.dispatchEvent('extClientConnect', extensionId);
      for (const listener of this.connectListeners) listener(extensionId);
    }
  }

  /** server/neuserver.cpp handleMessage + server/router.cpp executeNativeMethod. */
  private received(socket: WebSocket, from: string, text: string): void {
    let message: { id: string; method: string; accessToken: string; data?: Record<string, unknown> };
    try {
      message = JSON.parse(text) as typeof message;
      if (typeof message.id !== 'string' || typeof message.method !== 'string' || typeof message.accessToken !== 'string') return;
    } catch {
      return;
    }
    const data = message.data ?? {};
    const answer = (payload: Record<string, unknown>) => socket.send(JSON.stringify({ id: message.id, method: message.method, data: payload }));
    if (message.accessToken !== this.accessToken) return answer({ error: { code: EXTENSION_CHANNEL.errors.invalidToken, message: 'Invalid or expired NL_TOKEN value from client' } });
    if (!allowListAllows(this.options.nativeAllowList, message.method)) {
      return answer({ error: { code: EXTENSION_CHANNEL.errors.notPermitted, message: `Missing permission to execute the native method: ${message.method}` } });
    }
    this.calls.push({ from, id: message.id, method: message.method, data });
    const event = String(data['event'] ?? '');
    const frame = JSON.stringify({ event, data: data['data'] ?? null });
    switch (message.method) {
      case 'app.broadcast':
        for (const page of this.pages) page.send(frame);
        this.pageEvents.push({ event, data: data['data'] ?? null });
        answer({ success: true });
        break;
      case 'events.broadcast':
        for (const target of [...this.pages, ...this.extensions.values()]) target.send(frame);
        this.pageEvents.push({ event, data: data['data'] ?? null });
        answer({ success: true });
        break;
      case 'extensions.dispatch': {
        const target = this.extensions.get(String(data['extensionId']));
        if (target) {
          target.send(frame);
          answer({ success: true });
        } else answer({ error: { code: EXTENSION_CHANNEL.errors.notConnected, message: `${String(data['extensionId'])} is not connected yet` } });
        break;
      }
      case 'extensions.getStats':
        answer({ success: true, returnValue: { loaded: [...this.options.loadedExtensions], connected: this.connectedExtensions() } });
        break;
      case 'os.showNotification':
        answer({ success: true });
        break;
      default:
        answer({ error: { code: 'NE_RT_NATNTIM', message: `${message.method} is not implemented in the double` } });
    }
    this.wake();
  }
}
