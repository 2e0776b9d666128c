/** One line of a unified diff, with its line numbers on each side. */
export interface DiffLine {
  kind: 'hunk' | 'context' | 'added' | 'removed' | 'note';
  text: string;
  oldNumber?: number;
  newNumber?: number;
}

const HUNK = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@(.*)$/;

/** Splits a unified diff (one file's patch) into typed lines; file headers are dropped. */
export function parseUnifiedDiff(patch: string): DiffLine[] {
  const lines: DiffLine[] = [];
  let oldNumber = 0;
  let newNumber = 0;
  let inHunk = false;
  for (const raw of patch.split('\n')) {
    const hunk = HUNK.exec(raw);
    if (hunk) {
      oldNumber = Number(hunk[1]);
      newNumber = Number(hunk[2]);
      inHunk = true;
      lines.push({ kind: 'hunk', text: raw });
      continue;
    }
    if (!inHunk) continue;
    if (raw.startsWith('+')) lines.push({ kind: 'added', text: raw.slice(1), newNumber: newNumber++ });
    else if (raw.startsWith('-')) lines.push({ kind: 'removed', text: raw.slice(1), oldNumber: oldNumber++ });
    else if (raw.startsWith('\\')) lines.push({ kind: 'note', text: raw.slice(2) });
    else if (raw.startsWith(' ') || raw === '') {
      if (raw === '' && lines.at(-1)?.kind === undefined) continue;
      lines.push({ kind: 'context', text: raw.slice(1), oldNumber: oldNumber++, newNumber: newNumber++ });
    }
  }
  while (lines.at(-1)?.kind === 'context' && lines.at(-1)?.text === '') lines.pop();
  return lines;
}
