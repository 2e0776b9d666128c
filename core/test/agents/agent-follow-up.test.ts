import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtInTestTools, openAgentTestbed, requestBodies, type AgentTestbed } from './agent-testbed.js';
import { gatedTool } from './gated-tools.js';

/** USER_MESSAGE: a follow-up instruction joins the same conversation; from `done` it starts a new round. */
describe('follow-up messages', () => {
  let testbed: AgentTestbed;
  beforeEach(async () => {
    testbed = await openAgentTestbed();
  });
  afterEach(async () => {
    await testbed.cleanup();
  });

  it('starts a new round from done in the same conversation', async () => {
    testbed.server.script([{ text: 'First answer.' }, { text: 'Second answer.' }]);
    const { actor, log } = testbed.startAgent();
    actor.send({ type: 'START', task: 'First task.' });
    expect(await log.finished()).toMatchObject({ status: 'done', result: 'First answer.' });
    actor.send({ type: 'USER_MESSAGE', text: 'Now make it shorter.' });
    expect(await log.waitFor('agent.finished', (event) => event.result === 'Second answer.')).toMatchObject({ status: 'done' });
    const second = JSON.parse(requestBodies(testbed.server)[1] ?? '{}') as unknown;
    const text = JSON.stringify(second);
    expect(text.indexOf('First task.')).toBeLessThan(text.indexOf('First answer.'));
    expect(text.indexOf('First answer.')).toBeLessThan(text.indexOf('Now make it shorter.'));
    expect(actor.getSnapshot().context.conversation.map((message) => message.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
  });

  it('holds a message sent while a tool runs and adds it after the tool results', async () => {
    const gate = gatedTool();
    testbed.server.script([{ toolCalls: [{ name: 'slow_step', input: { label: 'a' } }] }, { text: 'Noted.' }]);
    const { actor, log } = testbed.startAgent({ tools: [...builtInTestTools(), gate.tool] });
    actor.send({ type: 'START', task: 'Run the step.' });
    await gate.started();
    actor.send({ type: 'USER_MESSAGE', text: 'Also mention the weather.' });
    gate.open();
    expect(await log.finished()).toMatchObject({ status: 'done', result: 'Noted.' });
    const last = actor.getSnapshot().context.conversation[2];
    expect(last?.role).toBe('user');
    expect(last?.content.map((part) => part.type)).toEqual(['tool_result', 'text']);
    expect(requestBodies(testbed.server)[1]).toContain('Also mention the weather.');
  });
});
