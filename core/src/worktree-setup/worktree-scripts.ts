import { buildCommandEnvironment } from '../agents/tools/command-environment.js';
import { runCommand, type CommandResult } from '../agents/tools/command-runner.js';

/**
 * Runs one of a project's scripts (setup, archive, the dev server's run) in a worktree: `/bin/sh -c`
 * with the worktree as cwd and the same secret-free environment as the agents' commands, plus
 * where it runs: `KANBOTS_ROOT_PATH` (the repository), `KANBOTS_WORKTREE_PATH`, `KANBOTS_PORT` (the
 * first of the worktree's ten ports) and the names Conductor's and Codex's scripts read. The
 * script is the project's own (not the model's), so it runs outside the command sandbox — an
 * install needs the network — but every process it starts still ends with it (or with Kanbots).
 */

export interface WorktreeScriptPlace {
  repository: string;
  worktree: string;
  portBase: number;
}

export function worktreeScriptEnvironment(place: WorktreeScriptPlace, base: Record<string, string | undefined> = process.env): Record<string, string> {
  const port = String(place.portBase);
  return buildCommandEnvironment(base, {
    extra: {
      KANBOTS_ROOT_PATH: place.repository,
      KANBOTS_WORKTREE_PATH: place.worktree,
      KANBOTS_PORT: port,
      CONDUCTOR_ROOT_PATH: place.repository,
      CONDUCTOR_WORKSPACE_PATH: place.worktree,
      CONDUCTOR_PORT: port,
      CODEX_SOURCE_TREE_PATH: place.repository,
      CODEX_WORKTREE_PATH: place.worktree,
    },
  });
}

export interface RunWorktreeScriptOptions extends WorktreeScriptPlace {
  timeoutSeconds: number;
  signal?: AbortSignal;
  onOutput?: (stream: 'stdout' | 'stderr', text: string) => void;
  /** Run the script (and all it starts) at this niceness: background work such as filling the warm pool. */
  niceness?: number;
}

export function runWorktreeScript(script: string, options: RunWorktreeScriptOptions): Promise<CommandResult> {
  const timeoutMs = options.timeoutSeconds * 1000;
  // The shell lowers its own priority before the script; what it starts inherits it.
  const command = options.niceness === undefined || process.platform === 'win32' ? script : `renice ${Math.trunc(options.niceness)} $$ >/dev/null 2>&1\n${script}`;
  return runCommand(command, {
    cwd: options.worktree,
    environment: worktreeScriptEnvironment(options),
    timeoutMs,
    maxTimeoutMs: timeoutMs,
    outputLimitBytes: 256 * 1024,
    sandbox: { mode: 'off' },
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.onOutput === undefined ? {} : { onOutput: options.onOutput }),
  });
}
