import { z } from 'zod';
import { errorDataSchema } from '../model/error-data.js';
import { workflowKindSchema, type WorkflowKind } from '../settings/settings.js';

/**
 * What the UI sees of runs: plain, serialisable views derived in core from the run manager's
 * state (run-view-of-summary.ts). The UI never gets paths outside what it is shown, keys, or anything it could use to run
 * commands other than the protocol's commands. Topics: `run.updated` (a RunView, whole) and
 * `run.agent.event` ({ runId, agent, event }, batched: text deltas, tool calls). The hello snapshot
 * carries `runs: RunView[]`.
 */

export { workflowKindSchema };
export type { WorkflowKind };

export const runStatusSchema = z.enum([
  'queued', // waiting for a concurrency slot (statusText says why)
  'running',
  'paused',
  'needs_you', // an approval or the human gate is waiting
  'interrupted', // came back after a crash mid-step; resumes on RESUME
  'failed', // a step failed; RETRY or CANCEL
  'merged',
  'discarded',
  'cancelled',
]);
export type RunStatus = z.infer<typeof runStatusSchema>;

const usageSchema = z.object({ inputTokens: z.number(), outputTokens: z.number(), costUsd: z.number() });

export const toolCallViewSchema = z.object({
  callId: z.string(),
  name: z.string(),
  input: z.unknown(),
  status: z.enum(['running', 'awaiting_approval', 'done', 'failed', 'denied']),
  /** Text result (capped). */
  content: z.string().optional(),
  /** Unified diff for file edits. */
  diff: z.string().optional(),
  startedAt: z.number(),
  durationMs: z.number().optional(),
});
export type ToolCallView = z.infer<typeof toolCallViewSchema>;

export const agentViewSchema = z.object({
  id: z.string(),
  persona: z.string(),
  role: z.string(),
  /** `anthropic`, `openai`, `compatible`, `claude-code`, `codex`, `scripted`. */
  provider: z.string(),
  model: z.string(),
  /** Which credential the agent uses, e.g. "the anthropic API key" or "the CLI's own login" (never the key). */
  credential: z.string().optional(),
  /** The agent machine's state, e.g. `requesting`, `runningTools`, `awaitingApproval`, `backingOff`. */
  state: z.string(),
  /** A readable line, e.g. "rate limited — retrying in 12 s". */
  statusText: z.string(),
  /** While the agent backs off after a retryable error: when its next attempt starts (epoch ms). */
  retryAt: z.number().optional(),
  turn: z.number(),
  usage: usageSchema,
  /** The latest assistant text (tail, capped). */
  text: z.string(),
  /** The most recent tool calls (capped). */
  toolCalls: z.array(toolCallViewSchema),
  error: errorDataSchema.optional(),
});
export type AgentView = z.infer<typeof agentViewSchema>;

export const findingSchema = z.object({
  file: z.string(),
  line: z.number().int().positive().optional(),
  severity: z.enum(['blocker', 'major', 'minor', 'nit']),
  message: z.string(),
});
export type Finding = z.infer<typeof findingSchema>;

export const reviewViewSchema = z.object({
  round: z.number().int().positive(),
  verdict: z.enum(['approve', 'request_changes']),
  summary: z.string().optional(),
  findings: z.array(findingSchema),
  /** `human`: sent by a person from the card page; absent: the reviewer agent's. */
  by: z.literal('human').optional(),
});
export type ReviewView = z.infer<typeof reviewViewSchema>;

export const pendingApprovalSchema = z.object({ agentId: z.string(), callId: z.string(), tool: z.string(), input: z.unknown(), requestedAt: z.number() });
export type PendingApproval = z.infer<typeof pendingApprovalSchema>;

export const gateCandidateSchema = z.object({
  id: z.string(),
  agentId: z.string(),
  label: z.string(),
  branch: z.string(),
  recommended: z.boolean(),
  reason: z.string().optional(),
  stats: z.object({ files: z.number(), additions: z.number(), deletions: z.number() }).optional(),
});

export const gateViewSchema = z.object({
  /** Why the run stopped for the human, e.g. "reviewer approved in round 2". */
  reason: z.string(),
  escalated: z.boolean(),
  candidates: z.array(gateCandidateSchema),
  /** Set after a merge attempt that conflicted. */
  conflict: z.object({ files: z.array(z.string()) }).optional(),
  /** The repository's git configuration, hooks or attributes changed during the run (`run.undoGitConfig` puts them back). */
  gitConfig: z
    .object({
      /** "The agent changed your git configuration: …" */
      summary: z.string(),
      changes: z.array(z.object({ displayPath: z.string(), change: z.enum(['added', 'removed', 'modified']), description: z.string() })),
    })
    .optional(),
});
export type GateView = z.infer<typeof gateViewSchema>;

/** A worktree's setup script: running (its output so far) or how it ended. */
export const setupViewSchema = z.object({
  worktree: z.string(),
  script: z.string(),
  state: z.enum(['running', 'done', 'failed']),
  /** The tail of its output, capped. */
  output: z.string(),
  durationMs: z.number().optional(),
});
export type SetupView = z.infer<typeof setupViewSchema>;
/** A card's pull request on GitHub, as last read (checks of its head commit, review comments). */
export const pullRequestViewSchema = z.object({
  number: z.number(),
  url: z.string(),
  title: z.string(),
  state: z.enum(['open', 'closed', 'merged']),
  draft: z.boolean(),
  branch: z.string(),
  baseBranch: z.string(),
  mergeCommit: z.string().optional(),
  checks: z.array(z.object({ id: z.number(), name: z.string(), status: z.string(), conclusion: z.string().nullable(), url: z.string().optional(), report: z.string(), sent: z.boolean() })),
  comments: z.array(z.object({ id: z.number(), path: z.string(), line: z.number().optional(), body: z.string(), author: z.string(), url: z.string(), createdAt: z.string(), sent: z.boolean() })),
  /** Why the last read failed (network, token, rate limit), in words; the next read tries again. */
  problem: z.string().optional(),
  checkedAt: z.number().optional(),
});
export type PullRequestView = z.infer<typeof pullRequestViewSchema>;

export const runViewSchema = z.object({
  id: z.string(),
  cardId: z.string(),
  workflow: workflowKindSchema,
  status: runStatusSchema,
  statusText: z.string(),
  /** The name of the workflow's machine graph (see `statecharts.get`). */
  machine: z.string(),
  /** State ids of the workflow machine that are active now (to light the diagram). */
  activeStates: z.array(z.string()),
  round: z.number().optional(),
  maxRounds: z.number().optional(),
  /**
   * The round after which a person's review or follow-up started the agents' current cycle: the
   * round limit counts the rounds since it (absent: none yet).
   */
  cycleStart: z.number().optional(),
  agents: z.array(agentViewSchema),
  pendingApprovals: z.array(pendingApprovalSchema),
  reviews: z.array(reviewViewSchema),
  gate: gateViewSchema.optional(),
  setup: setupViewSchema.optional(),
  pullRequest: pullRequestViewSchema.optional(),
  /** The run's branches (one per candidate), and where each landed once merged. */
  branches: z.array(z.object({ candidate: z.string(), branch: z.string(), mergeCommit: z.string().optional() })).optional(),
  usage: usageSchema,
  error: errorDataSchema.optional(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type RunView = z.infer<typeof runViewSchema>;

/** One file of a run's diff for the human gate. */
export const diffFileViewSchema = z.object({
  path: z.string(),
  previousPath: z.string().optional(),
  status: z.enum(['added', 'modified', 'deleted', 'renamed']),
  additions: z.number(),
  deletions: z.number(),
  binary: z.boolean(),
  patch: z.string(),
});
export type DiffFileView = z.infer<typeof diffFileViewSchema>;
