/** Outcome of `git merge-tree --write-tree -z --name-only --no-messages <base> <branch>`. */
export interface MergeTreeResult {
  /** The merged tree (written even on conflicts, with conflict markers). */
  tree: string;
  clean: boolean;
  /** Paths with conflicts, each once, in git's order. */
  conflictedFiles: string[];
}

/**
 * Parses merge-tree's `-z` output: the tree id, then (when the exit code is 1) one conflicted
 * path per NUL-terminated field, ended by an empty field.
 */
export function parseMergeTree(output: string, exitCode: number): MergeTreeResult {
  const fields = output.split('\0');
  const tree = (fields[0] ?? '').trim();
  const conflictedFiles: string[] = [];
  for (const field of fields.slice(1)) {
    if (field === '') break;
    if (!conflictedFiles.includes(field)) conflictedFiles.push(field);
  }
  return { tree, clean: exitCode === 0, conflictedFiles };
}
