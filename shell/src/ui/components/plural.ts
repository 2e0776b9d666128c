/** "1 card", "3 cards": a count with its noun in the right number (English, regular plurals). */
export function countOf(count: number, noun: string): string {
  return `${count} ${count === 1 ? noun : `${noun}s`}`;
}
