import { compareGitConfig, describeGitConfigChanges, type GitConfigChange } from '../git/git-config-changes.js';
import { captureEntries, restoreGitConfigSnapshot, takeGitConfigSnapshot, type GitConfigSnapshot } from '../git/git-config-snapshot.js';
import type { GitRunner } from '../git/git-runner.js';
import { runDocumentNames, type RunStore } from '../store/kanbots-store.js';

/**
 * A run's watch over its repository's git configuration: the snapshot taken when the run starts
 * (the run's `git-config` document in the store, private to the user: it holds a copy of `.git/config`),
 * the changes found when the run reaches its gate, and the undo that puts the snapshot back.
 */

/** What the gate shows (no absolute paths: they stay on the host). */
export interface GitConfigFinding {
  /** "The agent changed your git configuration: …" */
  summary: string;
  changes: { displayPath: string; change: GitConfigChange['change']; description: string }[];
}

export async function snapshotRunGitConfig(git: GitRunner, store: RunStore, runId: string, repository: string, now: number): Promise<void> {
  const snapshot = await takeGitConfigSnapshot(git, repository, now);
  store.commit({ runId, documents: { [runDocumentNames.gitConfig]: snapshot } });
}

function readSnapshot(store: RunStore, runId: string): GitConfigSnapshot | undefined {
  const text = store.readText(runId, runDocumentNames.gitConfig);
  if (text === undefined) return undefined;
  const snapshot = JSON.parse(text) as GitConfigSnapshot | undefined;
  return snapshot?.version === 1 ? snapshot : undefined;
}

/** The changes since the run started; empty for a run without a snapshot (started before Kanbots took them). */
export async function runGitConfigChanges(store: RunStore, runId: string): Promise<GitConfigChange[]> {
  const snapshot = readSnapshot(store, runId);
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
export async function undoRunGitConfigChanges(store: RunStore, runId: string): Promise<GitConfigUndoResult> {
  const snapshot = readSnapshot(store, runId);
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
