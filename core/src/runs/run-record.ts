import { z } from 'zod';
import type { AgentBudgets } from '../agents/agent-budgets.js';
import type { ToolPolicy } from '../agents/tools/tool.js';
import type { PersonaRole } from '../personas/persona.js';
import type { PullRequestRecord } from '../github/pull-requests.js';
import type { CliAgentKind } from './cli-agent-choice.js';
import type { GitConfigFinding } from './run-git-config.js';
import type { WorkflowInput, WorkflowName } from '../workflows/workflow-types.js';

/** What a run is started with (plain data, persisted with the run). */
export interface RunOptions {
  /** The repository; defaults to the card's target. */
  repository?: string;
  /** The branch worktrees start from; defaults to the card's target, then the repository's current branch. */
  baseBranch?: string;
  maxRounds?: number;
  candidates?: number;
  steps?: WorkflowInput['steps'];
  /** Persona names per role. */
  personas?: Partial<Record<PersonaRole, string>>;
  /** `provider:model` or a bare model name for every agent of the run. */
  model?: string;
  /**
   * Per agent key (`developer-2`) or role (`reviewer`): `provider:model` or a model name, or an
   * agent CLI (`claude-code[:model]`, `codex[:model]`) for a developer, tester or planner.
   */
  models?: Record<string, string>;
  /** Tool policy of the agents (default: allow all, ask before `run_command`). */
  policy?: ToolPolicy;
  budgets?: AgentBudgets;
}

export interface RunAgentRecord {
  agentId: string;
  key: string;
  persona: string;
  role: PersonaRole;
  provider: string;
  model: string;
  /** The worktree key the agent works in. */
  worktree: string;
  /** The agent CLI that runs the agent (absent: Kanbots' built-in agent); restores the same kind after a restart. */
  executor?: CliAgentKind;
}

export interface RunWorktreeRecord {
  worktreeId: string;
  branch: string;
  path: string;
  state: 'active' | 'removed';
  /**
   * How far its merge got: `committed` (the work is on the branch, at `tip`), then `merged` (the
   * base branch has it, at `commit`); the worktree is removed only after `merged` is recorded.
   */
  merge?: { step: 'committed' | 'merged'; tip?: string; commit?: string; base?: string };
  /**
   * The worktree got its copied files, links and setup (worktree-setup/): until then the run's
   * preparing step (and its RETRY) does them again. Absent on records written before there was
   * a setup step.
   */
  ready?: boolean;
  /** The first of the worktree's ten ports (`KANBOTS_PORT`). */
  portBase?: number;
  /** The last setup's outcome and the tail of its output. */
  setup?: RunSetupSummary;
}

/** A setup script's run in a worktree, as the card shows it. */
export interface RunSetupSummary {
  worktree: string;
  script: string;
  state: 'running' | 'done' | 'failed';
  /** The tail of its output (stdout and stderr as they came), capped. */
  output: string;
  durationMs?: number;
}

export interface RunRecord {
  version: 1;
  id: string;
  cardId: string;
  workflow: WorkflowName;
  input: WorkflowInput;
  options: RunOptions;
  repository: string;
  baseBranch?: string;
  createdAt: number;
  updatedAt: number;
  worktrees: Record<string, RunWorktreeRecord>;
  agents: Record<string, RunAgentRecord>;
  /** The workflow actor's persisted snapshot (null before it started). */
  workflowSnapshot: unknown;
  /** The last column move applied for the run (`running`, `gate`, `merged`). */
  column?: string;
  finished?: 'merged' | 'discarded' | 'cancelled';
  /** What changed in the repository's git configuration since the run started (checked at the gate). */
  gitConfigFinding?: GitConfigFinding;
  /** The pull request the gate's work went to, as last read from GitHub. */
  pullRequest?: PullRequestRecord;
}

/**
 * The shape a run record must have to be restored (what the run manager reads of it); anything
 * else in the file is kept as it is. A record failing it is set aside, not guessed at.
 */
export const runRecordSchema = z.looseObject({
  version: z.literal(1),
  id: z.string().min(1),
  cardId: z.string().min(1),
  workflow: z.string().min(1),
  input: z.looseObject({ task: z.string() }),
  options: z.looseObject({}),
  repository: z.string().min(1),
  createdAt: z.number(),
  updatedAt: z.number(),
  worktrees: z.record(z.string(), z.looseObject({ worktreeId: z.string().min(1), branch: z.string().min(1), path: z.string().min(1), state: z.enum(['active', 'removed']) })),
  agents: z.record(
    z.string(),
    z.looseObject({ agentId: z.string().min(1), key: z.string().min(1), persona: z.string(), role: z.string(), provider: z.string(), model: z.string(), worktree: z.string() }),
  ),
  workflowSnapshot: z.unknown(),
});

/** The first few problems of a failed parse, in words (`agents.developer.agentId: expected string`). */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length === 0 ? 'the record' : issue.path.join('.')}: ${issue.message}`)
    .join('; ');
}
