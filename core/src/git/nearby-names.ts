/** Edit distance between two strings (Levenshtein), case-insensitive. */
export function editDistance(left: string, right: string): number {
  const a = left.toLowerCase();
  const b = right.toLowerCase();
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * Names close to `wanted` (a small edit distance, or one containing the other), closest first,
 * at most `limit` of them. Used to suggest a branch when the one asked for does not exist.
 */
export function nearbyNames(wanted: string, candidates: readonly string[], limit = 5): string[] {
  const lowerWanted = wanted.toLowerCase();
  const threshold = Math.max(2, Math.floor(wanted.length / 3));
  return candidates
    .map((name) => {
      const lower = name.toLowerCase();
      const contains = lower.includes(lowerWanted) || lowerWanted.includes(lower);
      return { name, distance: editDistance(wanted, name), contains };
    })
    .filter((entry) => entry.distance <= threshold || entry.contains)
    .sort((left, right) => left.distance - right.distance || left.name.localeCompare(right.name))
    .slice(0, limit)
    .map((entry) => entry.name);
}
