import type { z } from 'zod';
import type { CommandNetworkAccess, CommandSandboxMode } from './sandbox/command-sandbox.js';

/**
 * A tool of the built-in agent. Tools are adapters at the edge (they touch the file system and
 * processes); the agent actor only sees this interface. Inputs are validated with the tool's zod
 * schema before `run` is called; the JSON Schema offered to the model is derived from it.
 */

export type ToolPolicyDecision = 'allow' | 'ask' | 'deny';

/** Per-tool decisions with a default; e.g. `{ default: 'allow', rules: { run_command: 'ask' } }`. */
export interface ToolPolicy {
  default: ToolPolicyDecision;
  rules?: Record<string, ToolPolicyDecision>;
  /** Whether `run_command` must run in an OS sandbox (default `auto`: where the platform has one). */
  sandbox?: CommandSandboxMode;
  /** Network access of sandboxed commands (default `off`). */
  network?: CommandNetworkAccess;
}

export function decideTool(policy: ToolPolicy, toolName: string): ToolPolicyDecision {
  return policy.rules?.[toolName] ?? policy.default;
}

export interface ToolContext {
  /** Absolute, real path of the agent's worktree; every path must resolve inside it. */
  worktree: string;
  /** Aborted on pause or cancel: long-running tools stop (commands kill their process group). */
  signal: AbortSignal;
  /** The agent's tool policy (its sandbox and network switches apply to `run_command`). */
  policy?: ToolPolicy;
}

export interface ToolOutcome {
  /** Text for the model. */
  content: string;
  /** True when the tool failed in a way the model can fix (bad path, no match, exit code ≠ 0). */
  isError?: boolean;
  /** Structured data for the UI and the activity log (e.g. a unified diff of a file edit). */
  data?: Record<string, unknown>;
  /** Set by tools that end the agent's task (`finish`, `submit_review`): the agent's result. */
  result?: unknown;
}

export interface AgentTool<Input = unknown> {
  name: string;
  description: string;
  inputSchema: z.ZodType<Input>;
  /** Read-only tools never change the worktree (reviewers get only these). */
  readOnly: boolean;
  run(input: Input, context: ToolContext): Promise<ToolOutcome>;
}
