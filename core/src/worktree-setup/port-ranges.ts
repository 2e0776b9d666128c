/**
 * Each worktree gets a range of ports its scripts and dev server use (`KANBOTS_PORT` is the first;
 * Conductor gives its workspaces ten the same way), so two cards' dev servers never collide.
 */
export const portRangeSize = 10;
export const firstPortBase = 41_000;
export const lastPortBase = 60_990;

/** The lowest range start not in `used` (starts Kanbots handed out to other worktrees). */
export function freePortBase(used: Iterable<number>): number {
  const taken = new Set(used);
  for (let base = firstPortBase; base <= lastPortBase; base += portRangeSize) {
    if (!taken.has(base)) return base;
  }
  // Two thousand worktrees at once: share the first range rather than refuse to run.
  return firstPortBase;
}
