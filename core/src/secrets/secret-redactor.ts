import { encodingsOf } from './secret-encodings.js';
import { secretShapes } from './secret-shapes.js';
import { StreamRedactor } from './stream-redactor.js';

/**
 * The one redactor for everything that leaves the host or reaches the disk: protocol messages,
 * the activity log, the tool journal, run records, agent snapshots and exports. It knows the
 * actual values of the configured keys (stored, from the environment, the compatible provider's,
 * which has no recognisable shape) in every form of `encodingsOf` — even when a program wrapped
 * them over lines, as `base64` does — plus the well-known key shapes. A fragment of a key of at
 * least `EDGE_FRAGMENT_LENGTH` characters at the very start or end of a text (what a cut-off
 * output or a truncated view leaves) is redacted too.
 */

export const REDACTED = '[REDACTED]';

/** Shorter values are not treated as secrets (they would match everywhere). */
export const MIN_SECRET_LENGTH = 6;
export const EDGE_FRAGMENT_LENGTH = 12;
/** Strings up to this length that held no secret are remembered, so the same text (a card's title, an object key) is searched once. */
const CLEAN_MEMO_MAX_LENGTH = 1024;
/** When the memo holds this many strings it starts over (bounds its memory). */
const CLEAN_MEMO_MAX_ENTRIES = 20_000;

export interface Redactor {
  /** Replaces every secret in a string. */
  text(value: string): string;
  /** Deep-copies a JSON-like value with every string (and object key) redacted. */
  value<T>(value: T): T;
  /** Adds a known secret value (e.g. an API key loaded at runtime). */
  addSecret(secret: string): void;
}

/** A match: [start, end) in the text. */
export type Span = readonly [number, number];

export interface FindOptions {
  /** Whether the text's start / end are real boundaries (fragments of a key there are redacted). */
  edges?: { start: boolean; end: boolean };
}

interface Needle {
  /** The form with any whitespace in it removed: whitespace is skipped when matching. */
  text: string;
  /** The needle with optional whitespace between its characters (line-wrapped output). */
  wrapped: RegExp;
}

export class SecretRedactor implements Redactor {
  private readonly named = new Map<string, string>();
  /** Every value ever known: a key that was replaced or removed is still a live credential until revoked. */
  private readonly values = new Set<string>();
  private needles: Needle[] = [];
  /**
   * Texts known to hold nothing to redact under the current secrets. Every protocol message is
   * redacted string by string, and most strings repeat from message to message (object keys,
   * ids, the titles of the cards a move shifts); only clean texts are kept, never one that held a
   * secret, and a new secret empties it.
   */
  private clean = new Set<string>();

  constructor(knownSecrets: Iterable<string> = []) {
    for (const secret of knownSecrets) this.addSecret(secret);
  }

  addSecret(secret: string): void {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH || this.values.has(secret)) return;
    this.values.add(secret);
    this.rebuild();
  }

  /** Sets the value of a named key (`anthropic.apiKey`, …); the previous value stays redacted. */
  setSecret(name: string, secret: string | undefined): void {
    if (secret === undefined) this.named.delete(name);
    else {
      this.named.set(name, secret);
      this.addSecret(secret);
    }
  }

  /** How many secret values it knows (for diagnostics; never the values). */
  get size(): number {
    return this.values.size;
  }

  /** The longest form it looks for, in characters (ignoring whitespace): what a stream must hold back, less one. */
  get longestNeedle(): number {
    return this.needles[0]?.text.length ?? 0;
  }

  /**
   * Where the longest tail of `text` that could still grow into a key form starts (whitespace
   * inside it ignored), or undefined: what a stream must hold back until more text comes.
   */
  partialStart(text: string): number | undefined {
    let earliest: number | undefined;
    const windowStart = Math.max(0, text.length - 2 * this.longestNeedle);
    for (const needle of this.needles) {
      const first = needle.text[0]!;
      for (let index = text.indexOf(first, windowStart); index >= 0 && (earliest === undefined || index < earliest); index = text.indexOf(first, index + 1)) {
        if (isUnfinishedPrefix(text, index, needle.text)) {
          earliest = index;
          break;
        }
      }
    }
    return earliest;
  }

  text(input: string): string {
    if (this.clean.has(input)) return input;
    const spans = this.find(input, { edges: { start: true, end: true } });
    if (spans.length > 0) return replaceSpans(input, spans);
    if (input.length <= CLEAN_MEMO_MAX_LENGTH) {
      if (this.clean.size >= CLEAN_MEMO_MAX_ENTRIES) this.clean = new Set();
      this.clean.add(input);
    }
    return input;
  }

  value<T>(input: T): T {
    return redactValue(input, (text) => this.text(text), new WeakSet()) as T;
  }

  /** A redactor for one stream of text deltas, which may split a key anywhere. */
  stream(): StreamRedactor {
    return new StreamRedactor(this);
  }

  /** Every span of `input` to redact, sorted and merged. */
  find(input: string, options: FindOptions = {}): Span[] {
    const spans: [number, number][] = [];
    if (this.needles.length > 0 && input.length >= MIN_SECRET_LENGTH) {
      const compact = /\s/.test(input) ? input.replace(/\s+/g, '') : input;
      for (const needle of this.needles) {
        if (!compact.includes(needle.text)) continue;
        needle.wrapped.lastIndex = 0;
        for (const match of input.matchAll(needle.wrapped)) spans.push([match.index, match.index + match[0].length]);
      }
      if (options.edges?.start) for (const needle of this.needles) pushSpan(spans, leadingFragment(input, needle.text));
      if (options.edges?.end) for (const needle of this.needles) pushSpan(spans, trailingFragment(input, needle.text));
    }
    for (const shape of secretShapes) {
      shape.lastIndex = 0;
      for (const match of input.matchAll(shape)) if (match[0].length > 0) spans.push([match.index, match.index + match[0].length]);
    }
    return mergeSpans(spans);
  }

  private rebuild(): void {
    this.clean = new Set();
    const forms = new Set<string>();
    for (const value of this.values) for (const form of encodingsOf(value)) forms.add(form);
    this.needles = [...new Set([...forms].map((form) => form.replace(/\s+/g, '')))]
      .filter((text) => text.length >= MIN_SECRET_LENGTH)
      .sort((a, b) => b.length - a.length)
      .map((text) => ({ text, wrapped: new RegExp([...text].map(escapeRegExp).join('\\s*'), 'g') }));
  }
}

export function createRedactor(knownSecrets: Iterable<string> = []): SecretRedactor {
  return new SecretRedactor(knownSecrets);
}

/** Names of environment variables whose values are treated as secrets. */
export const secretVariableName = /KEY|TOKEN|SECRET|PASSWORD|CREDENTIAL/i;

/** A redactor with every secret-looking environment variable loaded. */
export function redactorFromEnvironment(env: Readonly<Record<string, string | undefined>>): SecretRedactor {
  const redactor = new SecretRedactor();
  addEnvironmentSecrets(redactor, env);
  return redactor;
}

export function addEnvironmentSecrets(redactor: Pick<Redactor, 'addSecret'>, env: Readonly<Record<string, string | undefined>>): void {
  for (const [name, value] of Object.entries(env)) if (secretVariableName.test(name) && typeof value === 'string') redactor.addSecret(value);
}

export function replaceSpans(input: string, spans: readonly Span[]): string {
  if (spans.length === 0) return input;
  let output = '';
  let position = 0;
  for (const [start, end] of spans) {
    output += input.slice(position, start) + REDACTED;
    position = end;
  }
  return output + input.slice(position);
}

/** A suffix of `needle` the text starts with, when long enough to be telling. */
function leadingFragment(input: string, needle: string): Span | undefined {
  if (needle.length <= EDGE_FRAGMENT_LENGTH) return undefined;
  const tail = needle.slice(-EDGE_FRAGMENT_LENGTH);
  const found = input.slice(0, needle.length).indexOf(tail);
  if (found < 0) return undefined;
  const fragment = input.slice(0, found + EDGE_FRAGMENT_LENGTH);
  return needle.endsWith(fragment) ? [0, fragment.length] : undefined;
}

/** A prefix of `needle` the text ends with, when long enough to be telling. */
function trailingFragment(input: string, needle: string): Span | undefined {
  if (needle.length <= EDGE_FRAGMENT_LENGTH) return undefined;
  const head = needle.slice(0, EDGE_FRAGMENT_LENGTH);
  const windowStart = Math.max(0, input.length - needle.length + 1);
  const found = input.slice(windowStart).indexOf(head);
  if (found < 0) return undefined;
  const start = windowStart + found;
  return needle.startsWith(input.slice(start)) ? [start, input.length] : undefined;
}

/** Whether `text` from `start` to its end is the beginning of `needle` (whitespace in the text skipped), not all of it. */
function isUnfinishedPrefix(text: string, start: number, needle: string): boolean {
  let position = start;
  for (let index = 0; index < needle.length; index += 1) {
    while (position < text.length && /\s/.test(text[position]!)) position += 1;
    if (position >= text.length) return true;
    if (text[position] !== needle[index]) return false;
    position += 1;
  }
  return false;
}

function pushSpan(spans: [number, number][], span: Span | undefined): void {
  if (span !== undefined) spans.push([span[0], span[1]]);
}

function mergeSpans(spans: [number, number][]): Span[] {
  if (spans.length <= 1) return spans;
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: [number, number][] = [spans[0]!];
  for (const span of spans.slice(1)) {
    const last = merged.at(-1)!;
    if (span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([span[0], span[1]]);
  }
  return merged;
}

function escapeRegExp(character: string): string {
  return character.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** `ancestors` holds the objects being copied above this one: a cycle becomes '[Circular]', a shared object is copied twice. */
function redactValue(input: unknown, text: (value: string) => string, ancestors: WeakSet<object>): unknown {
  if (typeof input === 'string') return text(input);
  if (input === null || typeof input !== 'object') return input;
  if (ancestors.has(input)) return '[Circular]';
  ancestors.add(input);
  try {
    if (Array.isArray(input)) return input.map((item) => redactValue(item, text, ancestors));
    const output: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(input)) output[text(key)] = redactValue(item, text, ancestors);
    return output;
  } finally {
    ancestors.delete(input);
  }
}
