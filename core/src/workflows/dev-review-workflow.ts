import { assign, emit } from 'xstate';
import { findingsMessage, followUpText, recurringFindings, reviewRequestMessage, reviewSchema, type RecordedReview } from './review.js';
import { endingStates } from './gate-states.js';
import { initialWorkflowContext, nextStep, stepInput, summaryOf, workflowSetup } from './workflow-setup.js';
import type { AgentStepOutput, WorkflowContext } from './workflow-types.js';

/**
 * dev ⇄ review: the developer works → the reviewer reviews read-only and answers with
 * `submit_review` → on request_changes the findings go back to the SAME developer conversation →
 * repeat until approved or the round limit; a finding that recurs across rounds escalates to the
 * human. Ends at the human gate (merge, discard, follow up — a follow-up is reviewed again).
 */

const developer = 'developer';
const reviewer = 'reviewer';
const worktree = 'main';

function reviewOf(event: unknown): RecordedReview | undefined {
  const output = (event as { output?: AgentStepOutput }).output;
  const parsed = reviewSchema.safeParse(output?.result);
  return parsed.success ? { ...parsed.data, round: 0 } : undefined;
}

/**
 * The round limit counts the agents' rounds since the cycle started: a person's review or
 * follow-up at the gate starts a new cycle, so it is a round of its own (numbered with the rest)
 * but never one the developer and reviewer lose.
 */
function roundsLeft(context: WorkflowContext): boolean {
  return context.round - context.cycleStart < context.maxRounds;
}

function roundLimitReason(context: WorkflowContext): string {
  const rounds = context.round - context.cycleStart;
  const words = `${rounds} review round${rounds === 1 ? '' : 's'}`;
  if (context.cycleStart === 0) return `No approval after ${words} (the limit).`;
  const byPerson = context.reviews.some((review) => review.round === context.cycleStart && review.by === 'human');
  return `No approval after ${words} since your ${byPerson ? 'review' : 'follow-up'} (the limit).`;
}

export const devReviewWorkflow = workflowSetup
  .extend({
    actions: {
      startDeveloper: assign(({ context }) => nextStep(context, { agent: developer, role: 'developer', worktree, message: context.task })),
      askReviewer: assign(({ context }) => {
        const round = context.round + 1;
        const message = reviewRequestMessage(context.task, round, summaryOf(context.outputs[developer]));
        return nextStep(context, { agent: reviewer, role: 'reviewer', worktree, message });
      }),
      recordReview: assign(({ context, event }) => {
        const review = reviewOf(event) ?? { verdict: 'request_changes' as const, findings: [], round: 0, summary: 'The reviewer did not submit a valid review.' };
        const round = context.round + 1;
        return { round, reviews: [...context.reviews, { ...review, round }], current: null, attempt: 0 };
      }),
      emitReview: emit(({ context }) => {
        const latest = context.reviews.at(-1)!;
        return { type: 'review.submitted' as const, round: latest.round, review: latest, recurring: recurringFindings(context.reviews.slice(0, -1), latest).length };
      }),
      sendFindings: assign(({ context }) => nextStep(context, { agent: developer, role: 'developer', worktree, message: findingsMessage(context.reviews.at(-1)!, context.round) })),
      sendFollowUp: assign(({ context, event }) => {
        const text = followUpText(event, context.round);
        if (text === undefined) return {};
        return { ...nextStep(context, { agent: developer, role: 'developer', worktree, message: text }), gate: null, keptGate: context.gate, cycleStart: context.round };
      }),
      gateApproved: assign(({ context }) => ({ gate: { reason: `The reviewer approved in round ${context.round}.`, escalated: false, candidates: [worktree] } })),
      gateRecurring: assign(({ context }) => {
        const latest = context.reviews.at(-1)!;
        const recurring = recurringFindings(context.reviews.slice(0, -1), latest);
        const files = [...new Set(recurring.map((finding) => finding.file))].join(', ');
        return { gate: { reason: `A finding keeps coming back (${files}) after ${context.round} rounds: the developer and reviewer disagree.`, escalated: true, candidates: [worktree] } };
      }),
      gateRoundLimit: assign(({ context }) => ({ gate: { reason: roundLimitReason(context), escalated: true, candidates: [worktree] } })),
    },
    guards: {
      approved: ({ context }) => context.reviews.at(-1)?.verdict === 'approve',
      findingRecurs: ({ context }) => {
        const latest = context.reviews.at(-1);
        return latest !== undefined && recurringFindings(context.reviews.slice(0, -1), latest).length > 0;
      },
      roundsLeft: ({ context }) => roundsLeft(context),
    },
  })
  .createMachine({
    id: 'devReview',
    description: 'Developer ⇄ reviewer until approved or the round limit, then the human gate.',
    context: ({ input }) => initialWorkflowContext('dev-review', input),
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
        description: 'The developer works (the task, then findings or follow-ups in the same conversation).',
        invoke: { src: 'agentStep', input: ({ context }) => stepInput(context, context.current) },
        on: {
          'agent.step.done': { target: 'reviewing', actions: ['recordOutput', 'askReviewer'] },
          'agent.step.failed': { target: 'failed', actions: { type: 'rememberFailure', params: { state: 'developing' } } },
        },
      },
      reviewing: {
        description: 'The reviewer reads the diff (read-only) and calls submit_review.',
        invoke: { src: 'agentStep', input: ({ context }) => stepInput(context, context.current) },
        on: {
          'agent.step.done': { target: 'verdict', actions: ['recordReview', 'emitReview'] },
          'agent.step.failed': { target: 'failed', actions: { type: 'rememberFailure', params: { state: 'reviewing' } } },
        },
      },
      verdict: {
        description: 'Approved → gate; a recurring finding or the round limit (counted since your last review or follow-up) → gate (escalated); else back to the developer.',
        always: [
          { guard: 'approved', target: 'gate', actions: 'gateApproved' },
          { guard: 'findingRecurs', target: 'gate', actions: 'gateRecurring' },
          { guard: 'roundsLeft', target: 'developing', actions: 'sendFindings' },
          { target: 'gate', actions: 'gateRoundLimit' },
        ],
      },
      ...endingStates({ followUp: { target: 'developing', actions: ['sendFollowUp'] }, retry: ['preparing', 'developing', 'reviewing', 'merging', 'discarding'] }),
    },
  });

export type DevReviewWorkflow = typeof devReviewWorkflow;
