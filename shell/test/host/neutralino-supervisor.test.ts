import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCK_FILE_NAME, type ServerMessage } from '@kanbots/core';
import { afterEach, describe, expect, it } from 'vitest';
import { NeutralinoRuntimeDouble } from './neutralino-runtime-double.js';
import { useHostContext } from './host-test-context.js';

/**
 * The desktop window's extension with real processes: the supervisor Neutralino starts, the host
 * it runs as a child, and the runtime double in between (held to the real runtime by its own
 * contract test). The window's side is played through the double: what the page would dispatch
 * and what it would receive.
 */

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
const entry = join(root, 'shell', 'src', 'host', 'neutralino-extension.ts');
const config = JSON.parse(readFileSync(join(root, 'neutralino.config.json'), 'utf8')) as { nativeAllowList: string[]; extensions: { id: string }[] };
const HOST = 'js.kanbots.host';
const SUPERVISOR = 'js.kanbots.supervisor';

function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolvePromise) => child.once('exit', (code) => resolvePromise(code)));
}

/**
 * The host child by its command line: the supervisor can have other children (tsx's esbuild
 * service while it transforms sources on a cold cache), and killing one of those is no test.
 */
function hostPidOf(supervisor: ChildProcess): number[] {
  return execFileSync('pgrep', ['-P', String(supervisor.pid), '-f', ' --host$'], { encoding: 'utf8' }).trim().split('\n').map(Number);
}

describe('the window’s host supervisor', { timeout: 300_000 }, () => {
  const context = useHostContext();
  const children: ChildProcess[] = [];
  const doubles: NeutralinoRuntimeDouble[] = [];
  afterEach(async () => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
    for (const double of doubles.splice(0)) await double.close();
  });

  async function launch(env: Record<string, string> = {}) {
    const runtime = await NeutralinoRuntimeDouble.start({ loadedExtensions: config.extensions.map((extension) => extension.id), nativeAllowList: config.nativeAllowList });
    doubles.push(runtime);
    const dataDir = env['KANBOTS_HOME'] ?? (await context.temporaryDirectory());
    const supervisor = spawn(process.execPath, ['--conditions=kanbots-source', '--import', 'tsx', entry], {
      cwd: root,
      env: { ...process.env, KANBOTS_HOME: dataDir, KANBOTS_HOST_RESTART_BACKOFF_MS: '100', ...env },
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    children.push(supervisor);
    let stderr = '';
    supervisor.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    supervisor.stdin!.end(runtime.launchFor(SUPERVISOR));
    return { runtime, supervisor, dataDir, stderr: () => stderr };
  }

  const protocolMessages = (runtime: NeutralinoRuntimeDouble) => runtime.pageEvents.filter((event) => event.event === 'kanbots.message').map((event) => event.data as ServerMessage);
  const statuses = (runtime: NeutralinoRuntimeDouble) => runtime.pageEvents.filter((event) => event.event === 'kanbots.host-status').map((event) => event.data as { state: string; attempt?: number; maxAttempts?: number; reason?: string; message?: string; osNotifications?: boolean });

  it('restarts a host killed with SIGKILL; the window’s next message gets a hello with the board as it was', async () => {
    const { runtime, supervisor, dataDir } = await launch();
    await runtime.until(() => runtime.connectedExtensions().includes(HOST) && runtime.connectedExtensions().includes(SUPERVISOR));
    await runtime.until(() => statuses(runtime).find((status) => status.state === 'running'));
    expect(statuses(runtime)[0]).toMatchObject({ state: 'running', osNotifications: expect.any(Boolean) });

    runtime.dispatchToExtension(HOST, 'kanbots.message', { type: 'command', id: 'c1', name: 'card.create', args: { title: 'Made before the crash' } });
    await runtime.until(() => protocolMessages(runtime).find((message) => message.type === 'reply' && message.id === 'c1'));
    const [hostPid] = hostPidOf(supervisor);
    expect(hostPid).toBeGreaterThan(0);

    const killedAt = Date.now();
    process.kill(hostPid!, 'SIGKILL');
    const restarting = await runtime.until(() => statuses(runtime).find((status) => status.state === 'restarting'));
    expect(restarting).toMatchObject({ state: 'restarting', attempt: 1, maxAttempts: 5, reason: expect.stringContaining('SIGKILL') });
    await runtime.until(() => statuses(runtime).filter((status) => status.state === 'running').length === 2, { what: 'second running status' });
    const restartMs = Date.now() - killedAt;
    process.stdout.write(`host restarted ${restartMs} ms after SIGKILL\n`);

    const before = protocolMessages(runtime).length;
    runtime.dispatchToExtension(HOST, 'kanbots.message', { type: 'command', id: 'c2', name: 'host.ping', args: {} });
    const after = await runtime.until(() => {
      const fresh = protocolMessages(runtime).slice(before);
      return fresh.some((message) => message.type === 'reply' && message.id === 'c2') ? fresh : undefined;
    });
    const hello = after.find((message) => message.type === 'hello');
    expect(hello).toBeDefined();
    expect(hello!.type === 'hello' && hello!.snapshot.board.cards.map((card) => card.title)).toEqual(['Made before the crash']);
    expect(after.find((message) => message.type === 'reply' && message.id === 'c2')).toMatchObject({ ok: true, result: { seq: expect.any(Number) } });

    // The window closes (exitProcessOnClose: the runtime goes away): everything ends, the lock is released.
    await runtime.close();
    expect(await exitOf(supervisor)).toBe(0);
    expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(false);
  });

  it('answers a message the window dispatches the instant the host connects, first start and restart alike', async () => {
    const runtime = await NeutralinoRuntimeDouble.start({ loadedExtensions: config.extensions.map((extension) => extension.id), nativeAllowList: config.nativeAllowList });
    doubles.push(runtime);
    let connects = 0;
    // The frame goes out with the handshake's answer: the host reads both in one turn of its loop.
    runtime.onExtensionConnect((extensionId) => {
      if (extensionId !== HOST) return;
      connects += 1;
      runtime.dispatchToExtension(HOST, 'kanbots.message', { type: 'command', id: `instant${connects}`, name: 'host.ping', args: {} });
    });
    const dataDir = await context.temporaryDirectory();
    const supervisor = spawn(process.execPath, ['--conditions=kanbots-source', '--import', 'tsx', entry], {
      cwd: root,
      env: { ...process.env, KANBOTS_HOME: dataDir, KANBOTS_HOST_RESTART_BACKOFF_MS: '100' },
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    children.push(supervisor);
    supervisor.stdin!.end(runtime.launchFor(SUPERVISOR));
    const answered = (id: string) => () => protocolMessages(runtime).find((message) => message.type === 'reply' && message.id === id);
    expect(await runtime.until(answered('instant1'), { timeoutMs: 60_000, what: 'the answer to the first message' })).toMatchObject({ ok: true });

    const [hostPid] = hostPidOf(supervisor);
    process.kill(hostPid!, 'SIGKILL');
    expect(await runtime.until(answered('instant2'), { timeoutMs: 60_000, what: 'the answer after the restart' })).toMatchObject({ ok: true });
    await runtime.close();
    expect(await exitOf(supervisor)).toBe(0);
  });

  it('gives up after the bounded restarts and shows the host’s own reason in the window', async () => {
    const dataDir = await context.temporaryDirectory();
    await context.start({ dataDir }); // another Kanbots holds the data directory
    const { runtime, supervisor, stderr } = await launch({ KANBOTS_HOME: dataDir, KANBOTS_HOST_MAX_RESTARTS: '2' });
    const failed = await runtime.until(() => statuses(runtime).find((status) => status.state === 'failed'));
    expect(failed).toMatchObject({ state: 'failed', attempts: 3, message: expect.stringContaining('is in use by process') });
    expect(statuses(runtime).filter((status) => status.state === 'restarting').map((status) => `${status.attempt}/${status.maxAttempts}`)).toEqual(['1/2', '2/2']);
    expect(failed.message).not.toContain(runtime.accessToken);
    // Asked again (a window that opened later), it answers with the same failure.
    runtime.dispatchToExtension(SUPERVISOR, 'kanbots.host-status.request', {});
    await runtime.until(() => statuses(runtime).filter((status) => status.state === 'failed').length === 2);
    expect(supervisor.exitCode).toBeNull();
    await runtime.close();
    expect(await exitOf(supervisor)).toBe(1);
    expect(stderr()).toContain('not restarting it again');
  });
});
