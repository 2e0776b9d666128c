import { createActor, createMachine, fromPromise, type AnyActorLogic } from 'xstate';
import { describe, expect, it } from 'vitest';
import { runLifecycleMachine } from '../../src/runs/run-lifecycle-machine.js';
import { logicFromSnapshot, runChildSpawner } from '../../src/runs/run-children.js';

/** A workflow that waits for FINISH (or fails on BREAK), and counts its entries. */
function workflowLogic(entries: string[] = []) {
  return createMachine({
    id: 'tiny',
    initial: 'working',
    states: {
      working: { entry: () => void entries.push('working'), on: { NEXT: 'waiting', FINISH: 'done', BREAK: 'breaking' } },
      waiting: { entry: () => void entries.push('waiting'), on: { FINISH: 'done' } },
      breaking: {
        invoke: {
          src: fromPromise(async () => {
            throw new Error('a defect');
          }),
        },
      },
      done: { type: 'final' },
    },
  });
}

function runActor(workflow: AnyActorLogic = workflowLogic()) {
  return createActor(runLifecycleMachine.provide({ actors: { workflow } }), { input: { workflowInput: {} } }).start();
}

describe('the run statechart', () => {
  it('waits while restoring; a run back from a restart mid-step is interrupted until RESUME, then going', () => {
    const actor = runActor();
    expect(actor.getSnapshot().hasTag('restoring')).toBe(true);
    actor.send({ type: 'RESTORED', interrupted: true });
    expect(actor.getSnapshot().value).toBe('interrupted');
    expect(actor.getSnapshot().hasTag('interrupted')).toBe(true);
    // Queueing waits for the resume: nothing of the run runs while it is interrupted.
    actor.send({ type: 'QUEUED', agent: 'developer', reason: 'waiting: 1 of 1 agents are working (global limit)' });
    expect(actor.getSnapshot().hasTag('queued')).toBe(false);
    actor.send({ type: 'RESUME' });
    expect(actor.getSnapshot().value).toEqual({ going: 'working' });
    expect(actor.getSnapshot().hasTag('interrupted')).toBe(false);
    actor.stop();
  });

  it('an agent step waiting for a slot is queued with its reason until the slot is granted', () => {
    const actor = runActor();
    actor.send({ type: 'RESTORED', interrupted: false });
    expect(actor.getSnapshot().value).toEqual({ going: 'working' });
    actor.send({ type: 'QUEUED', agent: 'developer-2', reason: 'waiting: 2 of 2 anthropic agents are working (provider limit)' });
    expect(actor.getSnapshot().hasTag('queued')).toBe(true);
    expect(actor.getSnapshot().context.queued).toEqual({ agent: 'developer-2', reason: 'waiting: 2 of 2 anthropic agents are working (provider limit)' });
    actor.send({ type: 'SLOT_GRANTED' });
    expect(actor.getSnapshot().value).toEqual({ going: 'working' });
    expect(actor.getSnapshot().context.queued).toBeNull();
    actor.stop();
  });

  it('a new worktree is setting up while its setup script runs, and working again when it ends', () => {
    const actor = runActor();
    actor.send({ type: 'RESTORED', interrupted: false });
    actor.send({ type: 'SETUP_STARTED', worktree: 'main', script: 'npm ci' });
    expect(actor.getSnapshot().value).toEqual({ going: 'settingUp' });
    expect(actor.getSnapshot().hasTag('settingUp')).toBe(true);
    expect(actor.getSnapshot().context.setup).toEqual({ worktree: 'main', script: 'npm ci' });
    actor.send({ type: 'SETUP_ENDED' });
    expect(actor.getSnapshot().value).toEqual({ going: 'working' });
    expect(actor.getSnapshot().context.setup).toBeNull();
    actor.stop();
  });

  it('invokes the workflow as its child `workflow` and is finished when the workflow ends', () => {
    const actor = runActor();
    actor.send({ type: 'RESTORED', interrupted: false });
    const workflow = actor.getSnapshot().children.workflow!;
    expect(workflow.getSnapshot().value).toBe('working');
    expect(actor.system.get('workflow')).toBe(workflow);
    workflow.send({ type: 'FINISH' });
    expect(actor.getSnapshot().value).toBe('finished');
    expect(actor.getSnapshot().hasTag('finished')).toBe(true);
    actor.stop();
  });

  it('restores the workflow from its persisted snapshot without running its entry actions again', () => {
    const entries: string[] = [];
    const first = runActor(workflowLogic(entries));
    first.getSnapshot().children.workflow!.send({ type: 'NEXT' });
    const persisted = first.getSnapshot().children.workflow!.getPersistedSnapshot();
    first.stop();
    expect(entries).toEqual(['working', 'waiting']);
    const again = runActor(logicFromSnapshot(workflowLogic(entries), persisted));
    expect(again.getSnapshot().children.workflow!.getSnapshot().value).toBe('waiting');
    expect(entries).toEqual(['working', 'waiting']);
    again.stop();
  });

  it('spawns agents as its children (one system) and stops them on agent.stop', () => {
    const actor = runActor();
    const spawn = runChildSpawner(actor);
    const agentLogic = createMachine({ id: 'agent', initial: 'idle', states: { idle: { on: { START: 'working' } }, working: {} } });
    const agent = spawn(agentLogic, { id: 'agent_1', input: undefined });
    expect((actor.getSnapshot().children as Record<string, unknown>).agent_1).toBeDefined();
    expect(actor.system.get('agent_1')).toBe((actor.getSnapshot().children as Record<string, unknown>).agent_1);
    agent.send({ type: 'START' });
    expect(agent.getSnapshot().value).toBe('working');
    agent.stop();
    expect((actor.getSnapshot().children as Record<string, unknown>).agent_1).toBeUndefined();
    expect(agent.getSnapshot().status).toBe('stopped');
    actor.stop();
  });

  it('is broken, with the error as data, when the workflow actor itself fails', async () => {
    const actor = runActor();
    actor.send({ type: 'RESTORED', interrupted: false });
    actor.getSnapshot().children.workflow!.send({ type: 'BREAK' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(actor.getSnapshot().value).toBe('broken');
    expect(actor.getSnapshot().status).toBe('active');
    expect(actor.getSnapshot().context.broken).toMatchObject({ message: 'a defect' });
    actor.stop();
  });
});
