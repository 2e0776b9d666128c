import { describe, expect, it } from 'vitest';
import { RunScheduler, SlotRequestCancelledError } from '../../src/runs/run-scheduler.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('run scheduler', () => {
  it('queues over the global limit with a visible reason and starts the next in FIFO order on release', async () => {
    const scheduler = new RunScheduler({ global: 2 });
    const started: string[] = [];
    const releases = new Map<string, () => void>();
    for (const key of ['a', 'b', 'c', 'd']) void scheduler.acquire({ key, provider: 'openai' }).then((release) => { started.push(key); releases.set(key, release); });
    await tick();
    expect(started).toEqual(['a', 'b']);
    expect(scheduler.state().queued).toEqual([
      { key: 'c', provider: 'openai', position: 1, reason: 'waiting: 2 of 2 agents are working (global limit)' },
      { key: 'd', provider: 'openai', position: 2, reason: 'waiting: 2 of 2 agents are working (global limit)' },
    ]);
    releases.get('b')!();
    releases.get('b')!(); // releasing twice frees one slot only
    await tick();
    expect(started).toEqual(['a', 'b', 'c']);
    expect(scheduler.state().running.map((slot) => slot.key)).toEqual(['a', 'c']);
  });

  it('applies per-provider limits without blocking other providers', async () => {
    const scheduler = new RunScheduler({ global: 3, perProvider: { anthropic: 1 } });
    const started: string[] = [];
    void scheduler.acquire({ key: 'x1', provider: 'anthropic' }).then(() => started.push('x1'));
    void scheduler.acquire({ key: 'x2', provider: 'anthropic' }).then(() => started.push('x2'));
    void scheduler.acquire({ key: 'o1', provider: 'openai' }).then(() => started.push('o1'));
    await tick();
    expect(started).toEqual(['x1', 'o1']);
    expect(scheduler.state().queued[0]?.reason).toBe('waiting: 1 of 1 anthropic agents are working (anthropic limit)');
    scheduler.setLimits({ global: 3, perProvider: { anthropic: 2 } });
    await tick();
    expect(started).toEqual(['x1', 'o1', 'x2']);
  });

  it('drops a cancelled request from the queue and tells subscribers', async () => {
    const scheduler = new RunScheduler({ global: 1 });
    const states: number[] = [];
    scheduler.subscribe((state) => states.push(state.queued.length));
    await scheduler.acquire({ key: 'a', provider: 'p' });
    const controller = new AbortController();
    const waiting = scheduler.acquire({ key: 'b', provider: 'p' }, controller.signal);
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(SlotRequestCancelledError);
    expect(scheduler.state().queued).toEqual([]);
    expect(states.at(-1)).toBe(0);
  });

  it('refuses invalid limits and duplicate keys', async () => {
    expect(() => new RunScheduler({ global: 0 })).toThrow(RangeError);
    const scheduler = new RunScheduler({ global: 1 });
    await scheduler.acquire({ key: 'a', provider: 'p' });
    await expect(scheduler.acquire({ key: 'a', provider: 'p' })).rejects.toThrow(/already held/);
  });
});
