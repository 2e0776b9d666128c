/** One line of a unified diff, with its line numbers on each side. */
export interface DiffLine {
  /** `file`: where the next file's changes start, when one patch holds several files. */
  kind: 'file' | 'hunk' | 'context' | 'added' | 'removed' | 'note';
  text: string;
  oldNumber?: number;
  newNumber?: number;
}

const HUNK = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@(.*)$/;

/** The file a `diff --git a/x b/y` header is about (the new path; a quoted one unquoted simply). */
function pathOfHeader(line: string): string {
  const match = /^diff --git (?:"?a\/(.+?)"?) (?:"?b\/(.+?)"?)$/.exec(line);
  return match?.[2] ?? match?.[1] ?? line.slice('diff --git '.length);
}

/**
 * Splits a unified diff into typed lines. A patch of several files (the reviewer's `show_diff`)
 * gets a `file` line at each `diff --git` header, and each file's own headers (`--- a/…`,
 * `+++ b/…`, `index …`) are dropped rather than read as removed and added lines.
 */
export function parseUnifiedDiff(patch: string): DiffLine[] {
  const lines: DiffLine[] = [];
  let oldNumber = 0;
  let newNumber = 0;
  let inHunk = false;
  const raws = patch.split('\n');
  const files = raws.filter((raw) => raw.startsWith('diff --git ')).length;
  for (const [index, raw] of raws.entries()) {
    if (raw.startsWith('diff --git ')) {
      inHunk = false;
      if (files > 1) lines.push({ kind: 'file', text: pathOfHeader(raw) });
      continue;
    }
    // A second file's headers without a `diff --git` line (a plain `diff -u` of several files).
    if (inHunk && raw.startsWith('--- ') && raws[index + 1]?.startsWith('+++ ') && HUNK.test(raws[index + 2] ?? '')) {
      inHunk = false;
      lines.push({ kind: 'file', text: raws[index + 1]!.slice(4).replace(/^b\//, '') });
      continue;
    }
    const hunk = HUNK.exec(raw);
    if (hunk) {
      oldNumber = Number(hunk[1]);
      newNumber = Number(hunk[2]);
      inHunk = true;
      lines.push({ kind: 'hunk', text: raw });
      continue;
    }
    if (!inHunk) {
      if (raw.startsWith('Binary files ')) lines.push({ kind: 'note', text: 'Binary file (not shown).' });
      continue;
    }
    if (raw.startsWith('+')) lines.push({ kind: 'added', text: raw.slice(1), newNumber: newNumber++ });
    else if (raw.startsWith('-')) lines.push({ kind: 'removed', text: raw.slice(1), oldNumber: oldNumber++ });
    else if (raw.startsWith('\\')) lines.push({ kind: 'note', text: raw.slice(2) });
    else if (raw.startsWith(' ') || raw === '') lines.push({ kind: 'context', text: raw.slice(1), oldNumber: oldNumber++, newNumber: newNumber++ });
  }
  while (lines.at(-1)?.kind === 'context' && lines.at(-1)?.text === '') lines.pop();
  return lines;
}
