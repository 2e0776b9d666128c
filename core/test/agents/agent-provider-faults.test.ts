import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScriptedStep } from '../../src/testing/scripted-model-server/index.js';
import { openAgentTestbed, requestBodies, until, type AdapterKind, type AgentTestbed } from './agent-testbed.js';

/**
 * Provider faults: retryable ones back off (honouring retry-after) and recover; the rest fail the
 * run with a readable error and leave it resumable. Time is simulated: backoffs and the idle
 * timeout fire when the test advances the scheduler clock.
 */
describe.each<AdapterKind>(['anthropic', 'openai-chat'])('provider faults through the %s adapter', (kind) => {
  let testbed: AgentTestbed;
  beforeEach(async () => {
    testbed = await openAgentTestbed();
  });
  afterEach(async () => {
    await testbed.cleanup();
  });

  async function recoversFrom(fault: ScriptedStep, expectedCode: string) {
    testbed.server.script([fault, { text: 'Recovered.' }]);
    const { actor, log } = testbed.startAgent({ kind });
    actor.send({ type: 'START', task: 'Say something.' });
    const backoff = await log.waitFor('agent.backoff');
    expect(backoff.error.code).toBe(expectedCode);
    expect(backoff.attempt).toBe(1);
    expect(actor.getSnapshot().value).toBe('backingOff');
    expect(requestBodies(testbed.server)).toHaveLength(1);
    testbed.clock.increment(backoff.delayMs);
    expect(await log.finished()).toMatchObject({ status: 'done', result: 'Recovered.' });
    expect(requestBodies(testbed.server)).toHaveLength(2);
    expect(log.states()).toEqual(['preparing', 'requesting', 'backingOff', 'requesting', 'done']);
    testbed.server.assertComplete();
    return backoff;
  }

  it('backs off for exactly the retry-after of a 429, then succeeds', async () => {
    const backoff = await recoversFrom({ fault: 'status', status: 429, retryAfter: '7' }, 'provider_rate_limited');
    expect(backoff.delayMs).toBe(7_000);
  });

  it('backs off with jittered exponential delay on 529 overloaded', async () => {
    const backoff = await recoversFrom({ fault: 'status', status: 529 }, 'provider_overloaded');
    expect(backoff.delayMs).toBe(375); // base 500, attempt 0, jitter 0.5 → 250 + 125
  });

  it('backs off on a 500 and succeeds', async () => {
    await recoversFrom({ fault: 'status', status: 500 }, 'provider_server_error');
  });

  it('recovers from an error event in the middle of the stream', async () => {
    await recoversFrom({ fault: 'midstream-error' }, kind === 'anthropic' ? 'provider_overloaded' : 'provider_server_error');
  });

  it('recovers from a socket dropped mid-stream', async () => {
    await recoversFrom({ fault: 'drop' }, 'provider_stream_dropped');
  });

  it('times out a request that hangs, aborts it and retries', async () => {
    testbed.server.script([{ fault: 'hang' }, { text: 'Recovered.' }]);
    const { actor, log } = testbed.startAgent({ kind, retry: { requestIdleTimeoutMs: 30_000 } });
    actor.send({ type: 'START', task: 'Say something.' });
    await until(() => testbed.server.requests.length === 1, 'the hanging request');
    testbed.clock.increment(29_999);
    expect(actor.getSnapshot().value).toEqual({ requesting: 'streaming' });
    testbed.clock.increment(1);
    const backoff = await log.waitFor('agent.backoff');
    expect(backoff.error.code).toBe('provider_timeout');
    testbed.clock.increment(backoff.delayMs);
    expect(await log.finished()).toMatchObject({ status: 'done', result: 'Recovered.' });
  });

  it('answers malformed tool JSON with a tool error the model can fix', async () => {
    testbed.server.script([{ fault: 'malformed-tool-json', toolName: 'write_file' }, { toolCalls: [{ name: 'finish', input: { summary: 'fixed' } }] }]);
    const { actor, log } = testbed.startAgent({ kind });
    actor.send({ type: 'START', task: 'Write notes.' });
    expect(await log.finished()).toMatchObject({ status: 'done', result: { summary: 'fixed' } });
    const [first] = log.ofType('agent.tool.finished');
    expect(first).toMatchObject({ name: 'write_file', isError: true });
    expect(first?.content).toContain('not valid JSON');
    expect(requestBodies(testbed.server)[1]).toContain('not valid JSON');
  });

  it('fails on a non-retryable error (401) and can be resumed', async () => {
    testbed.server.script([{ fault: 'status', status: 401 }, { text: 'Back.' }]);
    const { actor, log } = testbed.startAgent({ kind });
    actor.send({ type: 'START', task: 'Say something.' });
    const failed = await log.finished();
    expect(failed).toMatchObject({ status: 'failed', reason: 'provider_error' });
    expect(log.ofType('agent.error')[0]?.error.code).toBe('provider_auth');
    expect(log.ofType('agent.backoff')).toHaveLength(0);
    actor.send({ type: 'RESUME' });
    await log.waitFor('agent.finished', (event) => event.status === 'done');
    expect(actor.getSnapshot().context.result).toBe('Back.');
  });

  it('fails after the maximum number of retries', async () => {
    testbed.server.script([{ fault: 'status', status: 500 }, { fault: 'status', status: 503 }]);
    const { actor, log } = testbed.startAgent({ kind, retry: { maxAttempts: 1 } });
    actor.send({ type: 'START', task: 'Say something.' });
    const backoff = await log.waitFor('agent.backoff');
    testbed.clock.increment(backoff.delayMs);
    expect(await log.finished()).toMatchObject({ status: 'failed', reason: 'provider_error' });
    expect(log.ofType('agent.backoff')).toHaveLength(1);
    testbed.server.assertComplete();
  });
});
