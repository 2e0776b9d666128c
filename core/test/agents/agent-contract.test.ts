import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adapterKinds, openAgentTestbed, requestBodies, type AgentTestbed } from './agent-testbed.js';

/**
 * The contract every model adapter must meet with the agent (STYLE §12): the same multi-turn task
 * through the real Anthropic and OpenAI adapters, against the scripted server, in a real repo.
 */
describe.each(adapterKinds)('agent contract through the %s adapter', (kind) => {
  let testbed: AgentTestbed;
  beforeEach(async () => {
    testbed = await openAgentTestbed();
  });
  afterEach(async () => {
    await testbed.cleanup();
  });

  it('lists, reads, edits, writes and finishes, with the files on disk and the events in order', async () => {
    testbed.server.script([
      { text: 'Let me look around.', toolCalls: [{ name: 'list_files', input: {} }] },
      { toolCalls: [{ name: 'read_file', input: { path: 'src/app.txt' } }] },
      { toolCalls: [{ name: 'edit_file', input: { path: 'src/app.txt', old_string: 'line 2', new_string: 'line two' } }] },
      { toolCalls: [{ name: 'write_file', input: { path: 'notes/summary.md', content: '# Done\n' } }] },
      { text: 'All done.', toolCalls: [{ name: 'finish', input: { summary: 'Renamed line 2 and wrote a summary.' } }] },
    ]);
    const { actor, log } = testbed.startAgent({ kind });
    actor.send({ type: 'START', task: 'Rename line 2 and write a summary.' });

    const finished = await log.finished();
    expect(finished).toMatchObject({ status: 'done', result: { summary: 'Renamed line 2 and wrote a summary.' }, agentId: 'agent_1' });
    expect(await testbed.repository.readFile('src/app.txt')).toBe('line 1\nline two\nline 3\n');
    expect(await testbed.repository.readFile('notes/summary.md')).toBe('# Done\n');
    testbed.server.assertComplete();

    const toolNames = log.ofType('agent.tool.started').map((event) => event.name);
    expect(toolNames).toEqual(['list_files', 'read_file', 'edit_file', 'write_file', 'finish']);
    expect(log.ofType('agent.tool.finished').every((event) => !event.isError)).toBe(true);
    expect(log.ofType('agent.turn.ended').map((event) => event.turn)).toEqual([1, 2, 3, 4, 5]);
    expect(log.states()).toEqual([
      'preparing',
      ...Array.from({ length: 5 }, () => ['requesting', 'runningTools']).flat(),
      'done',
    ]);
    expect(log.outline().slice(0, 9)).toEqual([
      'agent.state.changed',
      'agent.state.changed',
      'agent.text.start',
      'agent.text.delta',
      'agent.text.end',
      'agent.turn.ended',
      'agent.state.changed',
      'agent.tool.started',
      'agent.tool.finished',
    ]);
    const text = log.ofType('agent.text.delta').filter((event) => event.turn === 1).map((event) => event.text).join('');
    expect(text).toBe('Let me look around.');

    // Each tool result went back to the model in the next request.
    const bodies = requestBodies(testbed.server);
    expect(bodies).toHaveLength(5);
    expect(bodies[1]).toContain('README.md');
    expect(bodies[2]).toContain('line 3');
    expect(bodies[0]).toContain('You are a careful developer.');
    expect(actor.getSnapshot().value).toBe('done');
    expect(actor.getSnapshot().context.turn).toBe(5);
  });

  it('ends with the text as result when the model answers without tool calls', async () => {
    testbed.server.script([{ text: 'Nothing to change: the file is already right.' }]);
    const { actor, log } = testbed.startAgent({ kind });
    actor.send({ type: 'START', task: 'Check the file.' });
    expect(await log.finished()).toMatchObject({ status: 'done', result: 'Nothing to change: the file is already right.' });
    expect(log.ofType('agent.tool.started')).toHaveLength(0);
  });
});
