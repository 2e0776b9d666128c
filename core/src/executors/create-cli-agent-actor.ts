import { stat } from 'node:fs/promises';
import { createActor, emit, type Actor, type ActorOptions, type CallbackActorLogic, type Snapshot } from 'xstate';
import type { ToolPolicy } from '../agents/tools/tool.js';
import type { AgentEvent, AgentEventBody } from '../agents/agent-events.js';
import { ConfigurationError } from '../errors.js';
import { systemClock, type Clock } from '../ports/clock.js';
import type { CliAgentContext, CliAgentInput, CliAgentRunRequest } from './cli-agent-context.js';
import { cliAgentMachine } from './cli-agent-machine.js';
import { restorableCliAgentSnapshot } from './cli-agent-snapshot.js';
import type { AgentExecutor } from './executor.js';
import { createExecutorLogic, type ExecutorControlEvent } from './executor-actor-logic.js';

/**
 * Creates the agent actor of an agent CLI: `cliAgentMachine` with its executor, worktree,
 * environment and clock bound at the edge. Same surface as `createAgentActor` (START, PAUSE,
 * RESUME, CANCEL, USER_MESSAGE; the same `AgentEvent`s on `actor.on('*', …)`), so a workflow can
 * use Claude Code for one step and the built-in loop for another.
 */

export interface CliAgentActorOptions {
  /** Stable id of the agent; stamped on every event it emits (and Codex's home folder). */
  id: string;
  executor: AgentExecutor;
  /** Absolute path of the agent's worktree: the CLI's working directory. */
  worktree: string;
  model?: string;
  /** Kanbots' tool policy, mapped by the executor to the CLI's permission controls. */
  policy: ToolPolicy;
  maxTurns?: number;
  /** The base environment of the CLI (PATH, HOME, proxies). Default: `process.env` (the executor strips keys). */
  env?: Record<string, string | undefined>;
  /** Time of the events the actor emits itself. Default: the system clock. */
  clock?: Clock;
  /** Sent with `--resume` when a paused or interrupted run continues without a follow-up. */
  resumePrompt?: string;
}

export interface CliAgentActorRuntimeOptions {
  /**
   * A persisted snapshot (`actor.getPersistedSnapshot()`, JSON round-tripped is fine). One taken
   * during a run comes back `paused` (interrupted); RESUME continues the CLI session.
   */
  snapshot?: Snapshot<unknown>;
  /** Inspection hook (`@statelyai/inspect`, activity traces). */
  inspect?: ActorOptions<CliAgentLogic>['inspect'];
}

async function assertWorktree(worktree: string): Promise<void> {
  const info = await stat(worktree).catch((error: unknown) => {
    throw new ConfigurationError(`The worktree "${worktree}" is not accessible`, { cause: error });
  });
  if (!info.isDirectory()) throw new ConfigurationError(`The worktree "${worktree}" is not a directory`);
}

/** The machine with its effects bound: the executor (in the worktree, with the environment) and the clock. */
export function provideCliAgentMachine(options: CliAgentActorOptions) {
  const clock = options.clock ?? systemClock;
  const env = options.env ?? process.env;
  const bound: AgentExecutor = {
    kind: options.executor.kind,
    run: async (input, emitEvent) => {
      await assertWorktree(options.worktree);
      return options.executor.run({ ...input, worktree: options.worktree, env }, emitEvent);
    },
  };
  // The machine starts runs without worktree and environment (they stay out of its snapshot); `bound` adds them.
  // The machine starts runs without the worktree and the environment (they stay out of its
  // snapshot): `bound` adds them, so the logic accepts the machine's narrower run request.
  const runExecutor = createExecutorLogic(bound) as unknown as CallbackActorLogic<ExecutorControlEvent, CliAgentRunRequest, AgentEvent>;
  return cliAgentMachine.provide({
    actors: { runExecutor },
    actions: {
      emitAgentEvent: emit(({ context }: { context: CliAgentContext }, params: AgentEventBody) => ({ ...params, agentId: context.agentId, at: clock.now() }) as AgentEvent),
    },
  });
}

/** The input the machine starts from (plain data; no path, environment or secret enters it). */
export function cliAgentInputOf(options: CliAgentActorOptions): CliAgentInput {
  const input: CliAgentInput = { agentId: options.id, executorKind: options.executor.kind, policy: options.policy };
  if (options.model !== undefined) input.model = options.model;
  if (options.maxTurns !== undefined) input.maxTurns = options.maxTurns;
  if (options.resumePrompt !== undefined) input.resumePrompt = options.resumePrompt;
  return input;
}

type CliAgentLogic = ReturnType<typeof provideCliAgentMachine>;

export type CliAgentActor = Actor<CliAgentLogic>;

/**
 * Creates (does not start) a CLI agent actor. Send `START {task}` after `start()`; observe with
 * `actor.on('*', …)`. APPROVE / DENY are ignored: CLIs in `-p` mode cannot ask (the policy is
 * applied by the CLI itself).
 */
export function createCliAgentActor(options: CliAgentActorOptions, runtime: CliAgentActorRuntimeOptions = {}): CliAgentActor {
  const machine = provideCliAgentMachine(options);
  return createActor(machine, {
    id: options.id,
    input: cliAgentInputOf(options),
    ...(runtime.snapshot === undefined ? {} : { snapshot: restorableCliAgentSnapshot(runtime.snapshot) }),
    ...(runtime.inspect === undefined ? {} : { inspect: runtime.inspect }),
  });
}
