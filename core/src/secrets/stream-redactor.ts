import type { SecretRedactor, Span } from './secret-redactor.js';
import { replaceSpans } from './secret-redactor.js';
import { tokenCharacter } from './secret-shapes.js';

/**
 * Redacts one stream of text deltas (a model's answer as it streams), where a key may be split
 * across any number of deltas. It redacts the assembled text, not single deltas: each `push`
 * releases the text that can no longer be part of a secret and holds back the tail that still
 * could — the longest tail that is the beginning of a known key form (whitespace inside it not
 * counted), and a trailing run of token characters, since a key of a known shape may go on.
 * Ordinary prose is held back by its last word only. `end` releases the rest. Released text concatenated is exactly `redactor.text` of the whole stream, except that a
 * secret's shape cut by a hold-back cap is judged in parts.
 */

/** The most a stream holds back, so an endless token-like run still streams. */
export const MAX_HOLD_BACK = 8192;
/** Text already released, kept as context for shapes that look behind them (`Bearer …`, `api_key=…`). */
const CONTEXT_LENGTH = 64;

export class StreamRedactor {
  private pending = '';
  private context = '';
  private started = false;

  constructor(private readonly redactor: Pick<SecretRedactor, 'find' | 'partialStart'>) {}

  /** Adds a delta; returns the redacted text that can be shown now (possibly empty). */
  push(delta: string): string {
    this.pending += delta;
    const cut = this.safeCut();
    return this.release(cut, false);
  }

  /** Ends the stream; returns the redacted rest. */
  end(): string {
    return this.release(this.pending.length, true);
  }

  /** Characters held back now (for tests and diagnostics). */
  get heldBack(): number {
    return this.pending.length;
  }

  private release(cut: number, ended: boolean): string {
    if (cut <= 0 && !ended) return '';
    const text = this.context + this.pending;
    const offset = this.context.length;
    const spans = this.redactor.find(text, { edges: { start: !this.started && offset === 0, end: ended } });
    let end = offset + cut;
    // A match that straddles the cut is released whole (it is complete: the hold-back covers the longest form).
    for (const [start, stop] of spans) if (start < end && stop > end) end = stop;
    const inside: Span[] = spans.filter(([start, stop]) => stop > offset && start < end).map(([start, stop]) => [Math.max(start, offset) - offset, stop - offset] as const);
    const released = this.pending.slice(0, end - offset);
    const output = replaceSpans(released, inside);
    this.pending = this.pending.slice(end - offset);
    this.context = (this.context + released).slice(-CONTEXT_LENGTH);
    if (released.length > 0) this.started = true;
    return output;
  }

  /** Where the text can be cut: before the held-back tail. */
  private safeCut(): number {
    const text = this.pending;
    let index = Math.min(text.length, this.redactor.partialStart(text) ?? text.length);
    while (index > 0 && tokenCharacter.test(text[index - 1]!)) index -= 1;
    index = Math.max(index, text.length - MAX_HOLD_BACK);
    // Never split a surrogate pair between two deltas.
    if (index > 0 && index < text.length && /[\uD800-\uDBFF]/.test(text[index - 1]!)) index -= 1;
    return index;
  }
}
