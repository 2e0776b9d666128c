import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from 'xstate';
import type { AgentEvent } from '../../src/agents/agent-events.js';
import { createCliAgentActor, type CliAgentActor } from '../../src/executors/create-cli-agent-actor.js';
import { claudeLikePermissionOptions } from '../../src/testing/acp/index.js';
import { createAcpTestContext, until, type AcpTestContext } from './acp-test-context.js';

// The agent actor over an ACP agent: a permission request is `awaitingApproval` on the actor and
// APPROVE / DENY reach the agent; PAUSE interrupts mid-turn and RESUME continues the session;
// a restart (persisted snapshot, new actor) continues it with session/load.
let context: AcpTestContext | undefined;
const actors: CliAgentActor[] = [];
afterEach(async () => {
  for (const actor of actors.splice(0)) actor.stop();
  await context?.cleanup();
  context = undefined;
});

function agentActor(test: AcpTestContext, snapshot?: unknown): { actor: CliAgentActor; events: AgentEvent[] } {
  const actor = createCliAgentActor(
    { id: 'dev_1', executor: test.executor, worktree: test.worktree, policy: { default: 'ask' }, env: test.input().env, resumePrompt: 'Go on where you stopped.' },
    snapshot === undefined ? {} : { snapshot: snapshot as never },
  );
  const events: AgentEvent[] = [];
  actor.on('*', (event) => events.push(event as AgentEvent));
  actors.push(actor);
  actor.start();
  return { actor, events };
}

describe('agent actor over ACP', () => {
  it('waits in awaitingApproval for the card, passes APPROVE and DENY on, and finishes', async () => {
    context = await createAcpTestContext({
      turns: [
        {
          steps: [
            { type: 'tool', toolCallId: 'w1', title: 'Write notes.md', kind: 'edit', writeFile: { path: 'notes.md', content: '# Notes\n' }, permission: { options: claudeLikePermissionOptions } },
            { type: 'tool', toolCallId: 'b1', title: 'curl example.com', kind: 'execute', permission: { options: claudeLikePermissionOptions } },
            { type: 'text', chunks: ['All ', 'done.'] },
          ],
        },
      ],
    });
    const { actor, events } = agentActor(context);
    actor.send({ type: 'START', task: 'Write the notes' });
    await waitFor(actor, (snapshot) => snapshot.matches({ running: 'awaitingApproval' }));
    expect(actor.getSnapshot().context.phase).toBe('awaitingApproval');
    actor.send({ type: 'APPROVE', callId: 'w1', by: 'human' });
    await until(() => events.filter((event) => event.type === 'agent.tool.approval.requested').length === 2, 'the second question');
    await waitFor(actor, (snapshot) => snapshot.matches({ running: 'awaitingApproval' }));
    actor.send({ type: 'DENY', callId: 'b1', by: 'human', reason: 'no network' });
    await waitFor(actor, (snapshot) => snapshot.matches('done'));

    expect(await readFile(path.join(context.worktree, 'notes.md'), 'utf8')).toBe('# Notes\n');
    const phases = events.flatMap((event) => (event.type === 'agent.state.changed' ? [event.to] : []));
    expect(phases).toEqual(['running', 'awaitingApproval', 'running', 'awaitingApproval', 'running', 'done']);
    expect(events.filter((event) => event.type === 'agent.tool.approval.resolved').map((event) => (event.type === 'agent.tool.approval.resolved' ? [event.callId, event.approved, event.reason] : []))).toEqual([
      ['w1', true, undefined],
      ['b1', false, 'no network'],
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'agent.finished', status: 'done', result: 'All done.' });
  });

  it('pauses mid-turn and resumes the same session; after a restart it continues with session/load', async () => {
    context = await createAcpTestContext({
      turns: [
        { steps: [{ type: 'text', text: 'Starting' }, { type: 'waitForCancel' }] },
        { steps: [{ type: 'text', text: 'Resumed' }, { type: 'waitForCancel' }] },
        { steps: [{ type: 'text', text: 'After the restart.' }] },
      ],
    });
    const first = agentActor(context);
    first.actor.send({ type: 'START', task: 'A long task' });
    await until(() => first.events.some((event) => event.type === 'agent.text.delta'), 'the first text');
    first.actor.send({ type: 'PAUSE' });
    await waitFor(first.actor, (snapshot) => snapshot.matches('paused'));
    expect(first.actor.getSnapshot().context.sessionId).toBe('scripted-session-1');
    first.actor.send({ type: 'RESUME' });
    await until(() => first.events.filter((event) => event.type === 'agent.text.delta').length === 2, 'the resumed text');

    // The host goes away mid-turn: the persisted snapshot comes back interrupted (paused).
    const persisted = JSON.parse(JSON.stringify(first.actor.getPersistedSnapshot())) as unknown;
    first.actor.stop();
    const second = agentActor(context, persisted);
    expect(second.actor.getSnapshot().value).toBe('paused');
    second.actor.send({ type: 'RESUME' });
    await waitFor(second.actor, (snapshot) => snapshot.matches('done'));
    expect(second.events.at(-1)).toMatchObject({ type: 'agent.finished', status: 'done', result: 'After the restart.' });

    const received = await context.agent.received();
    const prompts = received.flatMap((entry) => (entry.method === 'session/prompt' ? [[entry.sessionId, entry.text]] : []));
    expect(prompts).toEqual([
      ['scripted-session-1', 'A long task'],
      ['scripted-session-1', 'Go on where you stopped.'],
      ['scripted-session-1', 'Go on where you stopped.'],
    ]);
    expect(received.filter((entry) => entry.method === 'session/load')).toHaveLength(2);
    expect(received.filter((entry) => entry.method === 'session/new')).toHaveLength(1);
  });
});
