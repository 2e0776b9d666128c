/**
 * Concurrency limits for agents: a global limit and one per provider. An agent asks for a slot
 * before it starts working; over the limit it waits in a FIFO queue with a visible reason. Pure
 * (no timers, no I/O), so the workflow actor and the UI can rely on it deterministically.
 */

export interface SchedulerLimits {
  /** Agents working at once across all providers. */
  global: number;
  /** Per provider name, e.g. `{ anthropic: 2 }`; providers not listed only obey the global limit. */
  perProvider?: Record<string, number>;
}

export interface SlotRequest {
  /** Who asks, e.g. `run_1/dev`. Unique among waiting and running requests. */
  key: string;
  provider: string;
}

export interface QueuedSlot {
  key: string;
  provider: string;
  position: number;
  reason: string;
}

export interface SchedulerState {
  running: { key: string; provider: string }[];
  queued: QueuedSlot[];
  limits: SchedulerLimits;
}

interface Waiter extends SlotRequest {
  grant: (release: () => void) => void;
  reject: (error: Error) => void;
}

export class SlotRequestCancelledError extends Error {
  override readonly name = 'SlotRequestCancelledError';
}

export class RunScheduler {
  private readonly running = new Map<string, string>();
  private readonly waiting: Waiter[] = [];
  private readonly listeners = new Set<(state: SchedulerState) => void>();

  constructor(private limits: SchedulerLimits) {
    validateLimits(limits);
  }

  /** Resolves with a release function once a slot is free (at once when one is). */
  acquire(request: SlotRequest, signal?: AbortSignal): Promise<() => void> {
    if (this.running.has(request.key) || this.waiting.some((waiter) => waiter.key === request.key)) {
      return Promise.reject(new Error(`slot "${request.key}" is already held or requested`));
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { ...request, grant: resolve, reject };
      this.waiting.push(waiter);
      signal?.addEventListener(
        'abort',
        () => {
          const index = this.waiting.indexOf(waiter);
          if (index >= 0) {
            this.waiting.splice(index, 1);
            reject(new SlotRequestCancelledError(`slot request "${request.key}" was cancelled`));
            this.changed();
          }
        },
        { once: true },
      );
      this.pump();
      this.changed();
    });
  }

  /** Changes the limits; waiting requests start at once if the new limits allow it. */
  setLimits(limits: SchedulerLimits): void {
    validateLimits(limits);
    this.limits = limits;
    this.pump();
    this.changed();
  }

  state(): SchedulerState {
    return {
      running: [...this.running].map(([key, provider]) => ({ key, provider })),
      queued: this.waiting.map((waiter, index) => ({ key: waiter.key, provider: waiter.provider, position: index + 1, reason: this.blockedReason(waiter.provider) ?? 'starting' })),
      limits: this.limits,
    };
  }

  subscribe(listener: (state: SchedulerState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private blockedReason(provider: string): string | undefined {
    if (this.running.size >= this.limits.global) return `waiting: ${this.running.size} of ${this.limits.global} agents are working (global limit)`;
    const limit = this.limits.perProvider?.[provider];
    if (limit !== undefined) {
      const busy = [...this.running.values()].filter((name) => name === provider).length;
      if (busy >= limit) return `waiting: ${busy} of ${limit} ${provider} agents are working (${provider} limit)`;
    }
    return undefined;
  }

  private pump(): void {
    for (let index = 0; index < this.waiting.length; ) {
      const waiter = this.waiting[index]!;
      if (this.blockedReason(waiter.provider) !== undefined) {
        index += 1;
        continue;
      }
      this.waiting.splice(index, 1);
      this.running.set(waiter.key, waiter.provider);
      let released = false;
      waiter.grant(() => {
        if (released) return;
        released = true;
        this.running.delete(waiter.key);
        this.pump();
        this.changed();
      });
    }
  }

  private changed(): void {
    const state = this.state();
    for (const listener of this.listeners) listener(state);
  }
}

function validateLimits(limits: SchedulerLimits): void {
  const values = [limits.global, ...Object.values(limits.perProvider ?? {})];
  if (values.some((value) => !Number.isInteger(value) || value < 1)) throw new RangeError('concurrency limits must be whole numbers of at least 1');
}
