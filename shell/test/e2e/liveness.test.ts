import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHost, type RunningHost } from '../../src/host/host.js';
import { NeutralinoRuntimeDouble } from '../host/neutralino-runtime-double.js';
import { BoardPage } from './board-page.js';
import { openChromium, saveScreenshot, type ChromiumSession } from './chromium-session.js';

/**
 * The host dies, restarts or refuses the tab — and the board says so in words, then comes back.
 * Real processes throughout: `kanbots serve` for a browser tab; for the desktop window, the
 * supervisor extension and its host child behind the Neutralino runtime double (held to the real
 * runtime by its contract test), with the built UI and the real @neutralinojs/lib in Chromium.
 */

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
const cliEntry = join(root, 'shell', 'src', 'host', 'cli.ts');
const extensionEntry = join(root, 'shell', 'src', 'host', 'neutralino-extension.ts');
const uiDirectory = join(root, 'shell', 'dist', 'ui');
const config = JSON.parse(await readFile(join(root, 'neutralino.config.json'), 'utf8')) as { nativeAllowList: string[]; extensions: { id: string }[] };
const NARROW = { width: 900, height: 900 };
const WIDE = { width: 1440, height: 900 };

const state = (page: BoardPage, value: string) => page.page.locator(`[data-testid="connection-state"][data-state="${value}"]`);
const notice = (page: BoardPage) => page.page.getByTestId('connection-notice');

async function screenshots(board: BoardPage, name: string): Promise<void> {
  for (const [label, size] of [['1440', WIDE], ['900', NARROW]] as const) {
    await board.page.setViewportSize(size);
    await saveScreenshot(board.page, `liveness-${name}-${label}`);
  }
  await board.page.setViewportSize(WIDE);
}

/** `kanbots serve` as its own process, so that it can be killed with SIGKILL. */
async function serve(dataDir: string, port: number): Promise<{ child: ChildProcess; url: string; port: number }> {
  const child = spawn(process.execPath, ['--conditions=kanbots-source', '--import', 'tsx', cliEntry, 'serve', '--port', String(port), '--data-dir', dataDir], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  const url = await new Promise<string>((resolvePromise, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const match = /running at (http:\/\/\S+)/.exec(stdout);
      if (match) resolvePromise(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`kanbots serve exited with ${code}`)));
  });
  return { child, url, port: Number(new URL(url).port) };
}

function createCard(port: number, token: string, title: string): Promise<void> {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${encodeURIComponent(token)}`);
  return new Promise((resolvePromise, reject) => {
    socket.once('error', reject);
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; id?: string };
      if (message.type === 'hello') socket.send(JSON.stringify({ type: 'command', id: 'x1', name: 'card.create', args: { title } }));
      if (message.type === 'reply' && message.id === 'x1') {
        socket.close();
        resolvePromise();
      }
    });
  });
}

describe('host liveness in the browser', { timeout: 180_000 }, () => {
  let browser: ChromiumSession;
  let dataDir: string;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    browser = await openChromium({ viewport: WIDE });
    dataDir = await mkdtemp(join(tmpdir(), 'kanbots-liveness-'));
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await browser?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('tells a refused token from a host that is down, and reconnects with the same token after kanbots serve restarts', async () => {
    const board = new BoardPage(browser.page);
    const first = await serve(dataDir, 0);
    children.push(first.child);
    const token = new URL(first.url).hash.replace('#token=', '');

    await browser.page.goto(`http://127.0.0.1:${first.port}/#token=wrong-token`);
    await state(board, 'unauthorized').waitFor();
    expect(await notice(board).innerText()).toContain('The host refuses this tab’s token');
    await screenshots(board, 'wrong-token');

    // A new #token= in the address reconnects at once (hashchange).
    await browser.page.evaluate((right) => (window.location.hash = `#token=${right}`), token);
    await board.waitOnline();
    expect(await notice(board).count()).toBe(0);
    await board.addCards('Backlog', ['Written before the crash']);
    await board.pendingSettled();

    const killedAt = Date.now();
    first.child.kill('SIGKILL');
    await state(board, 'offline').waitFor({ timeout: 20_000 });
    const noticedMs = Date.now() - killedAt;
    process.stdout.write(`browser tab: "Host not responding" ${noticedMs} ms after SIGKILL of kanbots serve\n`);
    expect(await board.page.getByTestId('connection-state').innerText()).toBe('Host not responding');
    expect(await notice(board).innerText()).toContain('not running or not answering');
    await screenshots(board, 'offline');

    const second = await serve(dataDir, first.port);
    children.push(second.child);
    expect(second.url).toBe(first.url); // the token is the data directory's
    await createCard(second.port, token, 'Written while the tab was away');
    const restartedAt = Date.now();
    await board.waitOnline();
    process.stdout.write(`browser tab: online again ${Date.now() - restartedAt} ms after the host was back\n`);
    await board.card('Written while the tab was away').waitFor();
    expect((await board.titles())['Backlog']).toEqual(['Written before the crash', 'Written while the tab was away']);
    second.child.kill('SIGTERM');
  });
});

describe('host liveness in the desktop window', { timeout: 180_000 }, () => {
  let browser: ChromiumSession;
  const cleanups: (() => Promise<void> | void)[] = [];
  beforeAll(async () => {
    browser = await openChromium({ viewport: WIDE });
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** The runtime double serving the built UI, the supervisor it started, and a page that has the runtime's globals. */
  async function window(dataDir: string, env: Record<string, string> = {}) {
    const runtime = await NeutralinoRuntimeDouble.start({ loadedExtensions: config.extensions.map((extension) => extension.id), nativeAllowList: config.nativeAllowList, documentRoot: uiDirectory });
    cleanups.push(() => runtime.close());
    const supervisor = spawn(process.execPath, ['--conditions=kanbots-source', '--import', 'tsx', extensionEntry], {
      cwd: root,
      env: { ...process.env, KANBOTS_HOME: dataDir, KANBOTS_HOST_RESTART_BACKOFF_MS: '200', ...env },
      stdio: ['pipe', 'ignore', 'inherit'],
    });
    cleanups.push(() => void (supervisor.exitCode === null && supervisor.kill('SIGKILL')));
    supervisor.stdin!.end(runtime.launchFor('js.kanbots.supervisor'));
    const page = await browser.context.newPage();
    cleanups.push(() => page.close());
    await page.addInitScript((globals) => Object.assign(window, globals), runtime.pageGlobals());
    await page.goto(`http://127.0.0.1:${runtime.port}/`);
    return { runtime, supervisor, board: new BoardPage(page) };
  }

  it('notices a host killed with SIGKILL, says so, and comes back with the board when the supervisor restarts it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'kanbots-window-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const { runtime, supervisor, board } = await window(dataDir);
    await board.waitOnline();
    await board.addCards('Backlog', ['Made in the window']);
    await board.pendingSettled();
    expect(runtime.calls.filter((call) => call.from === 'page').map((call) => call.method)).toContain('extensions.dispatch');

    // The host by its command line: on a cold transform cache the supervisor also has tsx's esbuild service as a child.
    const hostPid = () => Number(execFileSync('pgrep', ['-P', String(supervisor.pid), '-f', ' --host$'], { encoding: 'utf8' }).trim().split('\n')[0]);
    const killedAt = Date.now();
    process.kill(hostPid(), 'SIGKILL');
    await state(board, 'offline').waitFor({ timeout: 30_000 });
    process.stdout.write(`window: "Host not responding" ${Date.now() - killedAt} ms after SIGKILL of the host\n`);
    expect(await notice(board).innerText()).toContain('restarting it');
    await board.waitOnline();
    process.stdout.write(`window: online again ${Date.now() - killedAt} ms after SIGKILL (supervisor restart + resync)\n`);
    expect((await board.titles())['Backlog']).toEqual(['Made in the window']);
    await board.addCards('Backlog', ['Made after the restart']);
    await board.pendingSettled();
    expect((await board.titles())['Backlog']).toEqual(['Made in the window', 'Made after the restart']);

    // A host that hangs (stopped, its socket still open) is noticed by the heartbeat alone.
    const hung = hostPid();
    const stoppedAt = Date.now();
    process.kill(hung, 'SIGSTOP');
    try {
      await state(board, 'offline').waitFor({ timeout: 60_000 });
      process.stdout.write(`window: heartbeat says "Host not responding" ${Date.now() - stoppedAt} ms after SIGSTOP of the host\n`);
      expect(await notice(board).innerText()).toContain('not answering');
    } finally {
      process.kill(hung, 'SIGCONT');
    }
    await board.waitOnline();
    expect((await board.titles())['Backlog']).toEqual(['Made in the window', 'Made after the restart']);
  });

  it('shows why the host could not start instead of "Connecting…" forever', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'kanbots-window-'));
    const holder: RunningHost = await startHost({ dataDir }); // another Kanbots holds the data directory
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    cleanups.push(() => holder.stop());
    const { board } = await window(dataDir, { KANBOTS_HOST_MAX_RESTARTS: '1' });
    await notice(board).getByText('Kanbots’ host could not start').waitFor({ timeout: 60_000 });
    expect(await notice(board).innerText()).toContain('is in use by process');
    await screenshots(board, 'host-failed');
  });
});
