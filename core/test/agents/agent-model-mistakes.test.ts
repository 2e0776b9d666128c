import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAgentTestbed, requestBodies, type AgentTestbed } from './agent-testbed.js';

/**
 * Model mistakes go back to the model as tool errors it can fix; too many in a row fail the run
 * `model_misbehaving`.
 */
describe('model mistakes', () => {
  let testbed: AgentTestbed;
  beforeEach(async () => {
    testbed = await openAgentTestbed();
  });
  afterEach(async () => {
    await testbed.cleanup();
  });

  const finish = { toolCalls: [{ name: 'finish', input: { summary: 'ok' } }] };

  it('answers an unknown tool with the list of available tools', async () => {
    testbed.server.script([{ toolCalls: [{ name: 'delete_everything', input: {} }] }, finish]);
    const { actor, log } = testbed.startAgent();
    actor.send({ type: 'START', task: 'Go.' });
    expect(await log.finished()).toMatchObject({ status: 'done' });
    const error = log.ofType('agent.tool.finished')[0];
    expect(error).toMatchObject({ name: 'delete_everything', isError: true });
    expect(error?.content).toContain('Unknown tool "delete_everything"');
    expect(error?.content).toContain('read_file');
    expect(requestBodies(testbed.server)[1]).toContain('Unknown tool');
  });

  it('answers input that fails the tool schema with what is wrong', async () => {
    testbed.server.script([{ toolCalls: [{ name: 'read_file', input: { path: 42 } }] }, finish]);
    const { actor, log } = testbed.startAgent();
    actor.send({ type: 'START', task: 'Go.' });
    expect(await log.finished()).toMatchObject({ status: 'done' });
    const error = log.ofType('agent.tool.finished')[0];
    expect(error?.isError).toBe(true);
    expect(error?.content).toMatch(/Invalid input for "read_file": path: /);
  });

  it('fails the run after more consecutive mistakes than allowed', async () => {
    const unknown = { toolCalls: [{ name: 'nope', input: {} }] };
    testbed.server.script([unknown, unknown, unknown]);
    const { actor, log } = testbed.startAgent({ maxConsecutiveMistakes: 2 });
    actor.send({ type: 'START', task: 'Go.' });
    expect(await log.finished()).toMatchObject({ status: 'failed', reason: 'model_misbehaving' });
    expect(log.ofType('agent.error')[0]?.error).toMatchObject({ code: 'model_misbehaving', details: { consecutiveMistakes: 3 } });
    expect(requestBodies(testbed.server)).toHaveLength(3);
    testbed.server.assertComplete();
  });

  it('counts only consecutive mistakes: a good call resets the count', async () => {
    const unknown = { toolCalls: [{ name: 'nope', input: {} }] };
    testbed.server.script([unknown, unknown, { toolCalls: [{ name: 'list_files', input: {} }] }, unknown, unknown, finish]);
    const { actor, log } = testbed.startAgent({ maxConsecutiveMistakes: 2 });
    actor.send({ type: 'START', task: 'Go.' });
    expect(await log.finished()).toMatchObject({ status: 'done' });
  });
});
