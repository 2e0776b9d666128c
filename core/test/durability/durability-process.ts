import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Starts the durability child (a Kanbots process running one dev ⇄ review run to its merge) in
 * its own process group, so that a kill takes the git processes it started down with it — what a
 * power cut or `kill -9` of the whole app does, and what leaves a `git worktree remove` halfway.
 */

const child = join(dirname(fileURLToPath(import.meta.url)), 'durability-child.ts');
const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** True when `killAfterMs` (or `timeoutMs`) elapsed and the parent killed the group. */
  killedByParent: boolean;
  elapsedMs: number;
}

export interface ChildOptions {
  env: Record<string, string>;
  /** Kill the child's whole process group with SIGKILL after this many milliseconds. */
  killAfterMs?: number;
  /** Same kill, but the run was expected to finish: the result says so in `killedByParent`. */
  timeoutMs?: number;
}

export function runDurabilityChild(options: ChildOptions): Promise<ChildResult> {
  return new Promise((resolve) => {
    const started = performance.now();
    const process_ = spawn(process.execPath, ['--conditions=kanbots-source', '--import', 'tsx', child], {
      cwd: repositoryRoot,
      env: { ...process.env, ...options.env },
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    let killedByParent = false;
    const delay = options.killAfterMs ?? options.timeoutMs;
    const timer =
      delay === undefined
        ? undefined
        : setTimeout(() => {
            killedByParent = true;
            try {
              process.kill(-process_.pid!, 'SIGKILL');
            } catch {
              // The group is already gone.
            }
          }, delay);
    process_.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    process_.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    process_.on('close', (code, signal) => {
      if (timer !== undefined) clearTimeout(timer);
      // Whatever the child left running (a git it started) goes with it, as in a real crash.
      try {
        process.kill(-process_.pid!, 'SIGKILL');
      } catch {
        // Nothing left.
      }
      resolve({ code, signal, stdout, stderr, killedByParent, elapsedMs: performance.now() - started });
    });
  });
}
