/** What `git status` says about a worktree, grouped the way a card shows it. */
export interface ParsedStatus {
  /** Changes in the index (to be committed). */
  staged: string[];
  /** Changes in the working tree not yet in the index. */
  unstaged: string[];
  untracked: string[];
  /** Paths with unresolved merge conflicts. */
  conflicted: string[];
}

/** Counts of space-separated fields before the path, per porcelain v2 record type. */
const fieldsBeforePath: Record<string, number> = { '1': 8, '2': 9, u: 10 };

function pathAfterFields(record: string, count: number): string {
  let index = 0;
  for (let field = 0; field < count; field += 1) {
    index = record.indexOf(' ', index) + 1;
    if (index === 0) return '';
  }
  return record.slice(index);
}

/**
 * Parses `git status --porcelain=v2 -z --untracked-files=all`. Renamed entries (`2 …`) are
 * followed by their original path as a separate NUL-terminated field, which is skipped.
 */
export function parseStatus(output: string): ParsedStatus {
  const status: ParsedStatus = { staged: [], unstaged: [], untracked: [], conflicted: [] };
  const records = output.split('\0');
  for (let index = 0; index < records.length; index += 1) {
    const record = records[index] ?? '';
    if (record === '' || record.startsWith('#')) continue;
    const type = record[0] ?? '';
    if (type === '?') {
      status.untracked.push(record.slice(2));
      continue;
    }
    if (type === '!') continue;
    const count = fieldsBeforePath[type];
    if (count === undefined) continue;
    const path = pathAfterFields(record, count);
    if (type === '2') index += 1;
    if (type === 'u') {
      status.conflicted.push(path);
      continue;
    }
    const indexState = record[2] ?? '.';
    const worktreeState = record[3] ?? '.';
    if (indexState !== '.') status.staged.push(path);
    if (worktreeState !== '.') status.unstaged.push(path);
  }
  return status;
}

/** Every path that holds uncommitted work, each once, sorted. */
export function dirtyPaths(status: ParsedStatus): string[] {
  return [...new Set([...status.staged, ...status.unstaged, ...status.untracked, ...status.conflicted])].sort();
}
