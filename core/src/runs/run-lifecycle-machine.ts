import { assign, setup, type Actor } from 'xstate';

/**
 * A run's own lifecycle around its workflow (pure): a run that came back from a restart mid-step
 * is `interrupted` — its workflow's effects wait — until RESUME; otherwise it is `going`, where an
 * agent step may be `queued` for a scheduler slot, with the reason the card shows. The run's status
 * reads these states' tags (`interrupted`, `queued`) and the queued reason, not flags.
 */

export interface RunLifecycleInput {
  /** The run came back from a restart in the middle of a step. */
  interrupted: boolean;
}

export interface RunLifecycleContext {
  interruptedAtStart: boolean;
  /** The agent step waiting for a scheduler slot, and why (plain words). */
  queued: { agent: string; reason: string } | null;
}

export type RunLifecycleEvent =
  /** Go on after an interruption. */
  | { type: 'RESUME' }
  /** An agent step waits for a scheduler slot. */
  | { type: 'QUEUED'; agent: string; reason: string }
  /** The waiting step got its slot. */
  | { type: 'SLOT_GRANTED' };

export const runLifecycleMachine = setup({
  types: {} as { input: RunLifecycleInput; context: RunLifecycleContext; events: RunLifecycleEvent; tags: 'interrupted' | 'queued' },
  guards: {
    cameBackMidStep: ({ context }) => context.interruptedAtStart,
  },
  actions: {
    rememberQueued: assign({ queued: ({ event }) => (event.type === 'QUEUED' ? { agent: event.agent, reason: event.reason } : null) }),
    forgetQueued: assign({ queued: null }),
  },
}).createMachine({
  id: 'run',
  description: "A run's lifecycle around its workflow: interrupted by a restart, or going (working, or queued for a slot).",
  context: ({ input }) => ({ interruptedAtStart: input.interrupted, queued: null }),
  initial: 'restoring',
  states: {
    restoring: {
      always: [{ guard: 'cameBackMidStep', target: 'interrupted' }, { target: 'going' }],
    },
    interrupted: {
      description: 'Back from a restart mid-step: nothing runs until RESUME (or at once with resumeInterrupted: automatic).',
      tags: ['interrupted'],
      on: { RESUME: 'going' },
    },
    going: {
      initial: 'working',
      states: {
        working: {
          on: { QUEUED: { target: 'queued', actions: 'rememberQueued' } },
        },
        queued: {
          description: 'An agent step waits for a scheduler slot (the reason is on the card).',
          tags: ['queued'],
          on: {
            QUEUED: { actions: 'rememberQueued' },
            SLOT_GRANTED: { target: 'working', actions: 'forgetQueued' },
          },
        },
      },
    },
  },
});

export type RunLifecycleActor = Actor<typeof runLifecycleMachine>;
