import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { supervisedCommand } from '../agents/tools/sandbox/command-supervisor.js';
import { LineSplitter } from './line-splitter.js';

/**
 * Spawns an agent CLI as the leader of its own process group (detached), with stdin closed
 * (an open stdin pipe makes some CLIs wait forever), splitting stdout into lines. Cancelling
 * (signal, timeout or `stop()`) kills the whole group: SIGTERM, then SIGKILL after a grace period,
 * so tools the CLI started (shells, test runners) go too.
 *
 * On POSIX the CLI runs under the command supervisor (agents/tools/sandbox/command-supervisor.ts),
 * whose stdin is a pipe from this process: when this process dies, even by SIGKILL, the
 * supervisor kills the CLI's group and (on Linux) every process carrying its marker, so nothing
 * the CLI started keeps running. `pid` is then the supervisor's.
 */

export interface ProcessRunOptions {
  command: string;
  args: readonly string[];
  cwd: string;
  /** The complete environment of the child (nothing is inherited implicitly). */
  env: Record<string, string | undefined>;
  /** Aborting kills the process group. */
  signal?: AbortSignal;
  /** Kills the process group after this long. */
  timeoutMs?: number;
  /** Time between SIGTERM and SIGKILL; default 2 000 ms. */
  killGraceMs?: number;
  /** Called for every complete stdout line (CRLF stripped, empty lines skipped). */
  onLine: (line: string) => void;
  /** Called for stderr text as it arrives. */
  onStderr?: (text: string) => void;
}

export type ProcessStopReason = 'aborted' | 'timeout' | 'requested';

export interface ProcessRunResult {
  pid: number | undefined;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Why Kanbots stopped the process, when it did. */
  stoppedBy: ProcessStopReason | undefined;
  /** The last ~4 KB of stderr (for error messages; redact before showing). */
  stderrTail: string;
  /** Set when the process could not be started (e.g. ENOENT). */
  spawnError: Error | undefined;
}

export interface RunningProcess {
  readonly pid: number | undefined;
  /** Resolves when the process has exited and its output is drained. */
  readonly done: Promise<ProcessRunResult>;
  /** Kills the process group (SIGTERM, then SIGKILL after the grace period). */
  stop(reason?: ProcessStopReason): void;
}

const stderrTailLimit = 4096;
/** Extra time the supervisor gets for its own clean-up before it is killed itself. */
const supervisorCleanupMs = 5000;

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The CLI's executable as the child would find it, or undefined (then it is spawned directly and fails as usual). */
function findExecutable(command: string, searchPath: string | undefined): string | undefined {
  if (command.includes('/')) return isExecutable(command) ? command : undefined;
  for (const directory of (searchPath ?? '').split(path.delimiter)) {
    if (directory === '') continue;
    const candidate = path.join(directory, command);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}
/** How long `done` waits for a stopped group's last members to be reaped. */
const groupExitWaitMs = 5000;

export function startProcess(options: ProcessRunOptions): RunningProcess {
  const graceMs = options.killGraceMs ?? 2000;
  const executable = process.platform === 'win32' ? undefined : findExecutable(options.command, options.env['PATH']);
  const launch =
    executable === undefined
      ? { file: options.command, args: [...options.args] }
      : supervisedCommand(process.execPath, graceMs, randomUUID(), executable, options.args);
  const child = spawn(launch.file, launch.args, {
    cwd: options.cwd,
    env: definedEntries(options.env),
    detached: true,
    // The supervisor's stdin is its control pipe; the CLI itself gets no stdin.
    stdio: [executable === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    windowsHide: true,
  });
  child.stdin?.on('error', () => {
    // The supervisor is gone; nothing is ever written to its control pipe.
  });
  const hardKillMs = executable === undefined ? graceMs : graceMs + supervisorCleanupMs;
  const pid = child.pid;
  const splitter = new LineSplitter();
  let stderrTail = '';
  let stoppedBy: ProcessStopReason | undefined;
  let spawnError: Error | undefined;
  let exited = false;
  const timers: NodeJS.Timeout[] = [];

  const deliver = (lines: string[]): void => {
    for (const line of lines) {
      try {
        options.onLine(line);
      } catch {
        // A consumer bug must not leave the process running unobserved; keep reading.
      }
    }
  };
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => deliver(splitter.push(chunk)));
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-stderrTailLimit);
    options.onStderr?.(chunk);
  });

  const stop = (reason: ProcessStopReason = 'requested'): void => {
    if (stoppedBy !== undefined || pid === undefined) return;
    stoppedBy = reason;
    signalGroup(pid, 'SIGTERM');
    const killTimer = setTimeout(() => {
      if (groupAlive(pid)) signalGroup(pid, 'SIGKILL');
    }, hardKillMs);
    killTimer.unref();
    timers.push(killTimer);
  };

  const onAbort = (): void => stop('aborted');
  if (options.signal?.aborted) queueMicrotask(onAbort);
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.timeoutMs !== undefined) {
    const timeoutTimer = setTimeout(() => stop('timeout'), options.timeoutMs);
    timeoutTimer.unref();
    timers.push(timeoutTimer);
  }

  const done = new Promise<ProcessRunResult>((resolve) => {
    let exitCode: number | null = null;
    let exitSignal: NodeJS.Signals | null = null;
    const finish = async (): Promise<void> => {
      options.signal?.removeEventListener('abort', onAbort);
      deliver(splitter.flush());
      if (stoppedBy !== undefined && pid !== undefined) {
        // The leader is gone but members of the group may still run (or not be reaped yet):
        // kill them and resolve only once the group is really gone.
        if (groupAlive(pid)) signalGroup(pid, 'SIGKILL');
        const deadline = Date.now() + groupExitWaitMs;
        while (groupAlive(pid) && Date.now() < deadline) await new Promise((wake) => setTimeout(wake, 10));
      }
      for (const timer of timers) clearTimeout(timer);
      resolve({ pid, exitCode, signal: exitSignal, stoppedBy, stderrTail, spawnError });
    };
    child.on('error', (error) => {
      spawnError = error;
      if (pid === undefined) void finish();
    });
    child.on('exit', (code, signal) => {
      exited = true;
      exitCode = code;
      exitSignal = signal;
    });
    // 'close' fires once stdio is drained; a grandchild holding the pipes open keeps it back,
    // which is what stop() and the SIGKILL above take care of.
    child.on('close', (code, signal) => {
      if (!exited) {
        exitCode = code;
        exitSignal = signal;
      }
      void finish();
    });
  });

  return { pid, done, stop };
}

function definedEntries(env: Record<string, string | undefined>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) result[key] = value;
  return result;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

/** True while any process of the group led by `pid` is alive (zombies included until reaped). */
export function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
