import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Board } from '@kanbots/core';
import WebSocket from 'ws';
import { startHost, type RunningHost } from '../../src/host/host.js';

/** The real host on 127.0.0.1 (port 0) over a temp data dir; restartable on the same data dir. */
export class HostFixture {
  host: RunningHost | undefined;
  private constructor(readonly dataDir: string) {}

  static async start(): Promise<HostFixture> {
    const fixture = new HostFixture(await mkdtemp(join(tmpdir(), 'kanbots-e2e-')));
    await fixture.restart();
    return fixture;
  }

  get url(): string {
    return this.running.url;
  }

  get running(): RunningHost {
    if (!this.host) throw new Error('The host is not running');
    return this.host;
  }

  /** Stops the host (if running) and starts it again on the same data dir, port and token. */
  async restart(): Promise<void> {
    const previous = this.host;
    await previous?.stop();
    this.host = await startHost({ dataDir: this.dataDir, ...(previous ? { port: previous.port, token: previous.token } : {}) });
  }

  async stop(): Promise<void> {
    await this.host?.stop();
    this.host = undefined;
  }

  async dispose(): Promise<void> {
    await this.stop();
    await rm(this.dataDir, { recursive: true, force: true });
  }

  /** The host's board, read as any client would: the snapshot in `hello`. */
  async board(): Promise<Board> {
    const { port, token } = this.running;
    const socket = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${encodeURIComponent(token)}`);
    try {
      return await new Promise<Board>((resolve, reject) => {
        socket.once('error', reject);
        socket.on('message', (data) => {
          const message = JSON.parse(String(data)) as { type: string; snapshot?: { board: Board } };
          if (message.type === 'hello' && message.snapshot) resolve(message.snapshot.board);
        });
      });
    } finally {
      socket.close();
    }
  }
}

/** Card titles per column name, in board order (visible cards only). */
export function titlesByColumn(board: Board): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const column of [...board.columns].sort((a, b) => a.order - b.order)) {
    result[column.name] = board.cards
      .filter((card) => card.columnId === column.id && !card.archived)
      .sort((a, b) => a.order - b.order)
      .map((card) => card.title);
  }
  return result;
}
