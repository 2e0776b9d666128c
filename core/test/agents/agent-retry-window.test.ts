import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAgentTestbed, requestBodies, until, type AgentTestbed } from './agent-testbed.js';

/**
 * A failure that lasts: the agent retries a failing request for a bounded time (counted from the
 * first failure, the attempts' own time included), then fails and says why in the error's
 * `details.retries`; the person can stop the retries at once. Time is simulated.
 */
describe('retrying for a bounded time', () => {
  let testbed: AgentTestbed;
  beforeEach(async () => {
    testbed = await openAgentTestbed();
  });
  afterEach(async () => {
    await testbed.cleanup();
  });

  it('stops retrying a persistent failure once the retry window is spent, and says so', async () => {
    testbed.server.script(Array.from({ length: 20 }, () => ({ fault: 'status' as const, status: 503 })));
    const { actor, log } = testbed.startAgent({ retry: { maxAttempts: 50, baseDelayMs: 1_000, maxDelayMs: 4_000, maxRetryWindowMs: 10_000 } });
    actor.send({ type: 'START', task: 'Say something.' });
    for (let step = 0; step < 20; step += 1) {
      await until(() => actor.getSnapshot().value === 'backingOff' || actor.getSnapshot().value === 'failed', 'a backoff or the failure');
      if (actor.getSnapshot().value === 'failed') break;
      const requests = testbed.server.requests.length;
      testbed.clock.increment(actor.getSnapshot().context.retryDelayMs);
      await until(() => testbed.server.requests.length > requests || actor.getSnapshot().value === 'failed', 'the next attempt');
    }
    const finished = await log.finished();
    expect(finished).toMatchObject({ status: 'failed', reason: 'provider_error' });
    const error = log.ofType('agent.error')[0]?.error;
    expect(error?.code).toBe('provider_server_error');
    const retries = error?.details?.['retries'] as { attempts: number; elapsedMs: number; stoppedBy: string };
    expect(retries.stoppedBy).toBe('time');
    expect(retries.elapsedMs).toBeGreaterThanOrEqual(10_000);
    // Far fewer than the 50 attempts allowed: the window ended it.
    expect(retries.attempts).toBeLessThan(12);
    expect(requestBodies(testbed.server)).toHaveLength(retries.attempts);
    expect(log.ofType('agent.backoff')).toHaveLength(retries.attempts - 1);
  });

  it('says the attempts ran out when they end before the window', async () => {
    testbed.server.script([{ fault: 'status', status: 500 }, { fault: 'status', status: 500 }]);
    const { actor, log } = testbed.startAgent({ retry: { maxAttempts: 1 } });
    actor.send({ type: 'START', task: 'Say something.' });
    const backoff = await log.waitFor('agent.backoff');
    testbed.clock.increment(backoff.delayMs);
    await log.finished();
    expect(log.ofType('agent.error')[0]?.error.details?.['retries']).toEqual({ attempts: 2, elapsedMs: backoff.delayMs, stoppedBy: 'attempts' });
  });

  it('a retry-after longer than what is left of the window is not waited for', async () => {
    testbed.server.script([{ fault: 'status', status: 429, retryAfter: '600' }]);
    const { actor, log } = testbed.startAgent({ retry: { maxRetryWindowMs: 60_000 } });
    actor.send({ type: 'START', task: 'Say something.' });
    expect(await log.finished()).toMatchObject({ status: 'failed' });
    expect(log.ofType('agent.backoff')).toHaveLength(0);
    expect(log.ofType('agent.error')[0]?.error.details?.['retries']).toMatchObject({ attempts: 1, stoppedBy: 'time' });
  });

  it('Stop retrying fails the agent at once with the last error, and Resume tries again', async () => {
    testbed.server.script([{ fault: 'status', status: 529 }, { text: 'Back.' }]);
    const { actor, log } = testbed.startAgent();
    actor.send({ type: 'START', task: 'Say something.' });
    await log.waitFor('agent.backoff');
    expect(actor.getSnapshot().value).toBe('backingOff');
    actor.send({ type: 'STOP_RETRYING' });
    expect(await log.finished()).toMatchObject({ status: 'failed', reason: 'provider_error' });
    const error = log.ofType('agent.error')[0]?.error;
    expect(error?.code).toBe('provider_overloaded');
    expect(error?.details?.['retries']).toMatchObject({ attempts: 1, stoppedBy: 'person' });
    // Nothing was sent after the stop; the failed step runs again on RESUME.
    expect(requestBodies(testbed.server)).toHaveLength(1);
    actor.send({ type: 'RESUME' });
    await log.waitFor('agent.finished', (event) => event.status === 'done');
    expect(actor.getSnapshot().context.result).toBe('Back.');
    expect(actor.getSnapshot().context.retryStartedAt).toBeUndefined();
  });

  it('STOP_RETRYING outside a backoff changes nothing', async () => {
    testbed.server.script([{ text: 'Hello.', latencyMs: 50 }]);
    const { actor, log } = testbed.startAgent();
    actor.send({ type: 'START', task: 'Say something.' });
    actor.send({ type: 'STOP_RETRYING' });
    expect(await log.finished()).toMatchObject({ status: 'done', result: 'Hello.' });
  });
});
