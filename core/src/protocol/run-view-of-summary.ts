import { describeCredential } from '../executors/agent-cli-credential.js';
import type { RunSummary } from '../runs/run-events.js';
import { candidateLabel } from '../workflows/candidate-label.js';
import { emptyAgentLiveState, type AgentLiveState } from './agent-live-state.js';
import type { AgentView, GateView, PullRequestView, RunView } from './run-views.js';

/**
 * The one derivation of what a client sees of a run: the run manager's summary of it, plus what
 * was folded of each agent's live events (agent-live-state.ts), become the `RunView` of
 * run-views.ts. Pure and browser-safe; a host only forwards the result. Worktree paths stay out:
 * the UI sees branches.
 */

export function toRunView(summary: RunSummary, live: ReadonlyMap<string, AgentLiveState>): RunView {
  const agents: AgentView[] = summary.agents.map((agent) => {
    const state = live.get(agent.key) ?? emptyAgentLiveState();
    const view: AgentView = {
      id: agent.key,
      persona: agent.persona,
      role: agent.role,
      provider: agent.provider,
      model: agent.model,
      state: agent.phase,
      statusText: state.notice ?? describePhase(agent.phase),
      turn: agent.turn,
      usage: agent.usage,
      text: state.text,
      toolCalls: state.toolCalls,
    };
    view.credential = credentialOf(agent.provider);
    if (agent.error) view.error = agent.error;
    if (state.retryAt !== undefined && agent.phase === 'backingOff') view.retryAt = state.retryAt;
    return view;
  });

  const view: RunView = {
    id: summary.id,
    cardId: summary.cardId,
    workflow: summary.workflow,
    status: summary.status,
    statusText: summary.statusText,
    // A workflow's graph is listed under its id (statecharts of the snapshot).
    machine: summary.workflow,
    activeStates: summary.activeStates,
    agents,
    pendingApprovals: summary.agents.flatMap((agent) =>
      agent.pendingApproval
        ? [{ agentId: agent.key, callId: agent.pendingApproval.callId, tool: agent.pendingApproval.tool, input: agent.pendingApproval.input, requestedAt: summary.updatedAt }]
        : [],
    ),
    reviews: summary.reviews.map((review) => {
      const item: RunView['reviews'][number] = { round: review.round, verdict: review.verdict, findings: review.findings };
      if (review.summary !== undefined) item.summary = review.summary;
      if (review.by === 'human') item.by = 'human';
      return item;
    }),
    usage: summary.usage,
    createdAt: summary.createdAt,
    updatedAt: summary.updatedAt,
  };
  if (summary.workflow === 'dev-review') {
    // The round the run is in: the workflow counts completed reviews, so before a verdict the
    // developer and reviewer are working on the next one ("round 1 of 3" from the start).
    const settled = summary.gate !== undefined || FINISHED.has(summary.status);
    view.round = settled ? summary.round : summary.round + 1;
    view.maxRounds = summary.maxRounds;
    if (summary.cycleStart > 0) view.cycleStart = summary.cycleStart;
  }
  if (summary.gate && summary.status !== 'merged' && summary.status !== 'discarded' && summary.status !== 'cancelled') view.gate = toGateView(summary);
  if (summary.pullRequest) view.pullRequest = toPullRequestView(summary.pullRequest);
  if (summary.worktrees.length > 0) {
    view.branches = summary.worktrees.map((worktree) => ({
      candidate: worktree.key,
      branch: worktree.branch,
      ...(worktree.merge?.step === 'merged' && worktree.merge.commit ? { mergeCommit: worktree.merge.commit } : {}),
    }));
  }
  if (summary.error) view.error = summary.error;
  if (summary.setup) view.setup = { ...summary.setup };
  return view;
}

function toPullRequestView(record: NonNullable<RunSummary['pullRequest']>): PullRequestView {
  const view: PullRequestView = {
    number: record.number,
    url: record.url,
    title: record.title,
    state: record.state,
    draft: record.draft,
    branch: record.headBranch,
    baseBranch: record.baseBranch,
    checks: record.checks.map((check) => ({ id: check.id, name: check.name, status: check.status, conclusion: check.conclusion, ...(check.url === undefined ? {} : { url: check.url }), report: check.report, sent: record.sent.checks.includes(check.id) })),
    comments: record.comments.map((comment) => ({ id: comment.id, path: comment.path, ...(comment.line === undefined ? {} : { line: comment.line }), body: comment.body, author: comment.author, url: comment.url, createdAt: comment.createdAt, sent: record.sent.comments.includes(comment.id) })),
  };
  if (record.mergeCommitSha !== undefined) view.mergeCommit = record.mergeCommitSha;
  if (record.problem !== undefined) view.problem = record.problem.message;
  if (record.checkedAt !== undefined) view.checkedAt = record.checkedAt;
  return view;
}

const FINISHED = new Set<RunSummary['status']>(['merged', 'discarded', 'cancelled']);

function toGateView(summary: RunSummary): GateView {
  const gate = summary.gate!;
  const reasons = new Map((gate.reasons ?? []).map((item) => [item.candidate, item.reason]));
  const recommended = gate.recommended ?? gate.candidates[0];
  const view: GateView = {
    reason: gate.reason,
    escalated: gate.escalated,
    candidates: gate.candidates.map((key) => {
      const worktree = summary.worktrees.find((item) => item.key === key);
      // The developer who worked in this candidate's worktree (best-of-N: one per candidate).
      const agentId = summary.agents.find((agent) => agent.worktree === key && agent.role === 'developer')?.key ?? key;
      const candidate: GateView['candidates'][number] = { id: key, agentId, label: labelOf(key), branch: worktree?.branch ?? '', recommended: key === recommended };
      const reason = reasons.get(key);
      if (reason !== undefined) candidate.reason = reason;
      return candidate;
    }),
  };
  if (gate.conflict) view.conflict = { files: gate.conflict.files };
  if (summary.gitConfig) view.gitConfig = summary.gitConfig;
  return view;
}

/** The host never hands a key to an agent CLI, so the CLIs use their own login. */
function credentialOf(provider: string): string {
  if (provider === 'claude-code' || provider === 'codex') return describeCredential(false).credentialDescription;
  if (provider === 'scripted') return 'the scripted model (no key)';
  return `the ${provider} API key`;
}

function labelOf(key: string): string {
  return candidateLabel(key);
}

const phaseText: Record<string, string> = {
  idle: 'Waiting',
  preparing: 'Preparing',
  requesting: 'Thinking',
  running: 'Working',
  runningTools: 'Using tools',
  awaitingApproval: 'Needs your approval',
  backingOff: 'Retrying soon',
  paused: 'Paused',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

function describePhase(phase: string): string {
  return phaseText[phase] ?? phase;
}
