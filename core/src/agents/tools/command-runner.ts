import { spawn } from 'node:child_process';
import { systemClock, type Clock } from '../../ports/clock.js';
import { buildCommandEnvironment } from './command-environment.js';
import { OutputCapture } from './output-capture.js';

/**
 * Runs one shell command in the worktree: `/bin/sh -c` on POSIX (`cmd.exe /d /s /c` on Windows),
 * in its own process group, stdin closed, with a timeout and an AbortSignal. When the command ends
 * — by itself, by timeout or by abort — the whole process group is killed (SIGTERM, then SIGKILL
 * after a grace period), so background processes it started (`server &`) do not outlive it.
 */

export const defaultCommandTimeoutMs = 120_000;
export const defaultMaxCommandTimeoutMs = 600_000;
export const defaultOutputLimitBytes = 64 * 1024;
const defaultKillGraceMs = 2_000;

export interface CommandResult {
  /** Null when the shell was ended by a signal. */
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  aborted: boolean;
  durationMs: number;
  /** True when some output was dropped to stay under the cap. */
  truncated: boolean;
}

export interface RunCommandOptions {
  cwd: string;
  signal?: AbortSignal;
  /** Default 120 s; clamped to `maxTimeoutMs`. */
  timeoutMs?: number;
  maxTimeoutMs?: number;
  /** Per stream (stdout, stderr); default 64 KiB. */
  outputLimitBytes?: number;
  /** Time between SIGTERM and SIGKILL; default 2 s. */
  killGraceMs?: number;
  /** Default: `buildCommandEnvironment(process.env)`. */
  environment?: Record<string, string>;
  clock?: Clock;
}

function killProcessGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    if (process.platform === 'win32') {
      spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true });
    } else {
      process.kill(-pid, signal);
    }
  } catch {
    // The group is already gone.
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * After the pipes close, processes of the group that closed their output may still run: give
 * them the grace period to go after SIGTERM, then SIGKILL what is left.
 */
async function waitForGroupEnd(pid: number | undefined, graceMs: number): Promise<void> {
  if (pid === undefined || process.platform === 'win32') return;
  const pollMs = 20;
  for (let waited = 0; waited < graceMs && groupAlive(pid); waited += pollMs) {
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  if (groupAlive(pid)) killProcessGroup(pid, 'SIGKILL');
}

export function runCommand(command: string, options: RunCommandOptions): Promise<CommandResult> {
  const clock = options.clock ?? systemClock;
  const started = clock.now();
  const maxTimeoutMs = options.maxTimeoutMs ?? defaultMaxCommandTimeoutMs;
  const timeoutMs = Math.min(Math.max(1, options.timeoutMs ?? defaultCommandTimeoutMs), maxTimeoutMs);
  const limit = options.outputLimitBytes ?? defaultOutputLimitBytes;
  const graceMs = options.killGraceMs ?? defaultKillGraceMs;
  const stdout = new OutputCapture(limit);
  const stderr = new OutputCapture(limit);

  if (options.signal?.aborted) {
    return Promise.resolve({ exitCode: null, signal: null, stdout: '', stderr: '', timedOut: false, aborted: true, durationMs: 0, truncated: false });
  }

  const isWindows = process.platform === 'win32';
  const child = isWindows
    ? spawn(process.env['ComSpec'] ?? 'cmd.exe', ['/d', '/s', '/c', `"${command}"`], {
        cwd: options.cwd, env: options.environment ?? buildCommandEnvironment(process.env),
        stdio: ['ignore', 'pipe', 'pipe'], windowsVerbatimArguments: true, windowsHide: true,
      })
    : spawn('/bin/sh', ['-c', command], {
        cwd: options.cwd, env: options.environment ?? buildCommandEnvironment(process.env),
        stdio: ['ignore', 'pipe', 'pipe'], detached: true,
      });

  return new Promise<CommandResult>((resolve, reject) => {
    let timedOut = false;
    let aborted = false;
    let exitCode: number | null = null;
    let exitSignal: string | null = null;
    let groupKilled = false;
    let killTimer: NodeJS.Timeout | undefined;

    const endGroup = (): void => {
      if (groupKilled || child.pid === undefined) return;
      groupKilled = true;
      killProcessGroup(child.pid, 'SIGTERM');
      killTimer = setTimeout(() => killProcessGroup(child.pid!, 'SIGKILL'), graceMs);
      killTimer.unref();
    };
    const timer = setTimeout(() => {
      timedOut = true;
      endGroup();
    }, timeoutMs);
    const onAbort = (): void => {
      aborted = true;
      endGroup();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', onAbort);
      reject(error);
    });
    // The shell has ended; anything it left running in its group (which may hold our pipes open) goes too.
    child.on('exit', (code, signal) => {
      exitCode = code;
      exitSignal = signal;
      endGroup();
    });
    child.on('close', () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      void waitForGroupEnd(child.pid, isWindows ? 0 : graceMs).then(() => {
        if (killTimer) clearTimeout(killTimer);
        resolve({
          exitCode,
          signal: exitSignal,
          stdout: stdout.text(),
          stderr: stderr.text(),
          timedOut,
          aborted,
          durationMs: clock.now() - started,
          truncated: stdout.truncated || stderr.truncated,
        });
      });
    });
  });
}
