import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseServerMessage, type ServerMessage } from '@kanbots/core';
import { afterEach } from 'vitest';
import WebSocket from 'ws';
import { startHost, type RunningHost, type StartHostOptions } from '../../src/host/host.js';

/** Temp dirs and hosts made by a test, removed and stopped after it. */
export function useHostContext() {
  const directories: string[] = [];
  const hosts: RunningHost[] = [];
  const sockets: WebSocket[] = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.terminate();
    for (const host of hosts.splice(0)) await host.stop();
    for (const directory of directories.splice(0)) await rm(directory, { recursive: true, force: true });
  });
  return {
    async temporaryDirectory(prefix = 'kanbots-host-') {
      const directory = await mkdtemp(join(tmpdir(), prefix));
      directories.push(directory);
      return directory;
    },
    async start(options: StartHostOptions = {}) {
      const host = await startHost(options);
      hosts.push(host);
      return host;
    },
    track(socket: WebSocket) {
      sockets.push(socket);
      return socket;
    },
  };
}

export interface UpgradeOptions {
  token?: string | undefined;
  origin?: string;
  host?: string;
  path?: string;
}

/** Tries a WebSocket upgrade; resolves with the refusal status or the open socket. */
export function tryConnect(port: number, options: UpgradeOptions): Promise<{ status: number; body: string } | { socket: WebSocket; client: ProtocolTestClient }> {
  const query = options.token === undefined ? '' : `?token=${encodeURIComponent(options.token)}`;
  const headers: Record<string, string> = {};
  if (options.host !== undefined) headers.Host = options.host;
  const socket = new WebSocket(`ws://127.0.0.1:${port}${options.path ?? '/ws'}${query}`, {
    headers,
    ...(options.origin === undefined ? {} : { origin: options.origin }),
  });
  const client = new ProtocolTestClient(socket);
  return new Promise((resolvePromise, reject) => {
    socket.on('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      response.on('end', () => resolvePromise({ status: response.statusCode ?? 0, body }));
    });
    socket.on('open', () => resolvePromise({ socket, client }));
    socket.on('error', (error) => {
      if (!/Unexpected server response/.test(error.message)) reject(error);
    });
  });
}

/** Records what a socket receives and waits for messages. */
export class ProtocolTestClient {
  readonly received: ServerMessage[] = [];
  private waiters: { predicate: (message: ServerMessage) => boolean; resolve: (message: ServerMessage) => void }[] = [];

  constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = parseServerMessage(String(data));
      this.received.push(message);
      for (const waiter of [...this.waiters]) {
        if (waiter.predicate(message)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(message);
        }
      }
    });
  }

  next(predicate: (message: ServerMessage) => boolean): Promise<ServerMessage> {
    const found = this.received.find(predicate);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve) => this.waiters.push({ predicate, resolve }));
  }

  async command(id: string, name: string, args?: unknown): Promise<Extract<ServerMessage, { type: 'reply' }>> {
    this.socket.send(JSON.stringify({ type: 'command', id, name, args }));
    return (await this.next((message) => message.type === 'reply' && message.id === id)) as Extract<ServerMessage, { type: 'reply' }>;
  }
}

export async function openClient(port: number, token: string): Promise<ProtocolTestClient> {
  const result = await tryConnect(port, { token });
  if ('status' in result) throw new Error(`refused with ${result.status}`);
  await result.client.next((message) => message.type === 'hello');
  return result.client;
}

/** A raw HTTP GET (the path is sent exactly as given, unlike fetch). */
export function rawGet(port: number, path: string, options: { method?: string; host?: string } = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolvePromise, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: { Host: options.host ?? `127.0.0.1:${port}` } }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      response.on('end', () => resolvePromise({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}
