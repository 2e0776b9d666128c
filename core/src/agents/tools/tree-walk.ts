import type { Dirent } from 'node:fs';
import path from 'node:path';
import type { ConfinedDirectory } from './confined-open.js';

/**
 * A depth-first walk of a directory that never follows symbolic links (a symlink is reported as
 * such, never entered), and enters each subdirectory relative to its open parent
 * (confined-open.ts), so a walk that starts inside the worktree stays inside it even when a
 * directory is swapped for a symlink meanwhile.
 */

export type TreeEntryKind = 'file' | 'directory' | 'symlink' | 'other';

export interface TreeEntry {
  absolutePath: string;
  name: string;
  kind: TreeEntryKind;
  /** 0 for the start directory's children. */
  depth: number;
  /** The open directory the entry is in (valid while the walk is at this entry). */
  parent: ConfinedDirectory;
}

export interface TreeWalkOptions {
  recursive: boolean;
  /** Directory names that are listed but never entered (e.g. `node_modules`). */
  doNotEnter?: ReadonlySet<string>;
  /** Names that are neither listed nor entered (e.g. `.git`). */
  skip?: ReadonlySet<string>;
  signal?: AbortSignal;
}

function kindOf(entry: Dirent): TreeEntryKind {
  if (entry.isSymbolicLink()) return 'symlink';
  if (entry.isDirectory()) return 'directory';
  if (entry.isFile()) return 'file';
  return 'other';
}

export async function* walkTree(start: ConfinedDirectory, options: TreeWalkOptions, depth = 0): AsyncGenerator<TreeEntry> {
  let entries: Dirent[];
  try {
    entries = await start.entries();
  } catch (error) {
    // A directory that vanished or cannot be read is skipped below the start; at the start it is the caller's error.
    if (depth === 0) throw error;
    return;
  }
  entries.sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
  for (const entry of entries) {
    if (options.signal?.aborted) return;
    if (options.skip?.has(entry.name)) continue;
    const absolutePath = path.join(start.path, entry.name);
    const kind = kindOf(entry);
    yield { absolutePath, name: entry.name, kind, depth, parent: start };
    if (kind === 'directory' && options.recursive && !options.doNotEnter?.has(entry.name)) {
      // A subdirectory that vanished or became a link meanwhile is skipped.
      const child = await start.directory(entry.name).catch(() => undefined);
      if (!child) continue;
      try {
        yield* walkTree(child, options, depth + 1);
      } finally {
        await child.close();
      }
    }
  }
}
