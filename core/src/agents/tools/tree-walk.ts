import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * A depth-first walk of a directory that never follows symbolic links (a symlink is reported as
 * such, never entered), so a walk that starts inside the worktree stays inside it.
 */

export type TreeEntryKind = 'file' | 'directory' | 'symlink' | 'other';

export interface TreeEntry {
  absolutePath: string;
  name: string;
  kind: TreeEntryKind;
  /** 0 for the start directory's children. */
  depth: number;
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

export async function* walkTree(start: string, options: TreeWalkOptions, depth = 0): AsyncGenerator<TreeEntry> {
  let entries: Dirent[];
  try {
    entries = await readdir(start, { withFileTypes: true });
  } catch (error) {
    // A directory that vanished or cannot be read is skipped below the start; at the start it is the caller's error.
    if (depth === 0) throw error;
    return;
  }
  entries.sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
  for (const entry of entries) {
    if (options.signal?.aborted) return;
    if (options.skip?.has(entry.name)) continue;
    const absolutePath = path.join(start, entry.name);
    const kind = kindOf(entry);
    yield { absolutePath, name: entry.name, kind, depth };
    if (kind === 'directory' && options.recursive && !options.doNotEnter?.has(entry.name)) {
      yield* walkTree(absolutePath, options, depth + 1);
    }
  }
}
