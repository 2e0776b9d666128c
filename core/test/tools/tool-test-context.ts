import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
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
