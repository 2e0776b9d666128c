import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtInTestTools, openAgentTestbed, requestBodies, testApiKey, until, type AgentTestbed } from './agent-testbed.js';
import { countingTool } from './gated-tools.js';

/**
 * The persisted snapshot is plain JSON and restores with the same machine: a request in flight is
 * sent again, and a tool call recorded as completed is never run again.
 */
describe('agent persistence', () => {
  let testbed: AgentTestbed;
  beforeEach(async () => {
    testbed = await openAgentTestbed();
  });
  afterEach(async () => {
    await testbed.cleanup();
  });

  it('restores a run waiting for approval without repeating the call that already ran', async () => {
    const counter = countingTool();
    const tools = [...builtInTestTools(), counter.tool];
    const policy = { default: 'allow' as const, rules: { write_file: 'ask' as const } };
    testbed.server.script([
      { toolCalls: [{ name: 'count', input: { label: 'once' } }, { name: 'write_file', input: { path: 'after.txt', content: 'restored\n' } }] },
      { toolCalls: [{ name: 'finish', input: { summary: 'restored run' } }] },
    ]);
    const first = testbed.startAgent({ tools, policy });
    first.actor.send({ type: 'START', task: 'Count, then write.' });
    const asked = await first.log.waitFor('agent.tool.approval.requested');
    const persisted = JSON.stringify(first.actor.getPersistedSnapshot());
    first.actor.stop();
    expect(counter.calls).toEqual(['once']);
    expect(persisted).not.toContain(testApiKey);

    const second = testbed.startAgent({ tools, policy }, { snapshot: JSON.parse(persisted) });
    expect(second.actor.getSnapshot().value).toBe('awaitingApproval');
    expect(second.actor.getSnapshot().context.pendingToolCalls[0]?.settled?.content).toBe('counted 1');
    second.actor.send({ type: 'APPROVE', callId: asked.callId });
    expect(await second.log.finished()).toMatchObject({ status: 'done', result: { summary: 'restored run' } });
    expect(counter.calls).toEqual(['once']);
    expect(await testbed.repository.readFile('after.txt')).toBe('restored\n');
    expect(requestBodies(testbed.server)[1]).toContain('counted 1');
  });

  it('re-sends the request a restored run was waiting for', async () => {
    testbed.server.script([{ fault: 'hang' }, { text: 'Answered after restore.' }]);
    const first = testbed.startAgent();
    first.actor.send({ type: 'START', task: 'Answer me.' });
    await until(() => testbed.server.requests.length === 1, 'the first request');
    const persisted = JSON.parse(JSON.stringify(first.actor.getPersistedSnapshot())) as unknown;
    first.actor.stop();

    const second = testbed.startAgent({}, { snapshot: persisted as never });
    expect(await second.log.finished()).toMatchObject({ status: 'done', result: 'Answered after restore.' });
    const bodies = requestBodies(testbed.server);
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toBe(bodies[0]);
  });

  it('round-trips a finished run through JSON unchanged', async () => {
    testbed.server.script([{ toolCalls: [{ name: 'list_files', input: {} }] }, { text: 'Seen.' }]);
    const { actor, log } = testbed.startAgent();
    actor.send({ type: 'START', task: 'Look.' });
    await log.finished();
    const persisted = actor.getPersistedSnapshot();
    const copy = JSON.parse(JSON.stringify(persisted)) as typeof persisted;
    expect(copy).toEqual(persisted);
    const restored = testbed.startAgent({}, { snapshot: copy });
    expect(restored.actor.getSnapshot().value).toBe('done');
    expect(restored.actor.getSnapshot().context).toEqual(actor.getSnapshot().context);
  });
});
