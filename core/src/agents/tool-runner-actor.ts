import { fromPromise } from 'xstate';
import type { Clock } from '../ports/clock.js';
import type { AgentTool, ToolContext, ToolPolicy } from './tools/tool.js';
import type { RunToolInput, ToolRunOutput } from './agent-machine-effects.js';

export interface ToolRunnerDependencies {
  tools: readonly AgentTool[];
  worktree: string;
  clock: Clock;
  /** Passed to every tool (run_command reads its sandbox and network switches). */
  policy?: ToolPolicy;
  /**
   * Awaited before the tool runs (the run layer makes the call's `started` durable here, so a
   * restart never runs it again); when it fails the tool does not run and the call is answered
   * as a tool error.
   */
  beforeRun?: (call: { callId: string; name: string }) => Promise<void>;
}

/**
 * The `runTool` actor: runs one checked tool call in the worktree. Stopping the actor (cancel)
 * aborts the tool's signal, so a running command's process group is killed by the tool.
 * A tool that throws is answered as a tool error by the machine.
 */
export function createToolRunnerActor(dependencies: ToolRunnerDependencies) {
  const { tools, worktree, clock, policy, beforeRun } = dependencies;
  return fromPromise<ToolRunOutput, RunToolInput>(async ({ input, signal }) => {
    const tool = tools.find((candidate) => candidate.name === input.name);
    if (!tool) return { content: `Unknown tool "${input.name}".`, isError: true, hasResult: false, durationMs: 0 };
    if (beforeRun !== undefined) await beforeRun({ callId: input.callId, name: input.name });
    const startedAt = clock.now();
    const context: ToolContext = policy === undefined ? { worktree, signal } : { worktree, signal, policy };
    const outcome = await tool.run(input.input, context);
    const output: ToolRunOutput = {
      content: outcome.content,
      isError: outcome.isError ?? false,
      hasResult: outcome.result !== undefined,
      durationMs: clock.now() - startedAt,
    };
    if (outcome.data !== undefined) output.data = outcome.data;
    if (outcome.result !== undefined) output.result = outcome.result;
    return output;
  });
}
