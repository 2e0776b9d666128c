import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtInTestTools, openAgentTestbed, requestBodies, until, type AgentTestbed } from './agent-testbed.js';
import { abortObservingTool, gatedTool } from './gated-tools.js';

/**
 * PAUSE from every active state returns there on RESUME: a request in flight is aborted and sent
 * again; a running tool call finishes first (the safe point) and the next one waits; CANCEL ends
 * the run from anywhere, aborting what runs.
 */
describe('pause, resume and cancel', () => {
  let testbed: AgentTestbed;
  beforeEach(async () => {
    testbed = await openAgentTestbed();
  });
  afterEach(async () => {
    await testbed.cleanup();
  });

  const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

  it('pauses while preparing and prepares again on resume', async () => {
    testbed.server.script([{ text: 'Done.' }]);
    const { actor, log } = testbed.startAgent();
    actor.send({ type: 'START', task: 'Go.' });
    actor.send({ type: 'PAUSE' });
    expect(actor.getSnapshot().value).toBe('paused');
    await tick();
    expect(testbed.server.requests).toHaveLength(0);
    actor.send({ type: 'RESUME' });
    expect(await log.finished()).toMatchObject({ status: 'done', result: 'Done.' });
    expect(log.states()).toEqual(['preparing', 'paused', 'preparing', 'requesting', 'done']);
  });

  it('aborts a request waiting for its answer and sends it again on resume', async () => {
    testbed.server.script([{ fault: 'hang' }, { text: 'Second try.' }]);
    const { actor, log } = testbed.startAgent();
    actor.send({ type: 'START', task: 'Go.' });
    await until(() => testbed.server.requests.length === 1, 'the first request');
    actor.send({ type: 'PAUSE' });
    expect(actor.getSnapshot().value).toBe('paused');
    actor.send({ type: 'RESUME' });
    expect(await log.finished()).toMatchObject({ status: 'done', result: 'Second try.' });
    const bodies = requestBodies(testbed.server);
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toBe(bodies[0]);
  });

  it('aborts a request mid-stream and sends it again on resume', async () => {
    testbed.server.script([{ text: ['First ', 'part ', 'never ', 'ends.'], chunkDelayMs: 300 }, { text: 'Complete answer.' }]);
    const { actor, log } = testbed.startAgent();
    actor.send({ type: 'START', task: 'Go.' });
    await log.waitFor('agent.text.delta');
    actor.send({ type: 'PAUSE' });
    expect(actor.getSnapshot().value).toBe('paused');
    actor.send({ type: 'RESUME' });
    expect(await log.finished()).toMatchObject({ status: 'done', result: 'Complete answer.' });
    expect(actor.getSnapshot().context.turn).toBe(1);
    expect(log.states()).toEqual(['preparing', 'requesting', 'paused', 'requesting', 'done']);
  });

  it('lets a running tool call finish, then pauses before the next one', async () => {
    const gate = gatedTool();
    testbed.server.script([
      { toolCalls: [{ name: 'slow_step', input: { label: 'a' } }, { name: 'slow_step', input: { label: 'b' } }] },
      { toolCalls: [{ name: 'finish', input: { summary: 'both steps' } }] },
    ]);
    const { actor, log } = testbed.startAgent({ tools: [...builtInTestTools(), gate.tool] });
    actor.send({ type: 'START', task: 'Run both steps.' });
    await gate.started(1);
    actor.send({ type: 'PAUSE' });
    expect(actor.getSnapshot().value).toEqual({ runningTools: 'running' });
    gate.open();
    await log.waitFor('agent.state.changed', (event) => event.to === 'paused');
    expect(log.ofType('agent.tool.finished').map((event) => event.content)).toEqual(['step a done']);
    expect(gate.runs).toBe(1);
    actor.send({ type: 'RESUME' });
    await gate.started(2);
    gate.open();
    expect(await log.finished()).toMatchObject({ status: 'done', result: { summary: 'both steps' } });
    expect(requestBodies(testbed.server)).toHaveLength(2);
  });

  it('pauses while awaiting approval and asks again on resume', async () => {
    testbed.server.script([{ toolCalls: [{ name: 'write_file', input: { path: 'x.txt', content: 'x' } }] }, { text: 'Wrote it.' }]);
    const { actor, log } = testbed.startAgent({ policy: { default: 'allow', rules: { write_file: 'ask' } } });
    actor.send({ type: 'START', task: 'Write x.' });
    const asked = await log.waitFor('agent.tool.approval.requested');
    actor.send({ type: 'PAUSE' });
    expect(actor.getSnapshot().value).toBe('paused');
    actor.send({ type: 'RESUME' });
    expect(actor.getSnapshot().value).toBe('awaitingApproval');
    expect(log.ofType('agent.tool.approval.requested')).toHaveLength(2);
    actor.send({ type: 'APPROVE', callId: asked.callId });
    expect(await log.finished()).toMatchObject({ status: 'done' });
    expect(await testbed.repository.readFile('x.txt')).toBe('x');
  });

  it('pauses a backoff: the delay does not fire until resumed', async () => {
    testbed.server.script([{ fault: 'status', status: 500 }, { text: 'After the pause.' }]);
    const { actor, log } = testbed.startAgent();
    actor.send({ type: 'START', task: 'Go.' });
    const backoff = await log.waitFor('agent.backoff');
    actor.send({ type: 'PAUSE' });
    testbed.clock.increment(backoff.delayMs * 10);
    await tick();
    expect(actor.getSnapshot().value).toBe('paused');
    expect(requestBodies(testbed.server)).toHaveLength(1);
    actor.send({ type: 'RESUME' });
    expect(actor.getSnapshot().value).toBe('backingOff');
    testbed.clock.increment(backoff.delayMs);
    expect(await log.finished()).toMatchObject({ status: 'done', result: 'After the pause.' });
  });

  it('cancels a running tool call through its abort signal', async () => {
    const job = abortObservingTool();
    testbed.server.script([{ toolCalls: [{ name: 'long_job', input: {} }] }]);
    const { actor, log } = testbed.startAgent({ tools: [job.tool] });
    actor.send({ type: 'START', task: 'Run the job.' });
    await job.started;
    actor.send({ type: 'CANCEL', reason: 'changed my mind' });
    expect(await job.aborted).toBe('aborted');
    expect(await log.finished()).toMatchObject({ status: 'cancelled', reason: 'changed my mind' });
    expect(actor.getSnapshot().status).toBe('done');
    expect(log.ofType('agent.tool.finished')).toHaveLength(0);
  });

  it.each(['requesting', 'backingOff', 'awaitingApproval', 'paused'] as const)('cancels from %s', async (state) => {
    if (state === 'backingOff') testbed.server.script([{ fault: 'status', status: 529 }]);
    else if (state === 'awaitingApproval') testbed.server.script([{ toolCalls: [{ name: 'write_file', input: { path: 'y.txt', content: 'y' } }] }]);
    else testbed.server.script([{ fault: 'hang' }]);
    const { actor, log } = testbed.startAgent({ policy: { default: 'ask' } });
    actor.send({ type: 'START', task: 'Go.' });
    if (state === 'backingOff') await log.waitFor('agent.backoff');
    if (state === 'awaitingApproval') await log.waitFor('agent.tool.approval.requested');
    if (state === 'requesting' || state === 'paused') await until(() => testbed.server.requests.length === 1, 'the request');
    if (state === 'paused') actor.send({ type: 'PAUSE' });
    expect(actor.getSnapshot().value).toEqual(state === 'requesting' ? { requesting: 'streaming' } : state);
    actor.send({ type: 'CANCEL' });
    expect(await log.finished()).toMatchObject({ status: 'cancelled' });
    expect(log.states().at(-1)).toBe('cancelled');
    expect(actor.getSnapshot().status).toBe('done');
  });
});
