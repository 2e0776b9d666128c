/**
 * The UI's heartbeat: asks the host (`host.ping`) every `intervalMs`; each ask that is not answered
 * within the interval is a miss, and `allowedMisses` misses in a row call the host dead. The first
 * answer after that calls it back. Failures other than a timeout (the channel closed) are not
 * misses: the connection already knows.
 */

export interface HeartbeatOptions {
  intervalMs: number;
  allowedMisses: number;
  /** One ask; rejects with `{ code: 'timeout' }` when unanswered within `timeoutMs`. */
  ping(timeoutMs: number): Promise<unknown>;
  dead(): void;
  alive(): void;
}

export const DEFAULT_HEARTBEAT = { intervalMs: 2_000, allowedMisses: 3 } as const;

export interface Heartbeat {
  start(): void;
  stop(): void;
}

export function createHeartbeat(options: HeartbeatOptions): Heartbeat {
  let timer: ReturnType<typeof setInterval> | undefined;
  let misses = 0;
  let dead = false;
  let generation = 0;
  const tick = (): void => {
    const current = generation;
    options.ping(options.intervalMs).then(
      () => {
        if (current !== generation) return;
        misses = 0;
        if (dead) {
          dead = false;
          options.alive();
        }
      },
      (error: unknown) => {
        if (current !== generation || (error as { code?: unknown }).code !== 'timeout') return;
        misses += 1;
        if (misses === options.allowedMisses && !dead) {
          dead = true;
          options.dead();
        }
      },
    );
  };
  return {
    start() {
      if (timer !== undefined) return;
      generation += 1;
      misses = 0;
      timer = setInterval(tick, options.intervalMs);
    },
    stop() {
      clearInterval(timer);
      timer = undefined;
      generation += 1;
      dead = false;
    },
  };
}
