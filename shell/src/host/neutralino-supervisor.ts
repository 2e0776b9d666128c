import { spawn, type ChildProcess } from 'node:child_process';
import type { Logger } from './logger.js';
import { redactSecrets } from './logger.js';
import { connectToNeutralino, type NeutralinoConnection, type NeutralinoLaunch } from './neutralino-connection.js';
import { osNotificationsAvailable } from './neutralino-notifications.js';

/**
 * The extension Neutralino starts (`js.kanbots.supervisor`): it runs the real host as a child
 * process that connects to Neutralino as `js.kanbots.host` (a second, command-less extension in
 * neutralino.config.json), and restarts it when it dies — a bounded number of times, with growing
 * pauses — telling the window with `app.broadcast` of `kanbots.host-status`: restarting (attempt
 * n of m, and why), failed (with the host's own last words), running (and whether system
 * notifications can show). The window asks for the current status by dispatching
 * `kanbots.host-status.request` to the supervisor. A child that ends with exit code 0 saw the
 * window close; then the supervisor ends too.
 *
 * Launched under the host's own id (an older config, or a test), the supervisor does not connect
 * itself — one socket per id — and only restarts.
 */

export const HOST_EXTENSION_ID = 'js.kanbots.host';
export const SUPERVISOR_EXTENSION_ID = 'js.kanbots.supervisor';
export const HOST_STATUS_EVENT = 'kanbots.host-status';
export const HOST_STATUS_REQUEST_EVENT = 'kanbots.host-status.request';

export type HostStatus =
  | { state: 'running'; osNotifications: boolean }
  | { state: 'restarting'; attempt: number; maxAttempts: number; reason: string }
  | { state: 'failed'; attempts: number; message: string };

export interface SupervisorOptions {
  launch: NeutralinoLaunch;
  logger: Logger;
  /** Starts one host process (given the launch JSON for its stdin). */
  startHost(): ChildProcess;
  /** Restarts allowed before giving up (default 5). */
  maxRestarts?: number;
  /** First pause before a restart, doubled each time up to 8 s (default 500 ms). */
  initialBackoffMs?: number;
  /** A host that ran this long starts the count afresh (default 60 s). */
  stableAfterMs?: number;
}

const STDERR_TAIL_CHARACTERS = 2_000;
const STDERR_DRAIN_MS = 1_000;

export async function superviseHost(options: SupervisorOptions): Promise<number> {
  const { launch, logger } = options;
  const maxRestarts = options.maxRestarts ?? 5;
  const initialBackoffMs = options.initialBackoffMs ?? 500;
  const stableAfterMs = options.stableAfterMs ?? 60_000;
  const osNotifications = osNotificationsAvailable();
  let status: HostStatus = { state: 'running', osNotifications };
  let connection: NeutralinoConnection | undefined;
  let child: ChildProcess | undefined;
  let ending = false;
  let endSupervisor: () => void = () => {};
  const ended = new Promise<void>((resolvePromise) => (endSupervisor = resolvePromise));

  const report = (next: HostStatus): void => {
    status = next;
    connection?.call('app.broadcast', { event: HOST_STATUS_EVENT, data: status });
  };
  const end = (why: string): void => {
    if (ending) return;
    ending = true;
    logger.debug(`Supervisor stopping: ${why}`);
    const running = child;
    if (running !== undefined && running.exitCode === null && running.signalCode === null) {
      running.kill('SIGTERM');
      // A host that does not stop within 10 s (it releases the lock on SIGTERM) is killed.
      setTimeout(() => running.exitCode === null && running.signalCode === null && running.kill('SIGKILL'), 10_000).unref();
    } else endSupervisor();
  };

  if (launch.nlExtensionId !== HOST_EXTENSION_ID) {
    connection = await connectToNeutralino({
      launch,
      onEvent: (frame, socket) => {
        connection = socket;
        if (frame.event === HOST_STATUS_REQUEST_EVENT) report(status);
        else if (frame.event === 'extClientConnect' && frame.data === HOST_EXTENSION_ID) report({ state: 'running', osNotifications });
        else if (frame.event === 'windowClose') end('the window closed');
      },
    });
    void connection.closed.then(() => end('Neutralino closed the connection'));
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => end(signal));

  let restarts = 0;
  let exitCode = 0;
  while (!ending) {
    const startedAt = Date.now();
    const { code, signal, stderrTail } = await runOnce();
    if (ending) break;
    if (code === 0) {
      // The host saw the window close (or Neutralino go away): so do we.
      ending = true;
      break;
    }
    if (Date.now() - startedAt >= stableAfterMs) restarts = 0;
    const reason = `${signal ? `it was stopped by ${signal}` : `it exited with code ${code}`}${stderrTail ? `: ${stderrTail}` : ''}`;
    logger.warn(`The Kanbots host stopped (${signal ?? `code ${code}`}).`);
    if (restarts >= maxRestarts) {
      report({ state: 'failed', attempts: restarts + 1, message: reason });
      logger.error(`The Kanbots host failed ${restarts + 1} times; not restarting it again.`);
      exitCode = 1;
      // Stay until the window closes, so that it keeps showing why.
      if (connection !== undefined) await ended;
      break;
    }
    restarts += 1;
    report({ state: 'restarting', attempt: restarts, maxAttempts: maxRestarts, reason });
    await pause(Math.min(8_000, initialBackoffMs * 2 ** (restarts - 1)));
  }
  connection?.close();
  return exitCode;

  function runOnce(): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderrTail: string }> {
    const started = options.startHost();
    child = started;
    let tail = '';
    started.stderr?.on('data', (chunk: Buffer) => {
      process.stderr.write(chunk);
      tail = (tail + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARACTERS * 2);
    });
    started.stdin?.on('error', () => undefined);
    started.stdin?.end(JSON.stringify({ ...launch, nlPort: String(launch.nlPort), nlExtensionId: HOST_EXTENSION_ID }));
    return new Promise((resolvePromise) => {
      started.once('error', (error) => {
        tail += `\n${error.message}`;
      });
      // 'exit' decides; 'close' (its stderr drained) is awaited only briefly, since a process the
      // host started can hold that pipe open long after the host itself is gone.
      started.once('exit', (code, signal) => {
        let settled = false;
        const settle = () => {
          if (settled) return;
          settled = true;
          clearTimeout(grace);
          child = undefined;
          if (ending) endSupervisor();
          resolvePromise({ code, signal, stderrTail: redactSecrets(tail.replace(/^\[kanbots\] (?:debug|info|warn|error): /gm, '').trim()).slice(-STDERR_TAIL_CHARACTERS) });
        };
        const grace = setTimeout(settle, STDERR_DRAIN_MS);
        if (started.stderr === null || started.stderr.readableEnded) settle();
        else started.once('close', settle);
      });
    });
  }

  function pause(milliseconds: number): Promise<void> {
    return new Promise((resolvePromise) => {
      const timer = setTimeout(resolvePromise, milliseconds);
      void ended.then(() => {
        clearTimeout(timer);
        resolvePromise();
      });
    });
  }
}

/** Starts this same program again in the host role (works for the built files and the one-file bundle). */
export function startHostChild(entry: string): ChildProcess {
  return spawn(process.execPath, [...process.execArgv, entry, '--host'], { stdio: ['pipe', 'inherit', 'pipe'], env: process.env });
}
