import { assign } from 'xstate';
import { endingStates } from './gate-states.js';
import { followUpText, reviewSchema } from './review.js';
import { initialWorkflowContext, nextStep, stepInput, summaryOf, workflowSetup } from './workflow-setup.js';
import type { PipelineStep, WorkflowContext } from './workflow-types.js';

/**
 * pipeline: ordered persona steps in one worktree (default planner → developer → tester →
 * reviewer); each step sees the task and the earlier steps' outputs. Then the human gate; a
 * FOLLOW_UP goes to the developer's conversation and the steps after it run again.
 */

export const defaultPipelineSteps: readonly PipelineStep[] = [{ role: 'planner' }, { role: 'developer' }, { role: 'tester' }, { role: 'reviewer' }];

const worktree = 'main';
const stepKey = (index: number) => `step-${index + 1}`;

function outputText(result: unknown): string {
  const review = reviewSchema.safeParse(result);
  if (review.success) {
    const findings = review.data.findings.map((finding) => `  - [${finding.severity}] ${finding.file}${finding.line ? `:${finding.line}` : ''} ${finding.message}`);
    return [`verdict ${review.data.verdict}${review.data.summary ? `: ${review.data.summary}` : ''}`, ...findings].join('\n');
  }
  return summaryOf(result) ?? JSON.stringify(result ?? null);
}

function stepMessage(context: WorkflowContext, index: number): string {
  const earlier = context.steps.slice(0, index).map((step, position) => `${position + 1}. ${step.role} (${stepKey(position)}): ${outputText(context.outputs[stepKey(position)])}`);
  const parts = [`The card:\n\n${context.task}`];
  if (earlier.length > 0) parts.push(`What the earlier steps produced:\n${earlier.join('\n')}`);
  parts.push(`You are step ${index + 1} of ${context.steps.length} (${context.steps[index]!.role}).`);
  return parts.join('\n\n');
}

function stepAt(context: WorkflowContext, index: number) {
  const step = context.steps[index]!;
  const next = nextStep(context, { agent: stepKey(index), role: step.role, worktree, message: stepMessage(context, index) });
  if (step.persona !== undefined) next.current.persona = step.persona;
  return { ...next, stepIndex: index };
}

export const pipelineWorkflow = workflowSetup
  .extend({
    actions: {
      startFirstStep: assign(({ context }) => stepAt(context, 0)),
      startNextStep: assign(({ context }) => stepAt(context, context.stepIndex + 1)),
      gateDone: assign(({ context }) => {
        const last = context.steps.length - 1;
        return { gate: { reason: `The pipeline finished (${context.steps.map((step) => step.role).join(' → ')}); last step: ${outputText(context.outputs[stepKey(last)])}`, escalated: false, candidates: [worktree] } };
      }),
      sendFollowUp: assign(({ context, event }) => {
        const text = followUpText(event, context.round);
        if (text === undefined) return {};
        const developer = context.steps.findIndex((step) => step.role === 'developer');
        const index = developer >= 0 ? developer : 0;
        // The developer continues its conversation; the steps after it (tester, reviewer) run again.
        return { ...nextStep(context, { agent: stepKey(index), role: context.steps[index]!.role, worktree, message: text }), stepIndex: index, gate: null, keptGate: context.gate };
      }),
    },
    guards: {
      moreSteps: ({ context }) => context.stepIndex + 1 < context.steps.length,
    },
  })
  .createMachine({
    id: 'pipeline',
    description: 'Ordered persona steps, each seeing the earlier outputs, then the human gate.',
    context: ({ input }) => {
      const context = initialWorkflowContext('pipeline', input);
      return { ...context, steps: context.steps.length > 0 ? context.steps : [...defaultPipelineSteps] };
    },
    initial: 'preparing',
    on: {
      PAUSE: { guard: ({ context }) => !context.paused, actions: ['markPaused', 'pauseAgents'] },
      RESUME: { guard: 'isPaused', actions: ['markResumed', 'resumeAgents'] },
      CANCEL: { target: '.cancelled', actions: 'cancelAgents' },
    },
    states: {
      preparing: {
        invoke: {
          src: 'prepareWorktrees',
          input: { keys: [worktree] },
          onDone: { target: 'stepping', actions: 'startFirstStep' },
          onError: { target: 'failed', actions: { type: 'rememberFailure', params: { state: 'preparing' } } },
        },
      },
      stepping: {
        description: 'The current persona step works; the next one gets its output.',
        invoke: { src: 'agentStep', input: ({ context }) => stepInput(context, context.current) },
        on: {
          'agent.step.done': [
            { guard: 'moreSteps', target: 'stepping', reenter: true, actions: ['recordOutput', 'startNextStep'] },
            { target: 'gate', actions: ['recordOutput', 'gateDone'] },
          ],
          'agent.step.failed': { target: 'failed', actions: { type: 'rememberFailure', params: { state: 'stepping' } } },
        },
      },
      ...endingStates({ followUp: { target: 'stepping', actions: ['sendFollowUp'] }, retry: ['preparing', 'stepping', 'merging', 'discarding'] }),
    },
  });

export type PipelineWorkflow = typeof pipelineWorkflow;
