/**
 * How a best-of-N candidate is named to a person: `candidate-1` is "Candidate A", `candidate-2`
 * "Candidate B" … (after Z, the number). Other worktree keys read as themselves, capitalised.
 */
export function candidateLabel(key: string): string {
  const numbered = /^candidate-(\d+)$/.exec(key);
  if (numbered) {
    const index = Number(numbered[1]) - 1;
    return `Candidate ${index >= 0 && index < 26 ? String.fromCharCode(65 + index) : numbered[1]}`;
  }
  const other = /^(.*?)-(\d+)$/.exec(key);
  const base = (other?.[1] ?? key).replace(/^\w/, (letter) => letter.toUpperCase());
  return other ? `${base} ${other[2]}` : base;
}
