import type { ErrorData } from '../errors.js';
import type { PersonaRole } from '../personas/persona.js';
import type { HumanReview, RecordedReview, Review } from './review.js';

/**
 * The vocabulary every workflow machine shares: its input, context, events, the inputs and outputs
 * of the effects it names (bound at the edge by the run manager), and what it emits. Plain,
 * serialisable data only, so a persisted workflow snapshot survives JSON and restores.
 */

/** The id of a registered workflow (`solo`, `dev-review`, `best-of-n`, `pipeline`, or an embedder's own). */
export type WorkflowName = string;

/** One persona step of a pipeline. */
export interface PipelineStep {
  role: PersonaRole;
  /** Persona name; defaults to the built-in persona of the role. */
  persona?: string;
}

export interface WorkflowInput {
  /** The card's task: its title and description. */
  task: string;
  /** dev ⇄ review: reviews before the run goes back to the human anyway (default 3). */
  maxRounds?: number;
  /** best-of-N: how many developers (default 3). */
  candidates?: number;
  /** pipeline: the ordered steps (default planner → developer → tester → reviewer). */
  steps?: PipelineStep[];
  /** Persona names per role, e.g. `{ developer: 'my-dev' }`. */
  personas?: Partial<Record<PersonaRole, string>>;
}

/** Asks the edge to bring one agent through one step: deliver the message once, wait for its answer. */
export interface AgentStepInput {
  /** Unique per delivery (`developer#3`): re-invoking a step (restore, retry) never delivers twice. */
  stepId: string;
  /** The agent's key within the run (`developer`, `reviewer`, `developer-2`, `judge`, `step-1`). */
  agent: string;
  role: PersonaRole;
  persona?: string;
  /** The key of the worktree the agent works in (candidates share keys with their developers). */
  worktree: string;
  /** The first message (START) or the next one in the same conversation (USER_MESSAGE). */
  message: string;
  /** Increased by RETRY: the edge resumes an agent that failed at this step. */
  attempt: number;
  /** best-of-N judge: the worktrees whose diffs the judge is shown. */
  compare?: string[];
}

export interface AgentStepOutput {
  agent: string;
  stepId: string;
  /** The agent's result (`finish` summary, a review, a judgement, or its last text). */
  result: unknown;
}

/** The agent answered its step: the step's child actor sends this to the workflow. */
export interface AgentStepDone {
  type: 'agent.step.done';
  output: AgentStepOutput;
}

/** Every agent of a parallel step answered. */
export interface AgentStepsDone {
  type: 'agent.steps.done';
  output: ParallelStepsOutput;
}

/**
 * The agent's step failed (the agent failed or was cancelled, or could not be brought to its
 * step): an event with the failure as data, never an exception. `error` is the agent's own error
 * (a provider's 401, a budget, …) where it has one.
 */
export interface AgentStepFailed {
  type: 'agent.step.failed';
  agent: string;
  stepId: string;
  error: ErrorData;
}

/** What an agent step's child actor sends the workflow when the step ends. */
export type AgentStepOutcome = AgentStepDone | AgentStepFailed;

export interface ParallelStepsInput {
  steps: AgentStepInput[];
}

export interface ParallelStepsOutput {
  outputs: AgentStepOutput[];
}

export interface PrepareWorktreesInput {
  keys: string[];
}

export interface MergeCandidateInput {
  candidate: string;
}

/** Opens (or, when one is open, updates) the pull request of a candidate's branch. */
export interface OpenPullRequestInput {
  candidate: string;
  title?: string;
  body?: string;
  draft?: boolean;
}

export interface OpenPullRequestOutput {
  number: number;
  url: string;
}

/** Follows an open pull request until it is merged or closed on GitHub. */
export interface FollowPullRequestInput {
  candidate: string;
  number: number;
}

export type FollowPullRequestOutput = { outcome: 'merged'; commit?: string } | { outcome: 'closed' };

/** The pull request a candidate's work went to (details, checks and comments live on the run record). */
export interface WorkflowPullRequest {
  candidate: string;
  number: number;
  url: string;
}

export type MergeCandidateOutput = { merged: true; commit: string } | { merged: false; conflictFiles: string[]; message: string };

export interface DiscardCandidatesInput {
  candidates: string[];
}

export interface Judgement {
  /** The recommended candidate (worktree key). */
  recommended: string;
  reasons: { candidate: string; reason: string }[];
}

export interface GateState {
  /** Why the run stopped for the human. */
  reason: string;
  /** True when the run came back without an approval (round limit, recurring finding, failure). */
  escalated: boolean;
  /** Worktree keys the human can merge; the first one is pre-selected unless `recommended` is set. */
  candidates: string[];
  recommended?: string;
  reasons?: Judgement['reasons'];
  conflict?: { files: string[]; message: string };
}

/** The step being worked on, kept in context so a restore re-invokes it with the same delivery. */
export interface CurrentStep {
  stepId: string;
  agent: string;
  role: PersonaRole;
  persona?: string;
  worktree: string;
  message: string;
}

export interface WorkflowContext {
  workflow: WorkflowName;
  task: string;
  personas: Partial<Record<PersonaRole, string>>;
  maxRounds: number;
  /** Review rounds done so far (dev ⇄ review). */
  round: number;
  /** The round after which the current review cycle started (FOLLOW_UP starts a new cycle). */
  cycleStart: number;
  /** Counter that makes step ids unique. */
  stepCounter: number;
  current: CurrentStep | null;
  /** best-of-N: the developers' steps running in parallel. */
  parallel: CurrentStep[];
  attempt: number;
  paused: boolean;
  reviews: RecordedReview[];
  /** Results of finished steps by agent key (the latest one). */
  outputs: Record<string, unknown>;
  /** pipeline */
  steps: { role: PersonaRole; persona?: string }[];
  stepIndex: number;
  candidates: string[];
  gate: GateState | null;
  /** The gate a FOLLOW_UP left (dev ⇄ review): shown again if the follow-up fails. Absent in older snapshots. */
  keptGate?: GateState | null;
  failure: { state: string; error: ErrorData } | null;
  merged: string | null;
  discarded: string[];
  /** What the human asked for with "Open pull request" (title, body, draft). Absent in older snapshots. */
  pullRequestRequest?: OpenPullRequestInput | null;
  /** The open pull request of the work at the gate: the next round's commits are pushed to it. Absent in older snapshots. */
  pullRequest?: WorkflowPullRequest | null;
}

/**
 * What a workflow's states say about the run, read by the run layer instead of state names (so a
 * workflow of any shape gets the right status, card column and persistence): `atGate` — the work
 * waits at the human gate or its pull request (the card is in Review); `needsYou` — the human
 * decides now; `openingPullRequest` / `pullRequestOpen`; `settling` — merging or discarding;
 * `failed` — a step failed; `finished` with its outcome `merged`, `discarded` or `cancelled`.
 */
export type WorkflowTag = 'atGate' | 'needsYou' | 'openingPullRequest' | 'pullRequestOpen' | 'settling' | 'failed' | 'finished' | 'merged' | 'discarded' | 'cancelled';

export type WorkflowEvent =
  | { type: 'PAUSE' }
  | { type: 'RESUME' }
  | { type: 'CANCEL'; reason?: string }
  /** Retries the failed step. */
  | { type: 'RETRY' }
  /** At the gate: merge a candidate (default: the recommended or only one). */
  | { type: 'MERGE'; candidate?: string }
  /** At the gate: snapshot-commit and remove the worktree(s), keeping the branch(es). */
  | { type: 'DISCARD'; candidate?: string }
  /** At the gate: continue the developer's conversation with a new instruction. */
  | { type: 'FOLLOW_UP'; text: string; candidate?: string }
  /** At the gate: a person's review (comments on lines) goes to the developer as findings; it counts as a review round. */
  | { type: 'HUMAN_REVIEW'; review: HumanReview; candidate?: string }
  /** At the gate: commit, push the candidate's branch and open a pull request (title and body editable, draft on request). */
  | { type: 'OPEN_PULL_REQUEST'; candidate?: string; title?: string; body?: string; draft?: boolean }
  /** From the child actor of an agent step (`agentStep`, `parallelAgentSteps`): its answer or its failure. */
  | AgentStepDone
  | AgentStepsDone
  | AgentStepFailed;

export type WorkflowEmitted =
  | { type: 'review.submitted'; round: number; review: Review; recurring: number }
  | { type: 'gate.opened'; gate: GateState }
  /** The gate's work went straight on to its open pull request (no human needed). */
  | { type: 'gate.forwarded'; number: number }
  | { type: 'step.failed'; state: string; error: ErrorData }
  | { type: 'judgement.submitted'; judgement: Judgement }
  /** The run layer steers the agents (their own actors) when it hears these, after the transition. */
  | { type: 'agents.control'; command: 'PAUSE' | 'RESUME' | 'CANCEL' };
