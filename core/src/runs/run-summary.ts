import type { AgentContext } from '../agents/agent-context.js';
import type { WorkflowContext, WorkflowTag } from '../workflows/workflow-types.js';
import type { RunAgentSummary, RunStatus, RunSummary } from './run-events.js';
import type { RunRecord, RunSetupSummary } from './run-record.js';
import { failedStatusText, setupStatusText, toolRequestText, workingStatusText } from './plain-status.js';
import { unsentFeedback } from '../github/pull-requests.js';

/** Derives what the host and UI see of a run from its record, workflow and agents (pure). */

export interface RunSummaryInput {
  record: RunRecord;
  /** The workflow's snapshot: its tags (`WorkflowTag`) say where the run is, whatever the workflow's state names. */
  workflow: { value: unknown; status: string; context: WorkflowContext; tags: ReadonlySet<WorkflowTag> };
  activeStates: string[];
  agents: { key: string; context: AgentContext }[];
  interrupted: boolean;
  queued: { agent: string; reason: string } | undefined;
  /** A worktree's setup script runs now (the lifecycle's `settingUp`). */
  settingUp?: { worktree: string; script: string } | undefined;
  /** The setup running now, with its output so far (absent: the last one recorded, if any). */
  setup?: RunSetupSummary | undefined;
  now: number;
}

export function agentSummary(record: RunRecord, key: string, context: AgentContext): RunAgentSummary {
  const agent = record.agents[key]!;
  const summary: RunAgentSummary = {
    key,
    agentId: agent.agentId,
    persona: agent.persona,
    role: agent.role,
    provider: agent.provider,
    model: agent.model,
    worktree: agent.worktree,
    phase: context.phase,
    turn: context.turn,
    usage: { ...context.usage, costUsd: context.costUsd },
  };
  if (context.phase === 'awaitingApproval') {
    const call = context.pendingToolCalls.find((candidate) => candidate.settled === undefined);
    if (call) summary.pendingApproval = { callId: call.callId, tool: call.name, input: call.input };
  }
  if (context.failure?.error) summary.error = context.failure.error;
  return summary;
}

export function runStatusOf(input: RunSummaryInput, agents: readonly RunAgentSummary[]): { status: RunStatus; statusText: string } {
  const tags = input.workflow.tags;
  const context = input.workflow.context;
  if (tags.has('merged')) return { status: 'merged', statusText: `Merged ${context.merged ?? ''}`.trim() };
  if (tags.has('discarded')) return { status: 'discarded', statusText: 'Discarded; the work stays on its branch' };
  if (tags.has('cancelled')) return { status: 'cancelled', statusText: 'Cancelled' };
  if (tags.has('failed')) return { status: 'failed', statusText: failedStatusText(context.failure?.state, context.failure?.error.message) };
  if (input.interrupted) return { status: 'interrupted', statusText: 'Interrupted by a restart — resume to continue from the last completed step' };
  if (context.paused) return { status: 'paused', statusText: 'Paused' };
  if (input.queued) return { status: 'queued', statusText: input.queued.reason };
  if (input.settingUp) return { status: 'running', statusText: setupStatusText(input.settingUp.script) };
  const approval = agents.find((agent) => agent.pendingApproval);
  if (approval?.pendingApproval) return { status: 'needs_you', statusText: toolRequestText(approval.key, approval.pendingApproval.tool, approval.pendingApproval.input, approval.role) };
  if (tags.has('openingPullRequest')) return { status: 'running', statusText: input.record.pullRequest?.state === 'open' ? `Pushing the new commits to pull request #${input.record.pullRequest.number}` : 'Pushing the branch and opening the pull request' };
  if (tags.has('pullRequestOpen')) return pullRequestStatus(input.record);
  if (tags.has('needsYou')) return { status: 'needs_you', statusText: context.gate?.conflict ? `Merge conflict: ${context.gate.conflict.files.join(', ')}` : (context.gate?.reason ?? 'Waiting for you') };
  const working = agents.find((agent) => agent.phase !== 'done' && agent.phase !== 'idle' && agent.phase !== 'failed');
  return { status: 'running', statusText: working ? workingStatusText(working.key, working.phase) : 'Working' };
}

export function summarizeRun(input: RunSummaryInput): RunSummary {
  const { record } = input;
  const agents = input.agents.map(({ key, context }) => agentSummary(record, key, context));
  const { status, statusText } = runStatusOf(input, agents);
  const context = input.workflow.context;
  const usage = agents.reduce(
    (total, agent) => ({ inputTokens: total.inputTokens + agent.usage.inputTokens, outputTokens: total.outputTokens + agent.usage.outputTokens, costUsd: total.costUsd + agent.usage.costUsd }),
    { inputTokens: 0, outputTokens: 0, costUsd: 0 },
  );
  const summary: RunSummary = {
    id: record.id,
    cardId: record.cardId,
    workflow: record.workflow,
    status,
    statusText,
    activeStates: input.activeStates,
    round: context.round,
    maxRounds: context.maxRounds,
    cycleStart: context.cycleStart ?? 0,
    reviews: context.reviews,
    agents,
    worktrees: Object.entries(record.worktrees).map(([key, worktree]) => ({ key, ...worktree })),
    usage,
    createdAt: record.createdAt,
    updatedAt: input.now,
  };
  if (context.gate) summary.gate = context.gate;
  if (record.gitConfigFinding) summary.gitConfig = record.gitConfigFinding;
  if (record.pullRequest) summary.pullRequest = record.pullRequest;
  if (context.failure) summary.error = context.failure.error;
  const setup = input.setup ?? latestSetup(record);
  if (setup) summary.setup = setup;
  return summary;
}

/** The setup recorded last among the run's worktrees (a failed one first: it is what the card must show). */
function latestSetup(record: RunRecord): RunSetupSummary | undefined {
  const setups = Object.values(record.worktrees).flatMap((worktree) => (worktree.setup === undefined ? [] : [worktree.setup]));
  return setups.find((setup) => setup.state === 'failed') ?? setups.at(-1);
}
/** An open pull request in words: waiting on GitHub, or asking for you when a check failed or a comment came in. */
function pullRequestStatus(record: RunRecord): { status: RunStatus; statusText: string } {
  const pullRequest = record.pullRequest;
  if (pullRequest === undefined) return { status: 'running', statusText: 'Following the pull request' };
  const number = `pull request #${pullRequest.number}`;
  if (pullRequest.problem !== undefined) return { status: 'running', statusText: `Could not read ${number}: ${pullRequest.problem.message}` };
  const unsent = unsentFeedback(pullRequest);
  if (unsent.checks.length > 0 || unsent.comments.length > 0) {
    const failed = pullRequest.checks.filter((check) => unsent.checks.includes(check.id)).map((check) => `"${check.name}"`);
    const parts = [...(failed.length > 0 ? [`check ${failed.join(', ')} failed`] : []), ...(unsent.comments.length > 0 ? [`${unsent.comments.length} new review comment${unsent.comments.length === 1 ? '' : 's'}`] : [])];
    return { status: 'needs_you', statusText: `On ${number}: ${parts.join(' and ')} — send to the developer or merge on GitHub` };
  }
  const running = pullRequest.checks.filter((check) => check.status !== 'completed').length;
  const passed = pullRequest.checks.filter((check) => check.status === 'completed' && check.conclusion === 'success').length;
  const checks = pullRequest.checks.length === 0 ? 'no checks yet' : running > 0 ? `${running} check${running === 1 ? '' : 's'} running` : `${passed} of ${pullRequest.checks.length} checks passed`;
  return { status: 'running', statusText: `${number[0]!.toUpperCase()}${number.slice(1)} is open on GitHub (${checks}); waiting for it to be merged` };
}
