import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Board } from '@kanbots/core';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import WebSocket from 'ws';
import { startDemo, type RunningDemo, type StartDemoOptions } from '../../src/host/demo.js';
import { startHost, type RunningHost, type StartHostOptions } from '../../src/host/host.js';
import { BoardPage } from './board-page.js';
import { openChromium, type ChromiumSession, type OpenChromiumOptions } from './chromium-session.js';

/** What a host fixture may be started with: everything but where it lives and listens. */
export type HostFixtureOptions = Omit<StartHostOptions, 'dataDir' | 'port' | 'token'>;

/** The real host on 127.0.0.1 (port 0) over a temp data dir; restartable on the same data dir. */
export class HostFixture {
  host: RunningHost | undefined;
  private constructor(
    readonly dataDir: string,
    private readonly options: HostFixtureOptions,
  ) {}

  static async start(options: HostFixtureOptions = {}): Promise<HostFixture> {
    const fixture = new HostFixture(await mkdtemp(join(tmpdir(), 'kanbots-e2e-')), options);
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
    this.host = await startHost({ ...this.options, dataDir: this.dataDir, ...(previous ? { port: previous.port, token: previous.token } : {}) });
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

/** A started host of any kind as a board session needs it: the address to open and how to stop it. */
export interface StartedHost<H> {
  host: H;
  url: string;
  stop(): Promise<void>;
}

export interface BoardSessionOptions extends Pick<OpenChromiumOptions, 'colorScheme' | 'viewport'> {
  /** Playwright's default wait per action (its own default is 30 s). */
  defaultTimeout?: number;
}

/** What a test file drives: the host, a fresh Chromium profile on its board, and the board page. */
export interface BoardSession<H> {
  readonly host: H;
  readonly browser: ChromiumSession;
  readonly page: Page;
  readonly board: BoardPage;
}

export const WIDE_VIEWPORT = { width: 1440, height: 900 };

/**
 * The set-up every end-to-end file shares: before its tests, starts the host (`start`), opens
 * headless Chromium (1440×900 unless told) on the host's board and waits until it is online;
 * after them, closes the browser and then stops the host. Read the fields inside tests and hooks.
 */
export function useBoardSession<H>(start: () => Promise<StartedHost<H>>, options: BoardSessionOptions = {}): BoardSession<H> {
  let started: StartedHost<H> | undefined;
  let browser: ChromiumSession | undefined;
  let board: BoardPage | undefined;
  beforeAll(async () => {
    started = await start();
    browser = await openChromium({ viewport: options.viewport ?? WIDE_VIEWPORT, ...(options.colorScheme ? { colorScheme: options.colorScheme } : {}) });
    if (options.defaultTimeout !== undefined) browser.page.setDefaultTimeout(options.defaultTimeout);
    board = new BoardPage(browser.page);
    await board.open(started.url);
  });
  afterAll(async () => {
    await browser?.close();
    await started?.stop();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('The board session is read before its beforeAll ran');
    return value;
  };
  return {
    get host() {
      return ready(started).host;
    },
    get browser() {
      return ready(browser);
    },
    get page() {
      return ready(browser).page;
    },
    get board() {
      return ready(board);
    },
  };
}

/** A board session on a fresh host over an empty temp data dir (removed afterwards). */
export function useHostSession(options: BoardSessionOptions & { host?: HostFixtureOptions | (() => HostFixtureOptions) } = {}): BoardSession<HostFixture> {
  return useBoardSession(async () => {
    const host = await HostFixture.start(typeof options.host === 'function' ? options.host() : options.host);
    return { host, url: host.url, stop: () => host.dispose() };
  }, options);
}

/** A board session on the scripted demo (its options may read what an earlier beforeAll made, e.g. a scripted server). */
export function useDemoSession(demo: StartDemoOptions | (() => StartDemoOptions) = {}, options: BoardSessionOptions = {}): BoardSession<RunningDemo> {
  return useBoardSession(async () => {
    const running = await startDemo(typeof demo === 'function' ? demo() : demo);
    return { host: running, url: running.host.url, stop: () => running.stop() };
  }, { defaultTimeout: 20_000, ...options });
}
