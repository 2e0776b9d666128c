import type { PullRequestRecord } from '../github/pull-requests.js';
import type { AgentEvent } from '../agents/agent-events.js';
import type { ErrorData } from '../errors.js';
import type { PersonaRole } from '../personas/persona.js';
import type { RecordedReview, Review } from '../workflows/review.js';
import type { GateState, WorkflowName } from '../workflows/workflow-types.js';
import type { GitConfigFinding } from './run-git-config.js';
import type { RunSetupSummary } from './run-record.js';

/**
 * What the run manager publishes: one typed stream for the host, the UI, the activity log and
 * tests (STYLE §4). Plain, serialisable data; paths are only the worktree paths of the run.
 */

export type RunStatus = 'queued' | 'running' | 'paused' | 'needs_you' | 'interrupted' | 'failed' | 'merged' | 'discarded' | 'cancelled';

export interface RunAgentSummary {
  /** The agent's key within the run (`developer`, `reviewer`, …). */
  key: string;
  agentId: string;
  persona: string;
  role: PersonaRole;
  provider: string;
  model: string;
  /** The worktree key the agent works in (best-of-N: its candidate). */
  worktree?: string;
  /** The agent machine's phase (`requesting`, `awaitingApproval`, `paused`, `done`, …). */
  phase: string;
  turn: number;
  usage: { inputTokens: number; outputTokens: number; costUsd: number };
  pendingApproval?: { callId: string; tool: string; input: unknown };
  error?: ErrorData;
}

export interface RunWorktreeSummary {
  key: string;
  worktreeId: string;
  branch: string;
  path: string;
  state: 'active' | 'removed';
  /** The first of its ten ports (`KANBOTS_PORT` of its scripts and dev server). */
  portBase?: number;
  /** How far its merge got (`merged`: the base branch has it, at `commit`). */
  merge?: { step: 'committed' | 'merged'; tip?: string; commit?: string; base?: string };
}

export interface RunSummary {
  id: string;
  cardId: string;
  workflow: WorkflowName;
  status: RunStatus;
  statusText: string;
  /** Active state ids of the workflow machine (e.g. `devReview.reviewing`). */
  activeStates: string[];
  round: number;
  maxRounds: number;
  /** The round after which the agents' current cycle began (a person's review or follow-up; 0: none). The limit counts from it. */
  cycleStart: number;
  reviews: RecordedReview[];
  gate?: GateState;
  /** The repository's git configuration, hooks or attributes changed during the run (found at the gate). */
  gitConfig?: GitConfigFinding;
  /** The pull request the gate's work went to, as last read from GitHub. */
  pullRequest?: PullRequestRecord;
  agents: RunAgentSummary[];
  worktrees: RunWorktreeSummary[];
  usage: { inputTokens: number; outputTokens: number; costUsd: number };
  error?: ErrorData;
  createdAt: number;
  updatedAt: number;
  /** The latest setup script of the run's worktrees: running now, or how it ended. */
  setup?: RunSetupSummary;
  /** Set when the run's record could not be read at startup (it was set aside; the run cannot go on). */
  damaged?: { reason: string; keptAs?: string };
}

export type RunEvent =
  | { type: 'run.created'; runId: string; run: RunSummary }
  | { type: 'run.state.changed'; runId: string; status: RunStatus; statusText: string; activeStates: string[] }
  | { type: 'run.agent.event'; runId: string; agent: string; event: AgentEvent }
  | { type: 'run.review.submitted'; runId: string; round: number; review: Review; recurring: number }
  | { type: 'run.gate.opened'; runId: string; gate: GateState }
  | { type: 'run.queued'; runId: string; agent: string; position: number; reason: string }
  | { type: 'run.finished'; runId: string; outcome: 'merged' | 'discarded' | 'cancelled' }
  /** A worktree's setup script started, printed something (as it came), ended. */
  | { type: 'run.setup.started'; runId: string; worktree: string; script: string }
  | { type: 'run.setup.output'; runId: string; worktree: string; stream: 'stdout' | 'stderr'; text: string }
  | { type: 'run.setup.ended'; runId: string; worktree: string; ok: boolean; durationMs?: number; error?: ErrorData };

export type RunEventType = RunEvent['type'];
export type RunListener = (event: RunEvent) => void;
