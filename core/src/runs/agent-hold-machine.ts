import { and, emit, setup, type Actor } from 'xstate';

/**
 * Who holds an agent paused, as a statechart (pure): `free`, or `held` by the run (its PAUSE, for
 * all its agents) or by the person (this agent alone). The run's RESUME frees only what the run
 * held: an agent the person paused on its own stays `heldByHuman` until the person resumes it. The
 * agent itself pauses and resumes on what this machine emits (`hold.pause`, `hold.resume`), which
 * its host passes on after the transition; a pause that ends some other way (the agent finished,
 * failed or was cancelled) is RELEASED. The state is kept with the agent's snapshot.
 */

/** Who paused an agent: the person, for this agent alone, or the run (its PAUSE, for all its agents). */
export type PausedBy = 'human' | 'run';

export interface AgentHoldInput {
  /** Who held it when its snapshot was written (absent: nobody). */
  heldBy?: PausedBy | undefined;
  /** Whether the agent can take PAUSE now (working), and whether it is paused already. */
  agent: { canPause: () => boolean; paused: () => boolean };
}

export type AgentHoldEvent =
  | { type: 'PAUSE'; by: PausedBy }
  | { type: 'RESUME'; by: PausedBy }
  /** The agent is no longer paused or pausing, though nobody resumed it (it finished, failed or was cancelled). */
  | { type: 'RELEASED' };

export type AgentHoldEmitted = { type: 'hold.pause' } | { type: 'hold.resume' };

export const agentHoldMachine = setup({
  types: {} as {
    input: AgentHoldInput;
    context: { heldAtStart: PausedBy | undefined; agent: AgentHoldInput['agent'] };
    events: AgentHoldEvent;
    emitted: AgentHoldEmitted;
    tags: 'held' | 'heldByHuman' | 'heldByRun';
  },
  guards: {
    byHuman: ({ event }) => 'by' in event && event.by === 'human',
    heldByHumanAtStart: ({ context }) => context.heldAtStart === 'human',
    heldByRunAtStart: ({ context }) => context.heldAtStart === 'run',
    agentCanPause: ({ context }) => context.agent.canPause(),
    agentPaused: ({ context }) => context.agent.paused(),
  },
  actions: {
    pauseAgent: emit({ type: 'hold.pause' } as const),
    resumeAgent: emit({ type: 'hold.resume' } as const),
  },
}).createMachine({
  id: 'agentHold',
  description: "Who holds an agent paused: nobody, the run, or the person — the run's RESUME frees only what the run held.",
  context: ({ input }) => ({ heldAtStart: input.heldBy, agent: input.agent }),
  initial: 'restoring',
  states: {
    restoring: {
      always: [{ guard: 'heldByHumanAtStart', target: 'held.byHuman' }, { guard: 'heldByRunAtStart', target: 'held.byRun' }, { target: 'free' }],
    },
    free: {
      on: {
        PAUSE: [
          { guard: and(['agentCanPause', 'byHuman']), target: 'held.byHuman', actions: 'pauseAgent' },
          { guard: 'agentCanPause', target: 'held.byRun', actions: 'pauseAgent' },
          // Paused already (a restart paused it): the person's pause makes it theirs; the run's changes nothing.
          { guard: and(['agentPaused', 'byHuman']), target: 'held.byHuman' },
        ],
        RESUME: { guard: 'agentPaused', actions: 'resumeAgent' },
      },
    },
    held: {
      tags: ['held'],
      initial: 'byRun',
      on: { RELEASED: 'free' },
      states: {
        byRun: {
          description: 'Paused by the run: its RESUME (or the person) frees it.',
          tags: ['heldByRun'],
          on: {
            PAUSE: { guard: 'byHuman', target: 'byHuman' },
            RESUME: { target: '#agentHold.free', actions: 'resumeAgent' },
          },
        },
        byHuman: {
          description: 'Paused by the person for this agent alone: the run’s PAUSE and RESUME leave it as it is.',
          tags: ['heldByHuman'],
          on: { RESUME: { guard: 'byHuman', target: '#agentHold.free', actions: 'resumeAgent' } },
        },
      },
    },
  },
});

export type AgentHoldActor = Actor<typeof agentHoldMachine>;
