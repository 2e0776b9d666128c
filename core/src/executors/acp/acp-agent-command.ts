/**
 * How to start one ACP agent: an executable speaking the Agent Client Protocol on its stdio
 * (`gemini --acp`, `opencode acp`, the Claude Code and Codex adapters, a user's own), plus the
 * environment it needs. Plain data, so users can define their own.
 */
export interface AcpAgentCommand {
  /** Stable name, e.g. `claude-code-acp`; the executor's `kind`. */
  name: string;
  /** The executable (a name on PATH or a path). */
  command: string;
  args?: string[];
  /** Added to the child's environment (after the base environment, secrets stripped). */
  env?: Record<string, string>;
}
