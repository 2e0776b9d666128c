/** One entry of `git worktree list --porcelain -z`. */
export interface WorktreeListEntry {
  path: string;
  head: string | undefined;
  /** Full ref name, e.g. `refs/heads/main`; undefined when detached or bare. */
  branch: string | undefined;
  detached: boolean;
  bare: boolean;
  locked: boolean;
  lockedReason: string | undefined;
  /** Git itself says this worktree's directory is gone and its metadata can be pruned. */
  prunable: boolean;
  prunableReason: string | undefined;
}

function splitAttribute(field: string): [string, string | undefined] {
  const space = field.indexOf(' ');
  return space === -1 ? [field, undefined] : [field.slice(0, space), field.slice(space + 1)];
}

/**
 * Parses `git worktree list --porcelain -z`: attributes are NUL-terminated, and an empty attribute
 * ends each worktree. Paths are verbatim (no quoting), so spaces and non-ASCII survive.
 */
export function parseWorktreeList(output: string): WorktreeListEntry[] {
  const entries: WorktreeListEntry[] = [];
  let current: WorktreeListEntry | undefined;
  for (const field of output.split('\0')) {
    if (field === '') {
      if (current) entries.push(current);
      current = undefined;
      continue;
    }
    const [key, value] = splitAttribute(field);
    if (key === 'worktree') {
      if (current) entries.push(current);
      current = {
        path: value ?? '',
        head: undefined,
        branch: undefined,
        detached: false,
        bare: false,
        locked: false,
        lockedReason: undefined,
        prunable: false,
        prunableReason: undefined,
      };
      continue;
    }
    if (!current) continue;
    switch (key) {
      case 'HEAD':
        current.head = value;
        break;
      case 'branch':
        current.branch = value;
        break;
      case 'detached':
        current.detached = true;
        break;
      case 'bare':
        current.bare = true;
        break;
      case 'locked':
        current.locked = true;
        current.lockedReason = value;
        break;
      case 'prunable':
        current.prunable = true;
        current.prunableReason = value;
        break;
      default:
        break;
    }
  }
  if (current) entries.push(current);
  return entries;
}

/** `refs/heads/kanbots/x` → `kanbots/x`; other refs are returned unchanged. */
export function shortBranchName(reference: string): string {
  return reference.startsWith('refs/heads/') ? reference.slice('refs/heads/'.length) : reference;
}
