import type { RunStepBoundary, RunStepStore } from './run-step-store.js';

/**
 * Puts a run's step boundaries into the store one after another, in the order they happened,
 * without blocking the event loop. A boundary that holds only snapshots (no journal entry) and
 * comes while the previous one still waits its turn replaces that one's snapshots — the store is
 * written once per boundary that can be observed, never with a stale state after a newer one.
 */
export class RunStepWriter {
  private tail: Promise<void> = Promise.resolve();
  /** The boundary waiting its turn (not yet handed to the store), which a snapshot-only one may join. */
  private waiting: { boundary: RunStepBoundary; done: Promise<void> } | undefined;
  private failure: ((error: unknown) => void) | undefined;

  constructor(private readonly store: RunStepStore) {}

  /** Called with the error of a write nobody awaits (the run logs it). */
  onFailure(listener: (error: unknown) => void): void {
    this.failure = listener;
  }

  /** Queues a boundary; resolves once it (or a newer state of the same files) is durable. */
  commit(boundary: RunStepBoundary): Promise<void> {
    const waiting = this.waiting;
    if (waiting !== undefined && isSnapshotOnly(waiting.boundary) && isSnapshotOnly(boundary)) {
      if (boundary.record !== undefined) waiting.boundary.record = boundary.record;
      if (boundary.agents !== undefined) waiting.boundary.agents = { ...waiting.boundary.agents, ...boundary.agents };
      return waiting.done;
    }
    const entry = { boundary: { ...boundary }, done: Promise.resolve() };
    entry.done = this.tail.then(() => {
      if (this.waiting === entry) this.waiting = undefined;
      return this.store.commit(entry.boundary);
    });
    this.waiting = entry;
    // The queue goes on after a failed write; the failure reaches whoever awaits this boundary.
    this.tail = entry.done.catch((error: unknown) => this.failure?.(error));
    return entry.done;
  }

  /** Like `commit`, for a caller that does not wait: a failure goes to `onFailure`. */
  enqueue(boundary: RunStepBoundary): void {
    this.commit(boundary).catch(() => undefined);
  }

  /** Resolves once everything queued so far is durable (or failed). */
  flush(): Promise<void> {
    return this.tail;
  }
}

function isSnapshotOnly(boundary: RunStepBoundary): boolean {
  return boundary.journal === undefined || boundary.journal.length === 0;
}
