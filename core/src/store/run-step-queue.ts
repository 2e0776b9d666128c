import type { RunStep } from './kanbots-store.js';

/**
 * Steps waiting to be stored with the next commit, so that what happens in one tick — an agent's
 * snapshot, its tool journal line, the activity records of the same transition — is stored as one
 * step boundary. Whatever no commit picked up is written at the end of the tick (a microtask).
 */
export class RunStepQueue {
  private pending: RunStep[] = [];
  private scheduled = false;

  constructor(private readonly write: (steps: readonly RunStep[]) => void) {}

  /** Writes the queued steps and `step` together, now. */
  commit(step: RunStep): void {
    const queued = this.take();
    try {
      this.write([...queued, step]);
    } catch (error) {
      this.putBack(queued);
      throw error;
    }
  }

  queue(step: RunStep): void {
    this.pending.push(step);
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      try {
        this.flush();
      } catch {
        // Kept queued: the next commit writes them with its own step, or throws the same error.
      }
    });
  }

  flush(): void {
    const steps = this.take();
    if (steps.length === 0) return;
    try {
      this.write(steps);
    } catch (error) {
      this.putBack(steps);
      throw error;
    }
  }

  private putBack(steps: RunStep[]): void {
    this.pending = [...steps, ...this.pending];
  }

  private take(): RunStep[] {
    const steps = this.pending;
    this.pending = [];
    return steps;
  }
}
