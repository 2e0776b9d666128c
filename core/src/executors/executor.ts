import type { ErrorData } from '../errors.js';
import type { ToolPolicy } from '../agents/tools/tool.js';
import type { Usage } from '../providers/model-port.js';
import type { AgentEvent, AgentEventBody } from '../agents/agent-events.js';

/**
 * The executor port: one run of an agent in a worktree, reporting executor-neutral agent events.
 * Kanbots' own tool-use loop and the agent CLIs (Claude Code, Codex) are kinds of executor; the
 * agent actor does not know which one it drives. No `node:*` or SDK imports here.
 */

/** An agent event before the executor stamps it with `agentId` and `at`. */
export type AgentEventDraft = AgentEventBody;

export interface ExecutorRunInput {
  agentId: string;
  /** Absolute path of the agent's worktree: the CLI's working directory. */
  worktree: string;
  prompt: string;
  /** Continue this CLI session (a follow-up, or a resume after a pause or restart). */
  resumeSessionId?: string;
  /**
   * The agent's task (its first prompt), given with `resumeSessionId`: where the agent no longer
   * knows that session (it was cut off before saving it), a new session starts with the task.
   */
  task?: string;
  model?: string;
  /** Kanbots' tool policy, mapped to the CLI's own permission controls. */
  policy: ToolPolicy;
  maxTurns?: number;
  /**
   * The base environment of the child process (PATH, HOME, proxies, …). Secrets are NOT taken
   * from here: the executor adds the API key it was configured with, and nothing else.
   */
  env: Record<string, string | undefined>;
  /** Cancel: the whole process group is killed. */
  signal: AbortSignal;
  /**
   * Pause: stop at the next safe point (no tool running: after the current tool result or
   * message), keeping the session so a later run resumes it with `resumeSessionId`.
   */
  pauseSignal?: AbortSignal;
  /**
   * Told the session (thread) id as soon as the CLI reports it, before the run ends, so a caller
   * can persist it and resume the session after a crash or restart.
   */
  onSessionStarted?: (sessionId: string) => void;
  /**
   * The person's answers to permissions the agent asks for (`agent.tool.approval.requested`).
   * Only executors whose agent can ask use it (ACP agents); one-shot CLIs apply the policy themselves.
   */
  approvals?: ExecutorApprovals;
}

/** A person's answer to one permission request. */
export interface ExecutorApprovalDecision {
  callId: string;
  approved: boolean;
  /** `always`: the agent's "allow always" / "reject always" option, where it offers one. */
  scope?: 'once' | 'always';
  by?: string;
  reason?: string;
}

export interface ExecutorApprovals {
  /** Resolves with the decision about `callId` (also one that arrived first); rejects when `signal` aborts. */
  decision(callId: string, signal: AbortSignal): Promise<ExecutorApprovalDecision>;
}

export type ExecutorStatus = 'done' | 'failed' | 'cancelled' | 'paused';

export interface ExecutorResult {
  status: ExecutorStatus;
  /** The CLI's session (Claude Code) or thread (Codex) id: pass it back as `resumeSessionId`. */
  sessionId?: string;
  /** The agent's final answer when it finished: its text, or what it answered through a workflow tool (a review). */
  result?: unknown;
  error?: ErrorData;
  usage: Usage;
  costUsd: number;
}

export interface AgentExecutor {
  /** A stable name for logs and the UI, e.g. `claude-code`, `codex`. */
  readonly kind: string;
  run(input: ExecutorRunInput, emit: (event: AgentEvent) => void): Promise<ExecutorResult>;
}

/** Model keys never passed on from the base environment (an executor adds its own, explicitly). */
export const secretEnvironmentVariables: readonly string[] = [
  'ANTHROPIC_API_KEY',
  'ANTHROPIC_AUTH_TOKEN',
  'OPENAI_API_KEY',
  'CODEX_API_KEY',
  'KANBOTS_CODEX_API_KEY',
];

export function emptyUsage(): Usage {
  return { inputTokens: 0, outputTokens: 0 };
}

export function addUsage(total: Usage, more: Usage): Usage {
  const sum: Usage = { inputTokens: total.inputTokens + more.inputTokens, outputTokens: total.outputTokens + more.outputTokens };
  const cacheRead = (total.cacheReadTokens ?? 0) + (more.cacheReadTokens ?? 0);
  const cacheWrite = (total.cacheWriteTokens ?? 0) + (more.cacheWriteTokens ?? 0);
  if (cacheRead > 0) sum.cacheReadTokens = cacheRead;
  if (cacheWrite > 0) sum.cacheWriteTokens = cacheWrite;
  return sum;
}
