import { afterEach, describe, expect, it } from 'vitest';
import { createRunFixture, finish, write, type RunFixture } from './run-fixture.js';

let fixture: RunFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

describe('scheduler queueing', () => {
  it('queues a run over the global limit with a visible reason, and starts it when a slot frees', async () => {
    fixture = await createRunFixture({ limits: { global: 1 } });
    // The first run holds its slot while it waits for an approval, so the second one is queued
    // for as long as the test needs, whatever the machine's speed.
    fixture.server.script('dev-model', [{ toolCalls: [{ id: 'toolu_hold', name: 'run_command', input: { command: 'echo first' } }] }, finish('first'), write('src/app.txt', 'second\n'), finish('second')]);
    const second = await fixture.kanbots.board.dispatch({ type: 'card.create', title: 'Second card', target: { repository: fixture.repository.path } });
    const first = await fixture.kanbots.run(fixture.cardId, 'solo', { policy: { default: 'allow', rules: { run_command: 'ask' } } });
    await fixture.kanbots.runs.waitFor(first.id, (summary) => summary.agents[0]?.pendingApproval !== undefined);
    const other = await fixture.kanbots.run(second.createdId!, 'solo', { policy: { default: 'allow' } });
    const queued = await fixture.kanbots.runs.waitFor(other.id, (summary) => summary.status === 'queued');
    expect(queued.statusText).toBe('waiting: 1 of 1 agents are working (global limit)');
    expect(fixture.events).toContainEqual({ type: 'run.queued', runId: other.id, agent: 'developer', position: 1, reason: 'waiting: 1 of 1 agents are working (global limit)' });
    expect(fixture.kanbots.scheduler().queued).toHaveLength(1);
    fixture.kanbots.approve(first.id, 'developer', 'toolu_hold');
    await fixture.kanbots.runs.waitFor(first.id, (summary) => summary.gate !== undefined);
    await fixture.kanbots.runs.waitFor(other.id, (summary) => summary.gate !== undefined);
    expect(fixture.kanbots.scheduler()).toMatchObject({ running: [], queued: [] });
  });
});
