/**
 * A timer port for the hub's batching window, so tests can flush by hand. The default uses the
 * global `setTimeout`, which exists in browsers and Node alike.
 */
export interface ProtocolScheduler {
  /** Runs `callback` once after `delayMs`; returns a function that cancels it. */
  schedule(callback: () => void, delayMs: number): () => void;
}

export const timerScheduler: ProtocolScheduler = {
  schedule(callback, delayMs) {
    const handle = setTimeout(callback, delayMs);
    return () => clearTimeout(handle);
  },
};

/** A scheduler tests drive: nothing runs until `runAll()` (or `runDue(ms)`). */
export class ManualScheduler implements ProtocolScheduler {
  private pending: { callback: () => void; dueAt: number; cancelled: boolean }[] = [];
  private elapsed = 0;

  schedule(callback: () => void, delayMs: number): () => void {
    const entry = { callback, dueAt: this.elapsed + delayMs, cancelled: false };
    this.pending.push(entry);
    return () => {
      entry.cancelled = true;
    };
  }

  /** How many callbacks are waiting. */
  get size(): number {
    return this.pending.filter((entry) => !entry.cancelled).length;
  }

  /** Moves time forward by `ms` and runs what became due, in due order. */
  advance(milliseconds: number): void {
    this.elapsed += milliseconds;
    for (;;) {
      const due = this.pending.filter((entry) => !entry.cancelled && entry.dueAt <= this.elapsed).sort((a, b) => a.dueAt - b.dueAt)[0];
      if (due === undefined) break;
      due.cancelled = true;
      due.callback();
    }
    this.pending = this.pending.filter((entry) => !entry.cancelled);
  }

  /** Runs everything scheduled. */
  runAll(): void {
    const latest = Math.max(this.elapsed, ...this.pending.map((entry) => entry.dueAt));
    this.advance(latest - this.elapsed);
  }
}
