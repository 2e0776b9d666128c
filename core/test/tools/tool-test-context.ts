import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ToolContext } from '../../src/agents/tools/tool.js';

/**
 * A temp directory holding a worktree and, beside it, an `outside` directory with a file whose
 * content is a unique marker: escape tests assert that marker never shows up and never changes.
 */
export interface ToolSandbox {
  base: string;
  worktree: string;
  outside: string;
  secretFile: string;
  secretContent: string;
  context(signal?: AbortSignal): ToolContext;
  write(relativePath: string, content: string | Uint8Array): string;
  read(relativePath: string): string;
  cleanup(): void;
}

export function createToolSandbox(options: { git?: boolean } = {}): ToolSandbox {
  const base = realpathSync(mkdtempSync(path.join(tmpdir(), 'kanbots-tools-')));
  const worktree = path.join(base, 'worktree');
  const outside = path.join(base, 'outside');
  mkdirSync(worktree);
  mkdirSync(outside);
  const secretContent = `OUTSIDE-SECRET-${process.pid}-${Date.now()}`;
  const secretFile = path.join(outside, 'secret.txt');
  writeFileSync(secretFile, secretContent);
  if (options.git) initRepository(worktree);
  return {
    base,
    worktree,
    outside,
    secretFile,
    secretContent,
    context: (signal = new AbortController().signal) => ({ worktree, signal }),
    write(relativePath, content) {
      const target = path.join(worktree, relativePath);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, content);
      return target;
    },
    read: (relativePath) => readFileSync(path.join(worktree, relativePath), 'utf8'),
    cleanup: () => {
      if (existsSync(base)) rmSync(base, { recursive: true, force: true });
    },
  };
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });
}

export function initRepository(directory: string): void {
  git(directory, 'init', '-q', '-b', 'main');
  git(directory, 'config', 'user.name', 'Kanbots Test');
  git(directory, 'config', 'user.email', 'test@kanbots.invalid');
  git(directory, 'config', 'commit.gpgsign', 'false');
}

/** True while the process exists and is not a zombie. */
export function isProcessRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return existsSync('/proc') ? false : true;
  }
}

/** Polls until the process is gone or the bound passes; returns whether it is gone. */
export async function waitUntilGone(pid: number, boundMs = 10_000): Promise<boolean> {
  for (let waited = 0; waited < boundMs; waited += 50) {
    if (!isProcessRunning(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return !isProcessRunning(pid);
}

/**
 * Host pids of the processes whose command line has `argument` as one of its words. Commands in a
 * sandbox see their own PID namespace, so `echo $!` inside does not name a host process; tests
 * tag the processes they start instead (`sleep 1000.<unique>`) and look for the tag on the host.
 */
export function processesWithArgument(argument: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'latin1').split('\0').includes(argument) && isProcessRunning(Number(name))) found.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

let tagCounter = 0;
/** A unique `sleep` duration (about 1000 s) that tags the process on the host's process list. */
export function uniqueSleepTag(): string {
  tagCounter += 1;
  return `1000.${process.pid}${String(tagCounter).padStart(3, '0')}`;
}

/** Polls until a process tagged `argument` runs; returns its host pids (empty when none came up). */
export async function waitForTaggedProcess(argument: string, boundMs = 10_000): Promise<number[]> {
  for (let waited = 0; waited < boundMs; waited += 25) {
    const pids = processesWithArgument(argument);
    if (pids.length > 0) return pids;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return [];
}

/** Polls until no process tagged `argument` runs; returns whether they are all gone. */
export async function waitUntilNoTaggedProcess(argument: string, boundMs = 10_000): Promise<boolean> {
  for (let waited = 0; waited < boundMs; waited += 50) {
    if (processesWithArgument(argument).length === 0) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return processesWithArgument(argument).length === 0;
}

/** Kills every process tagged `argument` (test clean-up, so a failing test leaves nothing behind). */
export function killTaggedProcesses(argument: string): void {
  for (const pid of processesWithArgument(argument)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
