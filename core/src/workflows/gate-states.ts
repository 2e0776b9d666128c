import { chosenCandidate, discardTargets } from './workflow-setup.js';
import type { WorkflowContext } from './workflow-types.js';

/**
 * The states every workflow ends with: the human gate (MERGE, DISCARD, FOLLOW_UP,
 * HUMAN_REVIEW — a person's comments as findings, a review round —, OPEN_PULL_REQUEST), opening and following a pull request, merging,
 * discarding and the final outcomes, plus `failed` (RETRY returns to the failed step; when the run
 * had already reached the gate — a follow-up failed — MERGE and DISCARD of that gate's work stay
 * available) and `cancelled`. `followUp` is where FOLLOW_UP goes (the developer's step, with the action that
 * prepares the message). Typed as `object`: XState checks the names at runtime and the graph test
 * walks every transition. Their tags (`WorkflowTag`) are what the run layer reads.
 */
export function endingStates(options: { followUp: { target: string; actions: readonly unknown[] }; retry: readonly string[] }) {
  return {
    gate: {
      description: 'The human decides: merge, discard, open a pull request, or follow up with a new instruction. Work for an open pull request goes straight to it.',
      tags: ['atGate', 'needsYou'],
      entry: ['forgetKeptGate', 'emitGateOpened'],
      always: { guard: 'pullRequestFollowed', target: 'openingPullRequest' },
      on: {
        MERGE: { guard: 'knownCandidate', target: 'merging', actions: 'recordMerged' },
        DISCARD: { guard: 'knownCandidate', target: 'discarding', actions: 'recordDiscarded' },
        FOLLOW_UP: { guard: 'knownCandidate', target: options.followUp.target, actions: options.followUp.actions },
        HUMAN_REVIEW: { guard: 'knownCandidate', target: options.followUp.target, actions: ['recordHumanReview', ...options.followUp.actions] },
        OPEN_PULL_REQUEST: { guard: 'knownCandidate', target: 'openingPullRequest', actions: 'recordPullRequestRequest' },
      },
    },
    openingPullRequest: {
      tags: ['atGate', 'openingPullRequest'],
      description: "Commits what is left, pushes the branch with the user's own git credentials and opens its pull request (or updates the open one).",
      invoke: {
        src: 'openPullRequest',
        input: ({ context }: { context: WorkflowContext }) => context.pullRequestRequest ?? { candidate: context.pullRequest?.candidate ?? context.gate?.recommended ?? context.gate?.candidates[0] ?? '' },
        onDone: { target: 'pullRequestOpen', actions: 'recordPullRequest' },
        onError: { target: 'failed', actions: { type: 'rememberFailure', params: { state: 'openingPullRequest' } } },
      },
    },
    pullRequestOpen: {
      tags: ['atGate', 'pullRequestOpen'],
      description: "The pull request is open on GitHub: its checks and review comments are followed; a failure or a comment can go to the developer as a follow-up; merged on GitHub, the run is done.",
      invoke: {
        src: 'followPullRequest',
        input: ({ context }: { context: WorkflowContext }) => ({ candidate: context.pullRequest?.candidate ?? '', number: context.pullRequest?.number ?? 0 }),
        onDone: [
          { guard: 'pullRequestMerged', target: 'merged', actions: 'recordMergedOnGitHub' },
          { target: 'gate', actions: 'forgetPullRequest' },
        ],
        onError: { target: 'failed', actions: { type: 'rememberFailure', params: { state: 'pullRequestOpen' } } },
      },
      on: {
        MERGE: { guard: 'knownCandidate', target: 'merging', actions: ['forgetPullRequest', 'recordMerged'] },
        DISCARD: { guard: 'knownCandidate', target: 'discarding', actions: 'recordDiscarded' },
        FOLLOW_UP: { guard: 'knownCandidate', target: options.followUp.target, actions: options.followUp.actions },
        HUMAN_REVIEW: { guard: 'knownCandidate', target: options.followUp.target, actions: ['recordHumanReview', ...options.followUp.actions] },
      },
    },
    merging: {
      tags: ['settling'],
      invoke: {
        src: 'mergeCandidate',
        input: ({ context }: { context: WorkflowContext }) => ({ candidate: context.merged ?? context.gate?.candidates[0] ?? '' }),
        onDone: [
          { guard: 'mergeConflicted', target: 'gate', actions: 'recordConflict' },
          { target: 'merged' },
        ],
        onError: { target: 'failed', actions: { type: 'rememberFailure', params: { state: 'merging' } } },
      },
    },
    discarding: {
      tags: ['settling'],
      invoke: {
        src: 'discardCandidates',
        input: ({ context }: { context: WorkflowContext }) => ({ candidates: context.discarded }),
        onDone: { target: 'discarded' },
        onError: { target: 'failed', actions: { type: 'rememberFailure', params: { state: 'discarding' } } },
      },
    },
    failed: {
      tags: ['failed'],
      description: 'A step failed; RETRY runs it again, CANCEL ends the run; after a failed follow-up the work the gate showed can still be merged or discarded.',
      entry: ['restoreKeptGate', 'emitFailure'],
      on: {
        RETRY: [...options.retry, 'openingPullRequest', 'pullRequestOpen'].map((state) => ({ guard: { type: 'failedAt', params: { state } }, target: state, actions: 'prepareRetry' })),
        MERGE: { guard: 'gateKept', target: 'merging', actions: ['leaveFailure', 'recordMerged'] },
        DISCARD: { guard: 'gateKept', target: 'discarding', actions: ['leaveFailure', 'recordDiscarded'] },
      },
    },
    merged: { type: 'final', tags: ['finished', 'merged'] },
    discarded: { type: 'final', tags: ['finished', 'discarded'] },
    cancelled: { type: 'final', tags: ['finished', 'cancelled'] },
  } as const as object;
}

export { chosenCandidate, discardTargets };
