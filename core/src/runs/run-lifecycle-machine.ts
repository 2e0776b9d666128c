import { assign, enqueueActions, fromPromise, setup, type Actor, type AnyActorLogic } from 'xstate';
import { toErrorData, type ErrorData } from '../errors.js';

/**
 * The run as a statechart (pure): the root of the run's one actor system. It invokes the run's
 * workflow (child `workflow`) and spawns the run's agents as its children (ids = agent ids), so
 * `@statelyai/inspect` shows a run as one tree. Its own states: `restoring` until the run manager
 * has brought the agents back (RESTORED); `interrupted` when the run came back from a restart
 * mid-step — the workflow's effects wait — until RESUME; `going`, where an agent step may be
 * `queued` for a scheduler slot, with the reason the card shows, or a new worktree is `settingUp`;
 * `finished` when the workflow reached its end; `broken` if the workflow actor itself failed. The
 * run's status reads these states' tags and their context, not flags.
 */

export interface RunLifecycleInput {
  /** What the workflow starts from (its persisted snapshot, when there is one, is in its logic). */
  workflowInput: unknown;
}

export interface RunLifecycleContext {
  workflowInput: unknown;
  /** The agent step waiting for a scheduler slot, and why (plain words). */
  queued: { agent: string; reason: string } | null;
  /** The worktree whose setup script runs, and the script. */
  setup: { worktree: string; script: string } | null;
  /** Why the workflow actor stopped, when it failed (not a failed step: a step's failure is the workflow's own state). */
  broken: ErrorData | null;
}

export type RunLifecycleTag = 'restoring' | 'interrupted' | 'queued' | 'settingUp' | 'finished' | 'broken';

export type RunLifecycleEvent =
  /** The agents are back from the store: whether the run was cut off in the middle of a step. */
  | { type: 'RESTORED'; interrupted: boolean }
  /** Go on after an interruption. */
  | { type: 'RESUME' }
  /** An agent step waits for a scheduler slot. */
  | { type: 'QUEUED'; agent: string; reason: string }
  /** The waiting step got its slot. */
  | { type: 'SLOT_GRANTED' }
  /** A new worktree's setup script started. */
  | { type: 'SETUP_STARTED'; worktree: string; script: string }
  /** It ended (succeeded, failed or was stopped). */
  | { type: 'SETUP_ENDED' }
  /**
   * Makes an agent a child of the run (the run layer's agent host sends it): its logic, bound to
   * its model, tools and worktree — with its persisted snapshot when it comes back from the store.
   */
  | { type: 'agent.spawn'; id: string; logic: AnyActorLogic; input: unknown }
  /** Stops the agent child. */
  | { type: 'agent.stop'; id: string };

function unprovidedWorkflow() {
  return fromPromise<unknown, unknown>(async () => {
    throw new Error('The run machine needs its workflow (bind it with runLifecycleMachine.provide({ actors: { workflow } }))');
  }) as AnyActorLogic;
}

export const runLifecycleMachine = setup({
  types: {} as { input: RunLifecycleInput; context: RunLifecycleContext; events: RunLifecycleEvent; tags: RunLifecycleTag },
  actors: { workflow: unprovidedWorkflow() },
  guards: {
    cameBackMidStep: ({ event }) => event.type === 'RESTORED' && event.interrupted,
    workflowFailed: ({ event }) => (event as { type: string }).type === 'xstate.error.actor.workflow',
  },
  actions: {
    rememberQueued: assign({ queued: ({ event }) => (event.type === 'QUEUED' ? { agent: event.agent, reason: event.reason } : null) }),
    forgetQueued: assign({ queued: null }),
    rememberSetup: assign({ setup: ({ event }) => (event.type === 'SETUP_STARTED' ? { worktree: event.worktree, script: event.script } : null) }),
    forgetSetup: assign({ setup: null }),
    rememberBroken: assign({ broken: ({ event }) => toErrorData((event as { error?: unknown }).error) }),
    spawnAgent: enqueueActions(({ enqueue, event }) => {
      // The agent's logic is its own (bound to its model, tools and worktree), not one of the machine's named actors.
      const spawnChild = enqueue.spawnChild as unknown as (logic: AnyActorLogic, options: { id: string; systemId: string; input: unknown }) => void;
      if (event.type === 'agent.spawn') spawnChild(event.logic, { id: event.id, systemId: event.id, input: event.input });
    }),
    stopAgent: enqueueActions(({ enqueue, event }) => {
      if (event.type === 'agent.stop') enqueue.stopChild(event.id);
    }),
  },
}).createMachine({
  id: 'run',
  description: "A run: the root of its actor system. It invokes the workflow and spawns the agents; interrupted by a restart, or going (working, setting up a worktree, or queued for a slot); finished with the workflow.",
  context: ({ input }) => ({ workflowInput: input.workflowInput, queued: null, setup: null, broken: null }),
  invoke: { id: 'workflow', systemId: 'workflow', src: 'workflow', input: ({ context }: { context: RunLifecycleContext }) => context.workflowInput, onDone: '.finished' },
  on: {
    'agent.spawn': { actions: 'spawnAgent' },
    'agent.stop': { actions: 'stopAgent' },
    // A child actor that failed (not a failed step, which is the workflow's own state): the
    // workflow's failure ends the run here; an agent's is its own snapshot's, read by its host.
    'xstate.error.actor.*': [{ guard: 'workflowFailed', target: '.broken', actions: 'rememberBroken' }, {}],
  },
  initial: 'restoring',
  states: {
    restoring: {
      description: 'The run manager brings the agents back from the store; nothing runs yet.',
      tags: ['restoring'],
      on: { RESTORED: [{ guard: 'cameBackMidStep', target: 'interrupted' }, { target: 'going' }] },
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
    finished: {
      description: 'The workflow reached its end (merged, discarded or cancelled); the agents stay as they are.',
      tags: ['finished'],
    },
    broken: {
      description: 'The workflow actor itself failed (a defect, not a failed step): its error is in the activity log.',
      tags: ['broken'],
    },
  },
});

export type RunLifecycleActor = Actor<typeof runLifecycleMachine>;
