/** Per-file figures of a diff, as a card shows them. */
export interface DiffFileStat {
  path: string;
  /** The path before a rename. */
  previousPath?: string;
  additions: number;
  deletions: number;
  status: 'added' | 'modified' | 'deleted' | 'renamed';
  binary: boolean;
}

function statusFromLetter(letter: string): DiffFileStat['status'] {
  switch (letter[0]) {
    case 'A':
      return 'added';
    case 'D':
      return 'deleted';
    case 'R':
      return 'renamed';
    default:
      return 'modified';
  }
}

/**
 * Parses the combined output of `git diff --raw --numstat -z -M …`: first the raw records
 * (`:mode mode sha sha STATUS\0path\0[newpath\0]`), then the numstat records
 * (`added\tdeleted\tpath\0` or, for renames, `added\tdeleted\t\0old\0new\0`; `-` for binary).
 */
export function parseDiffStats(output: string): DiffFileStat[] {
  const fields = output.split('\0');
  const byPath = new Map<string, DiffFileStat>();
  const order: string[] = [];
  let index = 0;
  while (index < fields.length) {
    const field = fields[index] ?? '';
    if (field === '') {
      index += 1;
      continue;
    }
    if (field.startsWith(':')) {
      const letter = field.split(' ').at(-1) ?? 'M';
      const status = statusFromLetter(letter);
      const twoPaths = letter.startsWith('R') || letter.startsWith('C');
      const firstPath = fields[index + 1] ?? '';
      const path = twoPaths ? (fields[index + 2] ?? '') : firstPath;
      const stat: DiffFileStat = { path, additions: 0, deletions: 0, status, binary: false };
      if (status === 'renamed') stat.previousPath = firstPath;
      byPath.set(path, stat);
      order.push(path);
      index += twoPaths ? 3 : 2;
      continue;
    }
    const [added = '0', deleted = '0', inlinePath = ''] = field.split('\t');
    let path = inlinePath;
    index += 1;
    if (inlinePath === '') {
      path = fields[index + 1] ?? '';
      index += 2;
    }
    const binary = added === '-' && deleted === '-';
    const existing = byPath.get(path);
    const target = existing ?? { path, additions: 0, deletions: 0, status: 'modified' as const, binary: false };
    target.binary = binary;
    target.additions = binary ? 0 : Number(added);
    target.deletions = binary ? 0 : Number(deleted);
    if (!existing) {
      byPath.set(path, target);
      order.push(path);
    }
  }
  return order.map((path) => byPath.get(path)).filter((stat): stat is DiffFileStat => stat !== undefined);
}
