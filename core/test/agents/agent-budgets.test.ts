import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtInTestTools, openAgentTestbed, requestBodies, type AgentTestbed } from './agent-testbed.js';
import { gatedTool } from './gated-tools.js';

/** Budgets are guards: a run that uses one up ends `failed` with `budget_exceeded` and which one. */
describe('agent budgets', () => {
  let testbed: AgentTestbed;
  beforeEach(async () => {
    testbed = await openAgentTestbed();
  });
  afterEach(async () => {
    await testbed.cleanup();
  });

  const listTurn = { toolCalls: [{ name: 'list_files', input: {} }] };

  it('stops before a turn past max turns', async () => {
    testbed.server.script([listTurn, listTurn]);
    const { actor, log } = testbed.startAgent({ budgets: { maxTurns: 2 } });
    actor.send({ type: 'START', task: 'Look around forever.' });
    expect(await log.finished()).toMatchObject({ status: 'failed', reason: 'budget_exceeded', budget: 'turns' });
    expect(log.ofType('agent.error')[0]?.error).toMatchObject({ code: 'budget_exceeded', details: { budget: 'turns', limit: 2, used: 2 } });
    expect(requestBodies(testbed.server)).toHaveLength(2);
    expect(log.ofType('agent.tool.finished')).toHaveLength(2);
    testbed.server.assertComplete();
  });

  it('lets the last allowed turn finish the task', async () => {
    testbed.server.script([listTurn, { text: 'Done in two.' }]);
    const { actor, log } = testbed.startAgent({ budgets: { maxTurns: 2 } });
    actor.send({ type: 'START', task: 'Look around.' });
    expect(await log.finished()).toMatchObject({ status: 'done', result: 'Done in two.' });
  });

  it('stops when the total tokens pass the limit, before running the turn’s tools', async () => {
    testbed.server.script([{ ...listTurn, usage: { inputTokens: 600, outputTokens: 500 } }]);
    const { actor, log } = testbed.startAgent({ budgets: { maxTotalTokens: 1_000 } });
    actor.send({ type: 'START', task: 'Look around.' });
    expect(await log.finished()).toMatchObject({ status: 'failed', reason: 'budget_exceeded', budget: 'tokens' });
    expect(log.ofType('agent.tool.started')).toHaveLength(0);
    // The unanswered call is answered in the conversation, so a follow-up stays valid.
    expect(actor.getSnapshot().context.conversation.at(-1)?.content[0]).toMatchObject({ type: 'tool_result', isError: true });
  });

  it('stops when the estimated cost passes the limit', async () => {
    const usage = { inputTokens: 1_000, outputTokens: 1_000 };
    testbed.server.script([{ ...listTurn, usage }, { ...listTurn, usage }]);
    const { actor, log } = testbed.startAgent({ budgets: { maxCostUsd: 0.05 }, pricing: { inputPerMillion: 10, outputPerMillion: 30 } });
    actor.send({ type: 'START', task: 'Look around.' });
    expect(await log.finished()).toMatchObject({ status: 'failed', reason: 'budget_exceeded', budget: 'cost' });
    const costs = log.ofType('agent.turn.ended').map((event) => event.costUsd);
    expect(costs).toHaveLength(2);
    expect(costs[0]).toBeCloseTo(0.04, 10);
    expect(actor.getSnapshot().context.costUsd).toBeCloseTo(0.08, 10);
  });

  it('stops when the wall time (from the injected clock) runs out', async () => {
    const gate = gatedTool();
    testbed.server.script([{ toolCalls: [{ name: 'slow_step', input: { label: 'long' } }] }]);
    const { actor, log } = testbed.startAgent({ tools: [...builtInTestTools(), gate.tool], budgets: { maxWallTimeMs: 60_000 } });
    actor.send({ type: 'START', task: 'Take your time.' });
    await gate.started();
    testbed.clock.increment(60_001);
    gate.open();
    expect(await log.finished()).toMatchObject({ status: 'failed', reason: 'budget_exceeded', budget: 'wall_time' });
    expect(requestBodies(testbed.server)).toHaveLength(1);
  });
});
