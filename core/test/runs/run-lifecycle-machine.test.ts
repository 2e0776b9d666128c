import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { runLifecycleMachine } from '../../src/runs/run-lifecycle-machine.js';

describe('the run lifecycle statechart', () => {
  it('a run back from a restart mid-step is interrupted until RESUME, then going', () => {
    const actor = createActor(runLifecycleMachine, { input: { interrupted: true } }).start();
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
    const actor = createActor(runLifecycleMachine, { input: { interrupted: false } }).start();
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
    const actor = createActor(runLifecycleMachine, { input: { interrupted: false } }).start();
    actor.send({ type: 'SETUP_STARTED', worktree: 'main', script: 'npm ci' });
    expect(actor.getSnapshot().value).toEqual({ going: 'settingUp' });
    expect(actor.getSnapshot().hasTag('settingUp')).toBe(true);
    expect(actor.getSnapshot().context.setup).toEqual({ worktree: 'main', script: 'npm ci' });
    actor.send({ type: 'SETUP_ENDED' });
    expect(actor.getSnapshot().value).toEqual({ going: 'working' });
    expect(actor.getSnapshot().context.setup).toBeNull();
    actor.stop();
  });
});
