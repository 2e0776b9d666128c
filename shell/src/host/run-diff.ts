import { NotFoundError, type Kanbots } from '@kanbots/core';
import type { DiffFileView } from '@kanbots/core/protocol';

/**
 * The diff a human reviews at the gate: one candidate's worktree against its base (uncommitted
 * work included), split per file; once merged, what the merge brought into the base. The
 * candidate defaults to the judge's pick or the only one.
 */
export async function runDiff(kanbots: Pick<Kanbots, 'runs' | 'worktrees'>, runId: string, candidateId?: string, options: { contextLines?: number } = {}): Promise<DiffFileView[]> {
  const run = kanbots.runs.get(runId);
  const key = candidateId ?? run.gate?.recommended ?? run.gate?.candidates[0] ?? run.worktrees[0]?.key;
  const worktree = run.worktrees.find((item) => item.key === key);
  if (!worktree) throw new NotFoundError('candidate', key ?? '(none)');
  // Merged and removed: what the merge brought into the base branch, so the diff stays readable.
  const merged = worktree.state === 'removed' && worktree.merge?.step === 'merged' ? worktree.merge : undefined;
  const diff =
    merged?.base !== undefined && merged.commit !== undefined
      ? await kanbots.worktrees.diffBetween(worktree.worktreeId, merged.base, merged.commit, options)
      : await kanbots.worktrees.diff(worktree.worktreeId, options);
  const patches = splitUnifiedDiff(diff.text);
  return diff.files.map((file) => {
    const view: DiffFileView = {
      path: file.path,
      status: file.status,
      additions: file.additions,
      deletions: file.deletions,
      binary: file.binary,
      patch: patches.get(file.path) ?? (file.previousPath ? (patches.get(file.previousPath) ?? '') : ''),
    };
    if (file.previousPath !== undefined) view.previousPath = file.previousPath;
    return view;
  });
}

/** Splits `git diff` output into one patch per file, keyed by the new path (old path for deletions). */
export function splitUnifiedDiff(text: string): Map<string, string> {
  const patches = new Map<string, string>();
  const blocks = text.split(/^(?=diff --git )/m).filter((block) => block.startsWith('diff --git '));
  for (const block of blocks) {
    const newPath = /^\+\+\+ b\/(.+)$/m.exec(block)?.[1];
    const oldPath = /^--- a\/(.+)$/m.exec(block)?.[1];
    const header = /^diff --git a\/(.+?) b\/(.+)$/m.exec(block);
    const path = newPath ?? oldPath ?? header?.[2];
    if (path !== undefined) patches.set(unquote(path), block.trimEnd());
  }
  return patches;
}

function unquote(path: string): string {
  return path.replace(/\t$/, '');
}
