import { spawn } from 'node:child_process';
import { systemClock, type Clock } from '../../ports/clock.js';
import { buildCommandEnvironment } from './command-environment.js';
import { OutputCapture } from './output-capture.js';
import { planCommandLaunch, type CommandLaunch } from './sandbox/command-launch.js';
import type { CommandSandboxOptions, CommandSandboxReport } from './sandbox/command-sandbox.js';

/**
 * Runs one shell command in the worktree: `/bin/sh -c` on POSIX (`cmd.exe /d /s /c` on Windows),
 * stdin closed, with a timeout and an AbortSignal, in an OS sandbox where there is one
 * (sandbox/command-launch.ts). When the command ends — by itself, by timeout, by abort, or
 * because the host died — every process it started goes too, also one that left the process
 * group (`setsid -f`): under bubblewrap the command's PID namespace dies with it; elsewhere the
 * supervisor (sandbox/command-supervisor.ts) kills the group and every process carrying the
 * command's marker (SIGTERM, then SIGKILL after a grace period). Windows: the process tree is
 * killed with `taskkill /T`.
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
  /** Whether and how the command was sandboxed. */
  sandbox: CommandSandboxReport;
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
  /** Default: sandboxed where the platform can (`mode: 'auto'`), network off. */
  sandbox?: CommandSandboxOptions & { bubblewrapPath?: string };
  clock?: Clock;
  /** Called with each chunk of output as it comes (the result still holds the capped whole). */
  onOutput?: (stream: 'stdout' | 'stderr', text: string) => void;
}

/** Extra time the supervisor gets for its own clean-up before the runner kills it. */
const supervisorCleanupMs = 5_000;

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

export async function runCommand(command: string, options: RunCommandOptions): Promise<CommandResult> {
  const clock = options.clock ?? systemClock;
  const started = clock.now();
  const maxTimeoutMs = options.maxTimeoutMs ?? defaultMaxCommandTimeoutMs;
  const timeoutMs = Math.min(Math.max(1, options.timeoutMs ?? defaultCommandTimeoutMs), maxTimeoutMs);
  const limit = options.outputLimitBytes ?? defaultOutputLimitBytes;
  const graceMs = options.killGraceMs ?? defaultKillGraceMs;

  if (options.signal?.aborted) {
    return { exitCode: null, signal: null, stdout: '', stderr: '', timedOut: false, aborted: true, durationMs: 0, truncated: false, sandbox: { kind: 'none', network: 'off' } };
  }
  const launch = await planCommandLaunch({
    command,
    cwd: options.cwd,
    environment: options.environment ?? buildCommandEnvironment(process.env),
    killGraceMs: graceMs,
    ...(options.sandbox === undefined ? {} : { sandbox: options.sandbox }),
  });
  try {
    return await runLaunch(launch, { ...options, timeoutMs, graceMs, limit, clock, started });
  } finally {
    await launch.cleanup?.();
  }
}

interface LaunchSettings extends RunCommandOptions {
  timeoutMs: number;
  graceMs: number;
  limit: number;
  clock: Clock;
  started: number;
}

function runLaunch(launch: CommandLaunch, settings: LaunchSettings): Promise<CommandResult> {
  const { timeoutMs, graceMs, limit, clock, started } = settings;
  const stdout = new OutputCapture(limit);
  const stderr = new OutputCapture(limit);
  const isWindows = process.platform === 'win32';
  const child = spawn(launch.file, launch.args, {
    cwd: settings.cwd,
    env: launch.environment,
    // The supervisor's stdin is its control pipe: it closes when this process dies.
    stdio: [launch.supervised ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    ...(isWindows ? { windowsVerbatimArguments: true, windowsHide: true } : { detached: true }),
  });
  // A supervisor needs its grace period plus its own sweep before it is killed itself.
  const hardKillMs = launch.supervised ? graceMs + supervisorCleanupMs : graceMs;

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
      killTimer = setTimeout(() => killProcessGroup(child.pid!, 'SIGKILL'), hardKillMs);
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
    settings.signal?.addEventListener('abort', onAbort, { once: true });

    child.stdin?.on('error', () => {
      // The supervisor is gone; nothing was ever written to its control pipe.
    });
    const onOutput = settings.onOutput;
    if (onOutput !== undefined) {
      child.stdout!.setEncoding('utf8');
      child.stderr!.setEncoding('utf8');
    }
    child.stdout!.on('data', (chunk: Buffer | string) => {
      stdout.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      if (typeof chunk === 'string') onOutput?.('stdout', chunk);
    });
    child.stderr!.on('data', (chunk: Buffer | string) => {
      stderr.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      if (typeof chunk === 'string') onOutput?.('stderr', chunk);
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      settings.signal?.removeEventListener('abort', onAbort);
      reject(error);
    });
    // The shell (or its sandbox or supervisor) has ended; anything left in its group goes too.
    child.on('exit', (code, signal) => {
      exitCode = code;
      exitSignal = signal;
      endGroup();
    });
    child.on('close', () => {
      clearTimeout(timer);
      settings.signal?.removeEventListener('abort', onAbort);
      void waitForGroupEnd(child.pid, isWindows ? 0 : hardKillMs).then(() => {
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
          sandbox: launch.report,
        });
      });
    });
  });
}
