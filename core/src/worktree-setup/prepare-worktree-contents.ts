import type { GitRunner } from '../git/git-runner.js';
import { copyIntoWorktree, includedIgnoredFiles, includePatterns, type IncludeCopyReport } from './worktree-include.js';
import { linkFolders, type LinkReport } from './worktree-links.js';
import { runWorktreeScript } from './worktree-scripts.js';
import { SetupFailedError } from './worktree-setup-errors.js';
import type { LoadedWorktreeSettings } from './worktree-settings.js';

/**
 * Makes a fresh worktree a working copy of the project: the ignored files `.worktreeinclude` and
 * the copy list name, the allowlisted folders linked or copied, then the setup script. Safe to
 * run again on the same worktree (after a failed setup, or a crash midway): nothing that exists
 * is overwritten, and the setup runs again from the start.
 */

export interface PrepareWorktreeContentsInput {
  git: GitRunner;
  /** The repository's top level (where the ignored files and linked folders are). */
  repository: string;
  worktree: string;
  portBase: number;
  loaded: LoadedWorktreeSettings;
  signal?: AbortSignal;
  /** The setup script is about to start. */
  onSetupStarted?: (script: string) => void;
  onOutput?: (stream: 'stdout' | 'stderr', text: string) => void;
  /** The setup's niceness (the warm pool fills in the background). */
  niceness?: number;
}

export interface PreparedWorktreeContents {
  copied: IncludeCopyReport;
  links: LinkReport[];
  warnings: string[];
  setup?: { script: string; durationMs: number };
}

export async function prepareWorktreeContents(input: PrepareWorktreeContentsInput): Promise<PreparedWorktreeContents> {
  const { settings } = input.loaded;
  const patterns = await includePatterns(input.repository, settings.copy);
  const files = await includedIgnoredFiles(input.git, input.repository, patterns, settings.links);
  const copied = await copyIntoWorktree(input.repository, input.worktree, files);
  const linked = await linkFolders(input.git, input.repository, input.worktree, settings.links, settings.linkMode);
  const prepared: PreparedWorktreeContents = { copied, links: linked.links, warnings: linked.warnings };
  const script = settings.scripts.setup;
  if (script === undefined) return prepared;
  input.onSetupStarted?.(script);
  const result = await runWorktreeScript(script, {
    repository: input.repository,
    worktree: input.worktree,
    portBase: input.portBase,
    timeoutSeconds: settings.setupTimeoutSeconds,
    ...(input.signal === undefined ? {} : { signal: input.signal }),
    ...(input.onOutput === undefined ? {} : { onOutput: input.onOutput }),
    ...(input.niceness === undefined ? {} : { niceness: input.niceness }),
  });
  if (result.exitCode !== 0 || result.timedOut || result.aborted) {
    throw new SetupFailedError(script, { exitCode: result.exitCode, signal: result.signal, timedOut: result.timedOut, timeoutSeconds: settings.setupTimeoutSeconds });
  }
  return { ...prepared, setup: { script, durationMs: result.durationMs } };
}
