import { assign, setup, type Actor } from 'xstate';

/**
 * A run's own lifecycle around its workflow (pure): a run that came back from a restart mid-step
 * is `interrupted` — its workflow's effects wait — until RESUME; otherwise it is `going`, where an
 * agent step may be `queued` for a scheduler slot, with the reason the card shows, or a new
 * worktree is `settingUp` (the project's setup script runs between the worktree's creation and
 * the first agent turn). The run's status reads these states' tags (`interrupted`, `queued`,
 * `settingUp`) and their context, not flags.
 */

export interface RunLifecycleInput {
  /** The run came back from a restart in the middle of a step. */
  interrupted: boolean;
}

export interface RunLifecycleContext {
  interruptedAtStart: boolean;
  /** The agent step waiting for a scheduler slot, and why (plain words). */
  queued: { agent: string; reason: string } | null;
  /** The worktree whose setup script runs, and the script. */
  setup: { worktree: string; script: string } | null;
}

export type RunLifecycleEvent =
  /** Go on after an interruption. */
  | { type: 'RESUME' }
  /** An agent step waits for a scheduler slot. */
  | { type: 'QUEUED'; agent: string; reason: string }
  /** The waiting step got its slot. */
  | { type: 'SLOT_GRANTED' }
  /** A new worktree's setup script started. */
  | { type: 'SETUP_STARTED'; worktree: string; script: string }
  /** It ended (succeeded, failed or was stopped). */
  | { type: 'SETUP_ENDED' };

export const runLifecycleMachine = setup({
  types: {} as { input: RunLifecycleInput; context: RunLifecycleContext; events: RunLifecycleEvent; tags: 'interrupted' | 'queued' | 'settingUp' },
  guards: {
    cameBackMidStep: ({ context }) => context.interruptedAtStart,
  },
  actions: {
    rememberQueued: assign({ queued: ({ event }) => (event.type === 'QUEUED' ? { agent: event.agent, reason: event.reason } : null) }),
    forgetQueued: assign({ queued: null }),
    rememberSetup: assign({ setup: ({ event }) => (event.type === 'SETUP_STARTED' ? { worktree: event.worktree, script: event.script } : null) }),
    forgetSetup: assign({ setup: null }),
  },
}).createMachine({
  id: 'run',
  description: "A run's lifecycle around its workflow: interrupted by a restart, or going (working, or queued for a slot).",
  context: ({ input }) => ({ interruptedAtStart: input.interrupted, queued: null, setup: null }),
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
          on: {
            QUEUED: { target: 'queued', actions: 'rememberQueued' },
            SETUP_STARTED: { target: 'settingUp', actions: 'rememberSetup' },
          },
        },
        settingUp: {
          description: "A new worktree's setup script runs (its output streams to the card).",
          tags: ['settingUp'],
          on: { SETUP_ENDED: { target: 'working', actions: 'forgetSetup' } },
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
