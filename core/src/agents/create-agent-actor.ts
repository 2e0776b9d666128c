import { stat } from 'node:fs/promises';
import { assign, createActor, emit, fromPromise, type Actor, type ActorOptions, type Snapshot } from 'xstate';
import { ConfigurationError } from '../errors.js';
import { systemClock, type Clock } from '../ports/clock.js';
import type { ModelPort, ModelPricing } from '../providers/model-port.js';
import type { AgentTool, ToolPolicy } from './tools/tool.js';
import { toModelToolSpec } from './tools/tool-spec.js';
import type { AgentBudgets } from './agent-budgets.js';
import type { AgentContext, AgentInput } from './agent-context.js';
import type { AgentEvent, AgentEventBody } from './agent-events.js';
import { agentMachine } from './agent-machine.js';
import { createModelRequestActor } from './model-request-actor.js';
import type { RetrySettings } from './retry-settings.js';
import { createToolRunnerActor } from './tool-runner-actor.js';

export interface AgentActorOptions {
  /** Stable id of the agent; stamped on every event it emits. */
  id: string;
  model: ModelPort;
  /** The model name sent with each request, e.g. `claude-sonnet-4-5`. */
  modelName: string;
  system?: string;
  tools: readonly AgentTool[];
  /** Default: allow every tool. */
  policy?: ToolPolicy;
  /** Absolute path of the agent's worktree. */
  worktree: string;
  budgets?: AgentBudgets;
  /** Prices of `modelName`, for cost estimates and the cost budget. */
  pricing?: ModelPricing;
  maxOutputTokens?: number;
  /** More consecutive model mistakes than this fail the run (default 3). */
  maxConsecutiveMistakes?: number;
  /** Time for events, latencies and the wall-time budget. Default: the system clock. */
  clock?: Clock;
  /** Source of jitter for backoff, in [0, 1). Default: Math.random. */
  random?: () => number;
  retry?: Partial<RetrySettings>;
  /** Awaited before each tool runs (see `ToolRunnerDependencies.beforeRun`): where a durable host journals the call. */
  beforeToolRun?: (call: { callId: string; name: string }) => Promise<void>;
}

export interface AgentActorRuntimeOptions {
  /** A persisted snapshot (`actor.getPersistedSnapshot()`, JSON round-tripped is fine). */
  snapshot?: Snapshot<unknown>;
  /** XState's scheduler clock for delays (backoff, idle timeout): `SimulatedClock` in tests. */
  schedulerClock?: ActorOptions<AgentLogic>['clock'];
  /** Inspection hook (`@statelyai/inspect`, activity traces). */
  inspect?: ActorOptions<AgentLogic>['inspect'];
}

/** The machine with the agent's effects bound: model requests, tools, worktree, clock, random. */
export function provideAgentMachine(options: AgentActorOptions) {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const tools = [...options.tools];
  return agentMachine.provide({
    actors: {
      prepareWorkspace: fromPromise<void, { agentId: string }>(async () => {
        const info = await stat(options.worktree).catch((error: unknown) => {
          throw new ConfigurationError(`The worktree "${options.worktree}" is not accessible`, { cause: error });
        });
        if (!info.isDirectory()) throw new ConfigurationError(`The worktree "${options.worktree}" is not a directory`);
      }),
      requestModel: createModelRequestActor({ model: options.model, tools, toolSpecs: tools.map(toModelToolSpec), clock }),
      runTool: createToolRunnerActor({
        tools,
        worktree: options.worktree,
        clock,
        ...(options.policy === undefined ? {} : { policy: options.policy }),
        ...(options.beforeToolRun === undefined ? {} : { beforeRun: options.beforeToolRun }),
      }),
    },
    actions: {
      emitAgentEvent: emit(({ context }: { context: AgentContext }, params: AgentEventBody) => ({ ...params, agentId: context.agentId, at: clock.now() }) as AgentEvent),
      readClock: assign({ now: () => clock.now() }),
      drawRandom: assign({ jitter: () => random() }),
    },
  });
}

/** The input the machine starts from (plain data; secrets never enter it). */
export function agentInputOf(options: AgentActorOptions): AgentInput {
  const input: AgentInput = {
    agentId: options.id,
    provider: options.model.provider,
    modelName: options.modelName,
    toolNames: options.tools.map((tool) => tool.name),
    policy: options.policy ?? { default: 'allow' },
    budgets: options.budgets ?? {},
  };
  if (options.system !== undefined) input.system = options.system;
  if (options.pricing !== undefined) input.pricing = options.pricing;
  if (options.retry !== undefined) input.retry = options.retry;
  if (options.maxConsecutiveMistakes !== undefined) input.maxConsecutiveMistakes = options.maxConsecutiveMistakes;
  if (options.maxOutputTokens !== undefined) input.maxOutputTokens = options.maxOutputTokens;
  return input;
}

type AgentLogic = ReturnType<typeof provideAgentMachine>;

export type AgentActor = Actor<AgentLogic>;

/**
 * Creates (does not start) an agent actor. Send `START {task}` after `start()`; observe with
 * `actor.on('*', …)`. With `runtime.snapshot` it continues a persisted run: a request in flight
 * is sent again, a tool call recorded as completed is never run again.
 */
export function createAgentActor(options: AgentActorOptions, runtime: AgentActorRuntimeOptions = {}): AgentActor {
  const machine = provideAgentMachine(options);
  return createActor(machine, {
    id: options.id,
    input: agentInputOf(options),
    ...(runtime.snapshot === undefined ? {} : { snapshot: runtime.snapshot }),
    ...(runtime.schedulerClock === undefined ? {} : { clock: runtime.schedulerClock }),
    ...(runtime.inspect === undefined ? {} : { inspect: runtime.inspect }),
  });
}
