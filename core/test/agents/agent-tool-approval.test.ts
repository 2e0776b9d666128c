import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAgentTestbed, requestBodies, type AgentTestbed } from './agent-testbed.js';

/** The tool policy per call: allow runs it, deny answers "denied by policy", ask waits for a human. */
describe('tool approval', () => {
  let testbed: AgentTestbed;
  beforeEach(async () => {
    testbed = await openAgentTestbed();
    testbed.server.script([
      { toolCalls: [{ id: 'write_1', name: 'write_file', input: { path: 'approved.txt', content: 'yes\n' } }] },
      { text: 'Finished.' },
    ]);
  });
  afterEach(async () => {
    await testbed.cleanup();
  });

  const askForWrites = { default: 'allow' as const, rules: { write_file: 'ask' as const } };

  it('waits for APPROVE, then runs the call', async () => {
    const { actor, log } = testbed.startAgent({ policy: askForWrites });
    actor.send({ type: 'START', task: 'Write the file.' });
    const asked = await log.waitFor('agent.tool.approval.requested');
    expect(asked).toMatchObject({ name: 'write_file', input: { path: 'approved.txt', content: 'yes\n' } });
    expect(actor.getSnapshot().value).toBe('awaitingApproval');
    await expect(testbed.repository.readFile('approved.txt')).rejects.toThrow();

    actor.send({ type: 'APPROVE', callId: 'some-other-call' });
    expect(actor.getSnapshot().value).toBe('awaitingApproval');
    actor.send({ type: 'APPROVE', callId: asked.callId, by: 'ada' });
    expect(await log.finished()).toMatchObject({ status: 'done', result: 'Finished.' });
    expect(log.ofType('agent.tool.approval.resolved')).toEqual([expect.objectContaining({ callId: asked.callId, approved: true, by: 'ada' })]);
    expect(await testbed.repository.readFile('approved.txt')).toBe('yes\n');
    expect(log.states()).toEqual(['preparing', 'requesting', 'runningTools', 'awaitingApproval', 'runningTools', 'requesting', 'done']);
  });

  it('sends a denial back to the model with the human’s reason', async () => {
    const { actor, log } = testbed.startAgent({ policy: askForWrites });
    actor.send({ type: 'START', task: 'Write the file.' });
    const asked = await log.waitFor('agent.tool.approval.requested');
    actor.send({ type: 'DENY', callId: asked.callId, reason: 'write to docs/ instead', by: 'ada' });
    expect(await log.finished()).toMatchObject({ status: 'done' });
    expect(log.ofType('agent.tool.approval.resolved')[0]).toMatchObject({ approved: false, reason: 'write to docs/ instead', by: 'ada' });
    const finished = log.ofType('agent.tool.finished')[0];
    expect(finished).toMatchObject({ isError: true, name: 'write_file' });
    expect(finished?.content).toContain('write to docs/ instead');
    expect(requestBodies(testbed.server)[1]).toContain('write to docs/ instead');
    await expect(testbed.repository.readFile('approved.txt')).rejects.toThrow();
  });

  it('answers "denied by policy" without asking anyone', async () => {
    const { actor, log } = testbed.startAgent({ policy: { default: 'allow', rules: { write_file: 'deny' } } });
    actor.send({ type: 'START', task: 'Write the file.' });
    expect(await log.finished()).toMatchObject({ status: 'done' });
    expect(log.ofType('agent.tool.approval.requested')).toHaveLength(0);
    expect(log.ofType('agent.tool.finished')[0]?.content).toContain('denied by policy');
    expect(requestBodies(testbed.server)[1]).toContain('denied by policy');
    await expect(testbed.repository.readFile('approved.txt')).rejects.toThrow();
  });
});
