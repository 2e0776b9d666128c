import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compareGitConfig, describeGitConfigChanges, type GitConfigChange } from '../git/git-config-changes.js';
import { captureEntries, restoreGitConfigSnapshot, takeGitConfigSnapshot, type GitConfigSnapshot } from '../git/git-config-snapshot.js';
import type { GitRunner } from '../git/git-runner.js';
import { writeFileAtomic } from '../store/atomic-write.js';
import { runDirectory } from './run-files.js';

/**
 * A run's watch over its repository's git configuration: the snapshot taken when the run starts
 * (`<dataDir>/runs/<runId>/git-config-snapshot.json`, 0600: it holds a copy of `.git/config`),
 * the changes found when the run reaches its gate, and the undo that puts the snapshot back.
 */

/** What the gate shows (no absolute paths: they stay on the host). */
export interface GitConfigFinding {
  /** "The agent changed your git configuration: …" */
  summary: string;
  changes: { displayPath: string; change: GitConfigChange['change']; description: string }[];
}

export function gitConfigSnapshotPath(dataDir: string, runId: string): string {
  return join(runDirectory(dataDir, runId), 'git-config-snapshot.json');
}

export async function snapshotRunGitConfig(git: GitRunner, dataDir: string, runId: string, repository: string, now: number): Promise<void> {
  const snapshot = await takeGitConfigSnapshot(git, repository, now);
  await writeFileAtomic(gitConfigSnapshotPath(dataDir, runId), `${JSON.stringify(snapshot)}\n`);
}

/** The run's snapshot; undefined when there is none (or it is of an unknown version). Off the event loop. */
async function readSnapshot(dataDir: string, runId: string): Promise<GitConfigSnapshot | undefined> {
  const text = await readFile(gitConfigSnapshotPath(dataDir, runId), 'utf8').catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  });
  if (text === undefined) return undefined;
  const snapshot = JSON.parse(text) as GitConfigSnapshot | undefined;
  return snapshot?.version === 1 ? snapshot : undefined;
}

/** The changes since the run started; empty for a run without a snapshot (started before Kanbots took them). */
export async function runGitConfigChanges(dataDir: string, runId: string): Promise<GitConfigChange[]> {
  const snapshot = await readSnapshot(dataDir, runId);
  if (snapshot === undefined) return [];
  return compareGitConfig(snapshot, await captureEntries(snapshot));
}

export function toGitConfigFinding(changes: readonly GitConfigChange[]): GitConfigFinding | undefined {
  if (changes.length === 0) return undefined;
  return {
    summary: describeGitConfigChanges(changes),
    changes: changes.map((change) => ({ displayPath: change.displayPath, change: change.change, description: change.description })),
  };
}

export interface GitConfigUndoResult {
  /** Display paths put back as they were when the run started. */
  restored: string[];
  /** Display paths that could not be put back (too large to have been copied, or behind a swapped link). */
  skipped: string[];
  /** What still differs afterwards (normally nothing). */
  remaining: GitConfigChange[];
}

/** Restores every changed file to the snapshot. */
export async function undoRunGitConfigChanges(dataDir: string, runId: string): Promise<GitConfigUndoResult> {
  const snapshot = await readSnapshot(dataDir, runId);
  if (snapshot === undefined) return { restored: [], skipped: [], remaining: [] };
  const changes = compareGitConfig(snapshot, await captureEntries(snapshot));
  const paths = [...new Set(changes.map((change) => change.path))];
  const skipped = new Set(await restoreGitConfigSnapshot(snapshot, paths));
  const display = new Map(changes.map((change) => [change.path, change.displayPath]));
  const remaining = compareGitConfig(snapshot, await captureEntries(snapshot));
  return {
    restored: paths.filter((path) => !skipped.has(path)).map((path) => display.get(path) ?? path),
    skipped: [...skipped].map((path) => display.get(path) ?? path),
    remaining,
  };
}
