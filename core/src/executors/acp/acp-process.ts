import { spawn } from 'node:child_process';
import { Readable, Writable } from 'node:stream';
import type { Stream } from '@agentclientprotocol/sdk';
import * as acp from '@agentclientprotocol/sdk';
import { groupAlive } from '../process-runner.js';

/**
 * An ACP agent process: spawned as the leader of its own process group in the worktree, with
 * JSON-RPC over its stdin and stdout (ndjson). Stopping closes its stdin (ACP agents end when it
 * closes), then kills the group — SIGTERM, SIGKILL after the grace period — so the tools it
 * started go too. When Kanbots itself dies, the closed stdin ends the agent.
 */

export interface AcpProcessOptions {
  command: string;
  args: readonly string[];
  cwd: string;
  /** The complete environment of the child. */
  env: Record<string, string>;
  killGraceMs?: number;
  onStderr?: (text: string) => void;
}

export interface AcpProcessExit {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started (e.g. ENOENT). */
  spawnError: Error | undefined;
  /** The last ~4 KB of stderr (redact before showing). */
  stderrTail: string;
  /** True when Kanbots stopped it. */
  stopped: boolean;
}

export interface AcpProcess {
  readonly pid: number | undefined;
  readonly stream: Stream;
  /** Resolves once the process has exited (the whole group is gone when Kanbots stopped it). */
  readonly exited: Promise<AcpProcessExit>;
  stop(): Promise<AcpProcessExit>;
}

const stderrTailLimit = 4096;

export function startAcpProcess(options: AcpProcessOptions): AcpProcess {
  const graceMs = options.killGraceMs ?? 2000;
  const child = spawn(options.command, [...options.args], { cwd: options.cwd, env: options.env, detached: true, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
  const pid = child.pid;
  let stderrTail = '';
  let spawnError: Error | undefined;
  let stopped = false;
  child.stdin.on('error', () => {
    // The agent is gone; the connection reports the closed stream.
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-stderrTailLimit);
    options.onStderr?.(chunk);
  });
  const exited = new Promise<AcpProcessExit>((resolve) => {
    child.on('error', (error) => {
      spawnError = error;
      if (pid === undefined) resolve({ exitCode: null, signal: null, spawnError, stderrTail, stopped });
    });
    child.on('close', (exitCode, signal) => resolve({ exitCode, signal, spawnError, stderrTail, stopped }));
  });
  const stream = acp.ndJsonStream(Writable.toWeb(child.stdin) as WritableStream<Uint8Array>, Readable.toWeb(child.stdout) as ReadableStream<Uint8Array>);

  const stop = async (): Promise<AcpProcessExit> => {
    if (pid === undefined) return exited;
    stopped = true;
    child.stdin.end();
    signalGroup(pid, 'SIGTERM');
    const kill = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
    kill.unref();
    const result = await exited;
    clearTimeout(kill);
    // The leader is gone; members of its group may still run.
    if (groupAlive(pid)) signalGroup(pid, 'SIGKILL');
    const deadline = Date.now() + 5000;
    while (groupAlive(pid) && Date.now() < deadline) await new Promise((wake) => setTimeout(wake, 10));
    return { ...result, stopped: true };
  };
  return { pid, stream, exited, stop };
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: already gone.
  }
}
