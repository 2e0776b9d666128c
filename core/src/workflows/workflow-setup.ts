import { assign, emit, fromCallback, fromPromise, setup, type EventObject } from 'xstate';
import { toErrorData, type ErrorData } from '../errors.js';
import type { PersonaRole } from '../personas/persona.js';
import type {
  AgentStepInput,
  AgentStepOutput,
  CurrentStep,
  DiscardCandidatesInput,
  FollowPullRequestInput,
  FollowPullRequestOutput,
  GateState,
  MergeCandidateInput,
  MergeCandidateOutput,
  OpenPullRequestInput,
  OpenPullRequestOutput,
  ParallelStepsInput,
  ParallelStepsOutput,
  PrepareWorktreesInput,
  WorkflowContext,
  WorkflowEmitted,
  WorkflowEvent,
  WorkflowInput,
  WorkflowName,
  WorkflowTag,
} from './workflow-types.js';
import type { RecordedReview } from './review.js';

/**
 * What every workflow machine is built from (STYLE §2). Effects are named and bound at the edge
 * (`RunManager`) with `.provide()`: the actors `prepareWorktrees`, `agentStep`,
 * `parallelAgentSteps` (child actors that send `agent.step.done` / `agent.steps.done` or
 * `agent.step.failed` with the failure as data), `mergeCandidate`, `discardCandidates`, `openPullRequest`,
 * `followPullRequest`, and the actions `pauseAgents`,
 * `resumeAgents`, `cancelAgents`. No `node:*` and no SDK here.
 */

function notProvided(name: string): Error {
  return new Error(`The workflow effect "${name}" was not provided (bind it with machine.provide())`);
}

function unprovided<Output, Input>(name: string) {
  return fromPromise<Output, Input>(async () => {
    throw notProvided(name);
  });
}

/** An agent step's child actor: it sends the workflow `agent.step.done` (or `agent.steps.done`) or `agent.step.failed`. */
function unprovidedStep<Input>(name: string) {
  return fromCallback<EventObject, Input>(() => {
    throw notProvided(name);
  });
}

export function initialWorkflowContext(workflow: WorkflowName, input: WorkflowInput): WorkflowContext {
  return {
    workflow,
    task: input.task,
    personas: input.personas ?? {},
    maxRounds: input.maxRounds ?? 3,
    round: 0,
    cycleStart: 0,
    stepCounter: 0,
    current: null,
    parallel: [],
    attempt: 0,
    paused: false,
    reviews: [],
    outputs: {},
    steps: input.steps ?? [],
    stepIndex: 0,
    candidates: [],
    gate: null,
    keptGate: null,
    failure: null,
    merged: null,
    discarded: [],
    pullRequestRequest: null,
    pullRequest: null,
  };
}

/** The next step of `agent`, with a fresh step id. */
export function nextStep(context: WorkflowContext, step: { agent: string; role: PersonaRole; worktree: string; message: string }): { current: CurrentStep; stepCounter: number } {
  const stepCounter = context.stepCounter + 1;
  const current: CurrentStep = { stepId: `${step.agent}#${stepCounter}`, ...step };
  const persona = context.personas[step.role];
  if (persona !== undefined) current.persona = persona;
  return { current, stepCounter };
}

export function stepInput(context: WorkflowContext, step: CurrentStep | null): AgentStepInput {
  if (step === null) throw new Error('no current step');
  return { ...step, attempt: context.attempt };
}

/** A summary string out of an agent's result (`finish` gives `{ summary }`). */
export function summaryOf(result: unknown): string | undefined {
  if (typeof result === 'string') return result;
  if (typeof result === 'object' && result !== null && typeof (result as { summary?: unknown }).summary === 'string') {
    return (result as { summary: string }).summary;
  }
  return undefined;
}

function errorOf(event: unknown): ErrorData {
  // An agent step's failure arrives as data already; an effect's rejection carries what it threw.
  if ((event as { type?: unknown }).type === 'agent.step.failed') return (event as { error: ErrorData }).error;
  return toErrorData((event as { error?: unknown }).error);
}

export const workflowSetup = setup({
  types: {
    context: {} as WorkflowContext,
    events: {} as WorkflowEvent,
    input: {} as WorkflowInput,
    emitted: {} as WorkflowEmitted,
    tags: {} as WorkflowTag,
  },
  actors: {
    prepareWorktrees: unprovided<void, PrepareWorktreesInput>('prepareWorktrees'),
    agentStep: unprovidedStep<AgentStepInput>('agentStep'),
    parallelAgentSteps: unprovidedStep<ParallelStepsInput>('parallelAgentSteps'),
    mergeCandidate: unprovided<MergeCandidateOutput, MergeCandidateInput>('mergeCandidate'),
    discardCandidates: unprovided<void, DiscardCandidatesInput>('discardCandidates'),
    openPullRequest: unprovided<OpenPullRequestOutput, OpenPullRequestInput>('openPullRequest'),
    followPullRequest: unprovided<FollowPullRequestOutput, FollowPullRequestInput>('followPullRequest'),
  },
  actions: {
    // -- effects: provided at the edge --
    pauseAgents: () => {
      throw notProvided('pauseAgents');
    },
    resumeAgents: () => {
      throw notProvided('resumeAgents');
    },
    cancelAgents: () => {
      throw notProvided('cancelAgents');
    },
    // -- pure --
    markPaused: assign({ paused: true }),
    markResumed: assign({ paused: false }),
    rememberFailure: assign(({ event }, params: { state: string }) => ({ failure: { state: params.state, error: errorOf(event) } })),
    emitFailure: emit(({ context }) => ({ type: 'step.failed' as const, state: context.failure?.state ?? 'unknown', error: context.failure?.error ?? toErrorData(new Error('unknown failure')) })),
    // RETRY of a follow-up step hides the gate again (it comes back when the step fails or the gate reopens).
    prepareRetry: assign(({ context }) => ({ attempt: context.attempt + 1, failure: null, ...(context.keptGate ? { gate: null } : {}) })),
    /** A failed follow-up: the gate it left comes back, so its work can still be merged or discarded. */
    restoreKeptGate: assign(({ context }) => (context.gate === null && context.keptGate ? { gate: context.keptGate } : {})),
    forgetKeptGate: assign(({ context }) => (context.keptGate ? { keptGate: null } : {})),
    /** MERGE or DISCARD from `failed`: the failed step is given up. */
    leaveFailure: assign({ failure: null, keptGate: null, current: null, attempt: 0 }),
    recordOutput: assign(({ context, event }) => {
      const output = (event as { output?: AgentStepOutput }).output;
      if (!output) return {};
      return { outputs: { ...context.outputs, [output.agent]: output.result }, current: null, attempt: 0 };
    }),
    openGate: assign((_, params: { gate: GateState }) => ({ gate: params.gate })),
    /** The gate asks for the human — unless the work goes straight on to its open pull request. */
    emitGateOpened: emit(({ context }): WorkflowEmitted =>
      pullRequestFollowed(context)
        ? { type: 'gate.forwarded', number: context.pullRequest?.number ?? 0 }
        : { type: 'gate.opened', gate: context.gate ?? { reason: 'done', escalated: false, candidates: [] } },
    ),
    recordPullRequestRequest: assign(({ context, event }) => {
      if (event.type !== 'OPEN_PULL_REQUEST') return {};
      const request: OpenPullRequestInput = { candidate: chosenCandidate(context, event) ?? '' };
      if (event.title !== undefined) request.title = event.title;
      if (event.body !== undefined) request.body = event.body;
      if (event.draft !== undefined) request.draft = event.draft;
      return { pullRequestRequest: request };
    }),
    recordPullRequest: assign(({ context, event }) => {
      const output = (event as { output?: OpenPullRequestOutput }).output;
      const candidate = context.pullRequestRequest?.candidate ?? context.pullRequest?.candidate ?? chosenCandidate(context, { type: 'OPEN_PULL_REQUEST' }) ?? '';
      return output === undefined ? {} : { pullRequest: { candidate, number: output.number, url: output.url } };
    }),
    recordMergedOnGitHub: assign(({ context }) => ({ merged: context.pullRequest?.candidate ?? null })),
    forgetPullRequest: assign({ pullRequest: null, pullRequestRequest: null }),
    recordConflict: assign(({ context, event }) => {
      const output = (event as { output?: MergeCandidateOutput }).output;
      if (!output || output.merged || !context.gate) return {};
      return { gate: { ...context.gate, conflict: { files: output.conflictFiles, message: output.message } }, merged: null };
    }),
    /** A person's review at the gate: kept with the reviews as the next round (shown open, then answered, in later rounds). */
    recordHumanReview: assign(({ context, event }) => {
      if (event.type !== 'HUMAN_REVIEW') return {};
      const round = context.round + 1;
      const review: RecordedReview = { verdict: 'request_changes', findings: event.review.findings, round, by: 'human' };
      if (event.review.summary !== undefined && event.review.summary !== '') review.summary = event.review.summary;
      return { round, reviews: [...context.reviews, review] };
    }),
    recordMerged: assign(({ event, context }) => ({ merged: chosenCandidate(context, event) ?? null })),
    recordDiscarded: assign(({ context, event }) => ({ discarded: [...context.discarded, ...discardTargets(context, event)] })),
  },
  guards: {
    isPaused: ({ context }) => context.paused,
    failedAt: ({ context }, params: { state: string }) => context.failure?.state === params.state,
    mergeConflicted: ({ event }) => (event as { output?: MergeCandidateOutput }).output?.merged === false,
    /** From `failed`: a gate was open before the step failed, and the event names one of its candidates (or none). */
    gateKept: ({ context, event }) => {
      if (context.gate === null || (event.type !== 'MERGE' && event.type !== 'DISCARD')) return false;
      return event.candidate === undefined || context.gate.candidates.includes(event.candidate);
    },
    pullRequestFollowed: ({ context }) => pullRequestFollowed(context),
    pullRequestMerged: ({ event }) => (event as { output?: FollowPullRequestOutput }).output?.outcome === 'merged',
    knownCandidate: ({ context, event }) => {
      if (event.type !== 'MERGE' && event.type !== 'DISCARD' && event.type !== 'FOLLOW_UP' && event.type !== 'HUMAN_REVIEW' && event.type !== 'OPEN_PULL_REQUEST') return false;
      return event.candidate === undefined || (context.gate?.candidates ?? []).includes(event.candidate);
    },
  },
});

/** A pull request is open for the work at the gate: its next commits go to it without asking again. */
function pullRequestFollowed(context: WorkflowContext): boolean {
  const pullRequest = context.pullRequest;
  return pullRequest !== null && pullRequest !== undefined && (context.gate?.candidates ?? []).includes(pullRequest.candidate);
}

/** The candidate a gate event is about: the one named, else the recommended, else the first. */
export function chosenCandidate(context: WorkflowContext, event: { type: string; candidate?: string }): string | undefined {
  return event.candidate ?? context.gate?.recommended ?? context.gate?.candidates[0];
}

/** DISCARD without a candidate discards every candidate still at the gate. */
export function discardTargets(context: WorkflowContext, event: { type: string; candidate?: string }): string[] {
  if (event.type !== 'DISCARD') return [];
  return event.candidate === undefined ? (context.gate?.candidates ?? []) : [event.candidate];
}
