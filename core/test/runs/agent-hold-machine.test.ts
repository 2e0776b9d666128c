import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { agentHoldMachine, type PausedBy } from '../../src/runs/agent-hold-machine.js';

/** The hold on its own, with an agent that is working, idle, or paused already. */
function hold(agent: 'working' | 'idle' | 'paused', heldBy?: PausedBy) {
  const emitted: string[] = [];
  const actor = createActor(agentHoldMachine, { input: { heldBy, agent: { canPause: () => agent === 'working', paused: () => agent === 'paused' } } });
  actor.on('*', (event) => emitted.push(event.type));
  actor.start();
  const heldBy_ = () => (actor.getSnapshot().hasTag('heldByHuman') ? 'human' : actor.getSnapshot().hasTag('heldByRun') ? 'run' : 'free');
  return { actor, emitted, heldBy: heldBy_ };
}

describe('who holds an agent paused', () => {
  it("the run's RESUME does not free an agent the person paused on its own; the person's does", () => {
    const { actor, emitted, heldBy } = hold('working');
    actor.send({ type: 'PAUSE', by: 'run' });
    expect(heldBy()).toBe('run');
    actor.send({ type: 'PAUSE', by: 'human' });
    expect(heldBy()).toBe('human');
    actor.send({ type: 'RESUME', by: 'run' });
    expect(heldBy()).toBe('human');
    actor.send({ type: 'PAUSE', by: 'run' });
    expect(heldBy()).toBe('human');
    actor.send({ type: 'RESUME', by: 'human' });
    expect(heldBy()).toBe('free');
    expect(emitted).toEqual(['hold.pause', 'hold.resume']);
  });

  it("the run's PAUSE and RESUME hold and free an agent it paused", () => {
    const { actor, emitted, heldBy } = hold('working');
    actor.send({ type: 'PAUSE', by: 'run' });
    actor.send({ type: 'RESUME', by: 'run' });
    expect(heldBy()).toBe('free');
    expect(emitted).toEqual(['hold.pause', 'hold.resume']);
  });

  it('an agent that cannot pause (idle, done) is not held', () => {
    const { actor, emitted, heldBy } = hold('idle');
    actor.send({ type: 'PAUSE', by: 'human' });
    actor.send({ type: 'PAUSE', by: 'run' });
    expect(heldBy()).toBe('free');
    expect(emitted).toEqual([]);
  });

  it('an agent a restart paused: the person’s pause makes it theirs, the run’s changes nothing, either RESUME frees it', () => {
    const paused = hold('paused');
    paused.actor.send({ type: 'PAUSE', by: 'run' });
    expect(paused.heldBy()).toBe('free');
    paused.actor.send({ type: 'RESUME', by: 'run' });
    expect(paused.emitted).toEqual(['hold.resume']);
    const theirs = hold('paused');
    theirs.actor.send({ type: 'PAUSE', by: 'human' });
    expect(theirs.heldBy()).toBe('human');
    expect(theirs.emitted).toEqual([]);
  });

  it('comes back held by whoever held it, and a pause that ended some other way is released', () => {
    const { actor, heldBy } = hold('paused', 'human');
    expect(heldBy()).toBe('human');
    actor.send({ type: 'RESUME', by: 'run' });
    expect(heldBy()).toBe('human');
    actor.send({ type: 'RELEASED' });
    expect(heldBy()).toBe('free');
    expect(hold('paused', 'run').heldBy()).toBe('run');
  });
});
