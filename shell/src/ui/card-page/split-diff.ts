import type { DiffLine } from '../runs/parse-unified-diff.js';

/** A row of the side-by-side view: the old line on the left, the new on the right (a change pairs a removal with an addition). */
export type SplitRow = { kind: 'pair'; left?: DiffLine; right?: DiffLine } | { kind: 'hunk' | 'file' | 'note'; line: DiffLine };

/** Pairs the lines of a unified diff for the side-by-side view: removals next to the additions that replace them. */
export function splitRows(lines: readonly DiffLine[]): SplitRow[] {
  const rows: SplitRow[] = [];
  let removed: DiffLine[] = [];
  let added: DiffLine[] = [];
  const flush = (): void => {
    for (let index = 0; index < Math.max(removed.length, added.length); index += 1) {
      const row: SplitRow = { kind: 'pair' };
      if (removed[index]) row.left = removed[index]!;
      if (added[index]) row.right = added[index]!;
      rows.push(row);
    }
    removed = [];
    added = [];
  };
  for (const line of lines) {
    if (line.kind === 'removed') {
      if (added.length > 0) flush();
      removed.push(line);
    } else if (line.kind === 'added') added.push(line);
    else {
      flush();
      if (line.kind === 'context') rows.push({ kind: 'pair', left: line, right: line });
      else rows.push({ kind: line.kind, line });
    }
  }
  flush();
  return rows;
}

/** Where a comment sits: the new side's line number for added and context lines, else the old side's. */
export function commentLineOf(line: DiffLine): { line: number; side: 'new' | 'old' } | undefined {
  if (line.newNumber !== undefined) return { line: line.newNumber, side: 'new' };
  if (line.oldNumber !== undefined) return { line: line.oldNumber, side: 'old' };
  return undefined;
}

/** Patches longer than this are folded until asked for (a generated file can be megabytes). */
export const LARGE_PATCH_LINES = 1500;

/** Directory tree of changed paths for the file list: folders first, each with its files. */
export interface FileTreeEntry {
  path: string;
  /** Indentation depth in the tree. */
  depth: number;
  /** Set for folders: their name; files carry `path` and no `folder`. */
  folder?: string;
}

export function fileTree(paths: readonly string[]): FileTreeEntry[] {
  const sorted = [...paths].sort((a, b) => a.localeCompare(b));
  const entries: FileTreeEntry[] = [];
  const opened: string[] = [];
  for (const path of sorted) {
    const parts = path.split('/');
    const folders = parts.slice(0, -1);
    let depth = 0;
    while (depth < folders.length && opened[depth] === folders[depth]) depth += 1;
    opened.length = depth;
    for (; depth < folders.length; depth += 1) {
      opened.push(folders[depth]!);
      entries.push({ path: folders.slice(0, depth + 1).join('/'), depth, folder: folders[depth]! });
    }
    entries.push({ path, depth: folders.length });
  }
  return entries;
}
