import { assign } from 'xstate';
import { endingStates } from './gate-states.js';
import { followUpText } from './review.js';
import { initialWorkflowContext, nextStep, stepInput, summaryOf, workflowSetup } from './workflow-setup.js';

/** solo: one developer does the task in its worktree, then the human gate. */

const developer = 'developer';
const worktree = 'main';

export const soloWorkflow = workflowSetup
  .extend({
    actions: {
      startDeveloper: assign(({ context }) => nextStep(context, { agent: developer, role: 'developer', worktree, message: context.task })),
      gateDone: assign(({ context }) => {
        const summary = summaryOf(context.outputs[developer]);
        return { gate: { reason: summary ? `The developer finished: ${summary}` : 'The developer finished.', escalated: false, candidates: [worktree] } };
      }),
      sendFollowUp: assign(({ context, event }) => {
        const text = followUpText(event, context.round);
        if (text === undefined) return {};
        return { ...nextStep(context, { agent: developer, role: 'developer', worktree, message: text }), gate: null, keptGate: context.gate };
      }),
    },
  })
  .createMachine({
    id: 'solo',
    description: 'One developer does the task, then the human gate.',
    context: ({ input }) => initialWorkflowContext('solo', input),
    initial: 'preparing',
    on: {
      PAUSE: { guard: ({ context }) => !context.paused, actions: ['markPaused', 'pauseAgents'] },
      RESUME: { guard: 'isPaused', actions: ['markResumed', 'resumeAgents'] },
      CANCEL: { target: '.cancelled', actions: 'cancelAgents' },
    },
    states: {
      preparing: {
        description: "Creates the developer's worktree.",
        invoke: {
          src: 'prepareWorktrees',
          input: { keys: [worktree] },
          onDone: { target: 'developing', actions: 'startDeveloper' },
          onError: { target: 'failed', actions: { type: 'rememberFailure', params: { state: 'preparing' } } },
        },
      },
      developing: {
        description: 'The developer works on the task (or a follow-up).',
        invoke: { src: 'agentStep', input: ({ context }) => stepInput(context, context.current) },
        on: {
          'agent.step.done': { target: 'gate', actions: ['recordOutput', 'gateDone'] },
          'agent.step.failed': { target: 'failed', actions: { type: 'rememberFailure', params: { state: 'developing' } } },
        },
      },
      ...endingStates({ followUp: { target: 'developing', actions: ['sendFollowUp'] }, retry: ['preparing', 'developing', 'merging', 'discarding'] }),
    },
  });

export type SoloWorkflow = typeof soloWorkflow;
