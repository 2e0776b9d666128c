import type { EventMessage, ServerMessage } from './messages.js';

/**
 * Client-side bookkeeping of `seq` (pure; used by the UI). Start it from `hello.seq`; feed it each
 * event's seq: `apply` the next one, ignore a `stale` one (already covered by the snapshot), and on
 * a `gap` call `snapshot.get`, replace the state and `reset` to the returned seq.
 */

export type SeqVerdict = 'apply' | 'stale' | 'gap';

export interface SeqTracker {
  /** The seq of the last event applied (or of the snapshot). */
  readonly seq: number;
  accept(seq: number): SeqVerdict;
  reset(seq: number): void;
}

export function createSeqTracker(initialSeq: number): SeqTracker {
  let current = initialSeq;
  return {
    get seq() {
      return current;
    },
    accept(seq) {
      if (seq <= current) return 'stale';
      if (seq !== current + 1) return 'gap';
      current = seq;
      return 'apply';
    },
    reset(seq) {
      current = seq;
    },
  };
}

/** The events a message carries, in order (`event` → one, `event.batch` → its events, others → none). */
export function eventsOf(message: ServerMessage): EventMessage[] {
  if (message.type === 'event') return [message];
  if (message.type === 'event.batch') return message.events;
  return [];
}
