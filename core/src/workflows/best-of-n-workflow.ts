import { assign, emit } from 'xstate';
import { candidateLabel } from './candidate-label.js';
import { judgementSchema } from './submit-judgement-tool.js';
import { followUpText } from './review.js';
import { chosenCandidate, initialWorkflowContext, nextStep, stepInput, workflowSetup } from './workflow-setup.js';
import type { CurrentStep, Judgement, ParallelStepsOutput, WorkflowContext } from './workflow-types.js';

/**
 * best-of-N: N developers work on the same task in parallel, each in its own worktree; a judge
 * sees their diffs and recommends one with `submit_judgement`; the human picks (the judge's pick
 * pre-selected). Merging one keeps the other worktrees: they stay until the human discards them
 * (DISCARD with a candidate removes that one — snapshot-committed, branch kept — and the gate stays
 * open while candidates remain). "Open pull request" pushes the chosen candidate's branch and opens
 * its pull request; the other candidates stay at the gate's side until discarded.
 */

const candidateKey = (index: number) => `candidate-${index + 1}`;
const developerKey = (index: number) => `developer-${index + 1}`;

function candidatesOf(context: WorkflowContext, input: { candidates?: number }): string[] {
  return Array.from({ length: Math.max(1, input.candidates ?? 3) }, (_, index) => candidateKey(index));
}

function judgeMessage(context: WorkflowContext): string {
  return [
    `Several developers implemented the same card independently:\n\n${context.task}`,
    `The candidates are: ${context.candidates.join(', ')}. Their diffs follow.`,
    'Compare them and call `submit_judgement` with the candidate you recommend and a reason for each.',
  ].join('\n\n');
}

export const bestOfNWorkflow = workflowSetup
  .extend({
    actions: {
      startDevelopers: assign(({ context }) => {
        let counter = context.stepCounter;
        const parallel: CurrentStep[] = context.candidates.map((worktree, index) => {
          counter += 1;
          const step: CurrentStep = { stepId: `${developerKey(index)}#${counter}`, agent: developerKey(index), role: 'developer', worktree, message: context.task };
          if (context.personas.developer !== undefined) step.persona = context.personas.developer;
          return step;
        });
        return { parallel, stepCounter: counter };
      }),
      recordDevelopers: assign(({ context, event }) => {
        const output = (event as { output?: ParallelStepsOutput }).output;
        const outputs = { ...context.outputs };
        for (const step of output?.outputs ?? []) outputs[step.agent] = step.result;
        return { outputs, parallel: [], attempt: 0 };
      }),
      askJudge: assign(({ context }) => nextStep(context, { agent: 'judge', role: 'judge', worktree: context.candidates[0]!, message: judgeMessage(context) })),
      gateJudged: assign(({ context, event }) => {
        const parsed = judgementSchema.safeParse((event as { output?: { result?: unknown } }).output?.result);
        const judgement: Judgement | undefined = parsed.success && context.candidates.includes(parsed.data.recommended) ? parsed.data : undefined;
        const gate = {
          reason: judgement ? `The judge recommends ${candidateLabel(judgement.recommended)}.` : 'The judge gave no valid recommendation: pick a candidate.',
          escalated: judgement === undefined,
          candidates: context.candidates,
          ...(judgement ? { recommended: judgement.recommended, reasons: judgement.reasons } : {}),
        };
        return { gate, current: null, attempt: 0, outputs: { ...context.outputs, judge: judgement ?? null } };
      }),
      emitJudgement: emit(({ context }) => ({
        type: 'judgement.submitted' as const,
        judgement: { recommended: context.gate?.recommended ?? '', reasons: context.gate?.reasons ?? [] },
      })),
      sendFollowUp: assign(({ context, event }) => {
        const text = followUpText(event, context.round);
        if (text === undefined || (event.type !== 'FOLLOW_UP' && event.type !== 'HUMAN_REVIEW')) return {};
        const candidate = chosenCandidate(context, event) ?? context.candidates[0]!;
        const index = context.candidates.indexOf(candidate);
        return nextStep(context, { agent: developerKey(index), role: 'developer', worktree: candidate, message: text });
      }),
      markDiscarding: assign(({ context, event }) => {
        if (event.type !== 'DISCARD') return {};
        const remaining = context.gate?.candidates ?? [];
        const targets = event.candidate === undefined ? remaining : [event.candidate];
        return { discarded: [...context.discarded, ...targets] };
      }),
      dropDiscarded: assign(({ context }) => {
        if (!context.gate) return {};
        const candidates = context.gate.candidates.filter((candidate) => !context.discarded.includes(candidate));
        const gate = { ...context.gate, candidates };
        if (gate.recommended !== undefined && !candidates.includes(gate.recommended)) delete gate.recommended;
        return { gate };
      }),
    },
    guards: {
      candidatesRemain: ({ context }) => (context.gate?.candidates ?? []).some((candidate) => !context.discarded.includes(candidate)),
    },
  })
  .createMachine({
    id: 'bestOfN',
    description: 'N developers in parallel, a judge recommends one, the human picks.',
    context: ({ input }) => {
      const context = initialWorkflowContext('best-of-n', input);
      return { ...context, candidates: candidatesOf(context, input) };
    },
    initial: 'preparing',
    on: {
      PAUSE: { guard: ({ context }) => !context.paused, actions: ['markPaused', 'pauseAgents'] },
      RESUME: { guard: 'isPaused', actions: ['markResumed', 'resumeAgents'] },
      CANCEL: { target: '.cancelled', actions: 'cancelAgents' },
    },
    states: {
      preparing: {
        description: 'Creates one worktree per candidate.',
        invoke: {
          src: 'prepareWorktrees',
          input: ({ context }) => ({ keys: context.candidates }),
          onDone: { target: 'developing', actions: 'startDevelopers' },
          onError: { target: 'failed', actions: { type: 'rememberFailure', params: { state: 'preparing' } } },
        },
      },
      developing: {
        description: 'The developers work in parallel, each in its own worktree.',
        invoke: { src: 'parallelAgentSteps', input: ({ context }) => ({ steps: context.parallel.map((step) => stepInput(context, step)) }) },
        on: {
          'agent.steps.done': { target: 'judging', actions: ['recordDevelopers', 'askJudge'] },
          'agent.step.failed': { target: 'failed', actions: { type: 'rememberFailure', params: { state: 'developing' } } },
        },
      },
      judging: {
        description: "The judge compares the candidates' diffs and calls submit_judgement.",
        invoke: { src: 'agentStep', input: ({ context }) => ({ ...stepInput(context, context.current), compare: context.candidates }) },
        on: {
          'agent.step.done': { target: 'gate', actions: ['gateJudged', 'emitJudgement'] },
          'agent.step.failed': { target: 'failed', actions: { type: 'rememberFailure', params: { state: 'judging' } } },
        },
      },
      gate: {
        description: "The human picks a candidate (the judge's pick pre-selected), discards, follows up, or opens a pull request. A follow-up's work for an open pull request goes straight to it.",
        tags: ['atGate', 'needsYou'],
        entry: 'emitGateOpened',
        always: { guard: 'pullRequestFollowed', target: 'openingPullRequest' },
        on: {
          MERGE: { guard: 'knownCandidate', target: 'merging', actions: 'recordMerged' },
          DISCARD: { guard: 'knownCandidate', target: 'discarding', actions: 'markDiscarding' },
          FOLLOW_UP: { guard: 'knownCandidate', target: 'followingUp', actions: 'sendFollowUp' },
          HUMAN_REVIEW: { guard: 'knownCandidate', target: 'followingUp', actions: ['recordHumanReview', 'sendFollowUp'] },
          OPEN_PULL_REQUEST: { guard: 'knownCandidate', target: 'openingPullRequest', actions: 'recordPullRequestRequest' },
        },
      },
      openingPullRequest: {
        tags: ['atGate', 'openingPullRequest'],
        description: "Commits what is left in the chosen candidate's worktree, pushes its branch with the user's own git credentials and opens its pull request (or updates the open one).",
        invoke: {
          src: 'openPullRequest',
          input: ({ context }) => context.pullRequestRequest ?? { candidate: context.pullRequest?.candidate ?? chosenCandidate(context, { type: 'OPEN_PULL_REQUEST' }) ?? '' },
          onDone: { target: 'pullRequestOpen', actions: 'recordPullRequest' },
          onError: { target: 'failed', actions: { type: 'rememberFailure', params: { state: 'openingPullRequest' } } },
        },
      },
      pullRequestOpen: {
        tags: ['atGate', 'pullRequestOpen'],
        description: "The chosen candidate's pull request is open on GitHub: its checks and review comments are followed; merged on GitHub, the run is done (the other worktrees are kept).",
        invoke: {
          src: 'followPullRequest',
          input: ({ context }) => ({ candidate: context.pullRequest?.candidate ?? '', number: context.pullRequest?.number ?? 0 }),
          onDone: [
            { guard: 'pullRequestMerged', target: 'merged', actions: 'recordMergedOnGitHub' },
            { target: 'gate', actions: 'forgetPullRequest' },
          ],
          onError: { target: 'failed', actions: { type: 'rememberFailure', params: { state: 'pullRequestOpen' } } },
        },
        on: {
          MERGE: { guard: 'knownCandidate', target: 'merging', actions: ['forgetPullRequest', 'recordMerged'] },
          DISCARD: { guard: 'knownCandidate', target: 'discarding', actions: 'markDiscarding' },
          FOLLOW_UP: { guard: 'knownCandidate', target: 'followingUp', actions: 'sendFollowUp' },
          HUMAN_REVIEW: { guard: 'knownCandidate', target: 'followingUp', actions: ['recordHumanReview', 'sendFollowUp'] },
        },
      },
      followingUp: {
        description: 'The chosen candidate\'s developer continues its conversation.',
        invoke: { src: 'agentStep', input: ({ context }) => stepInput(context, context.current) },
        on: {
          'agent.step.done': { target: 'gate', actions: 'recordOutput' },
          'agent.step.failed': { target: 'failed', actions: { type: 'rememberFailure', params: { state: 'followingUp' } } },
        },
      },
      merging: {
        tags: ['settling'],
        invoke: {
          src: 'mergeCandidate',
          input: ({ context }) => ({ candidate: context.merged ?? context.gate?.candidates[0] ?? '' }),
          onDone: [{ guard: 'mergeConflicted', target: 'gate', actions: 'recordConflict' }, { target: 'merged' }],
          onError: { target: 'failed', actions: { type: 'rememberFailure', params: { state: 'merging' } } },
        },
      },
      discarding: {
        tags: ['settling'],
        invoke: {
          src: 'discardCandidates',
          input: ({ context }) => ({ candidates: context.discarded }),
          onDone: [{ guard: 'candidatesRemain', target: 'gate', actions: 'dropDiscarded' }, { target: 'discarded', actions: 'dropDiscarded' }],
          onError: { target: 'failed', actions: { type: 'rememberFailure', params: { state: 'discarding' } } },
        },
      },
      failed: {
        tags: ['failed'],
        description: 'A step failed; RETRY runs it again, CANCEL ends the run; after a failed follow-up the candidates can still be merged or discarded.',
        entry: 'emitFailure',
        on: {
          RETRY: ['preparing', 'developing', 'judging', 'followingUp', 'merging', 'discarding', 'openingPullRequest', 'pullRequestOpen'].map((state) => ({ guard: { type: 'failedAt' as const, params: { state } }, target: state, actions: 'prepareRetry' as const })),
          MERGE: { guard: 'gateKept', target: 'merging', actions: ['leaveFailure', 'recordMerged'] },
          DISCARD: { guard: 'gateKept', target: 'discarding', actions: ['leaveFailure', 'markDiscarding'] },
        },
      },
      merged: { type: 'final', tags: ['finished', 'merged'], description: 'One candidate merged; the other worktrees are kept.' },
      discarded: { type: 'final', tags: ['finished', 'discarded'] },
      cancelled: { type: 'final', tags: ['finished', 'cancelled'] },
    },
  });

export type BestOfNWorkflow = typeof bestOfNWorkflow;
