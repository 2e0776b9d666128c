import type { Snapshot } from 'xstate';
import type { AgentContext } from '../agents/agent-context.js';
import type { AgentFailureReason } from '../agents/agent-events.js';
import { defaultRetrySettings } from '../agents/retry-settings.js';
import { failureReasonOf, type CliAgentContext } from '../executors/cli-agent-context.js';
import { restorableCliAgentSnapshot } from '../executors/cli-agent-snapshot.js';
import type { provideCliAgentMachine } from '../executors/create-cli-agent-actor.js';
import type { ActorLike } from './run-children.js';
import type { HostedAgentFactory } from './agent-host.js';
import type { CliAgentKind } from './cli-agent-choice.js';

/**
 * An agent CLI (Claude Code, Codex) as an agent of a run: the `HostedAgentFactory` the agent host
 * drives, next to the built-in one. A CLI agent's snapshot restores through
 * `restorableCliAgentSnapshot` (a run cut off by a restart comes back paused; RESUME continues the
 * CLI's session with `--resume`); the CLI runs its own tools, so no tool journal is kept.
 */

function topState(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) return Object.keys(value)[0] ?? '';
  return '';
}

/**
 * The CLI agent's context in the built-in agent's words, for the run's views and the host's
 * step outcome (pure): `turn` counts the CLI's runs, `result` is its last final answer, `failure`
 * carries its last error.
 */
export function agentContextOfCliAgent(context: CliAgentContext): AgentContext {
  const view: AgentContext = {
    agentId: context.agentId,
    provider: context.executorKind,
    modelName: context.model ?? context.executorKind,
    toolNames: [],
    policy: context.policy,
    budgets: context.maxTurns === undefined ? {} : { maxTurns: context.maxTurns },
    retry: defaultRetrySettings,
    maxConsecutiveMistakes: 0,
    phase: context.phase,
    conversation: [],
    queuedMessages: [...context.pendingFollowUps],
    resumeTo: null,
    pauseRequested: false,
    turn: context.runs,
    usage: context.usage,
    costUsd: context.costUsd,
    pendingToolCalls: [],
    consecutiveMistakes: 0,
    retryAttempt: 0,
    retryDelayMs: 0,
    jitter: 0,
    lastError: context.lastError,
    startedAt: null,
    now: 0,
    failure: null,
  };
  if (context.phase === 'done' && context.lastResult !== null) view.result = context.lastResult;
  if (context.phase === 'failed') {
    // A CLI's own reason (e.g. `error_max_turns`) is passed on as it is.
    view.failure = { reason: failureReasonOf(context) as AgentFailureReason, ...(context.lastError === null ? {} : { error: context.lastError }) };
  }
  return view;
}

/** The agent host's factory for a CLI agent of `kind`; `createActor` binds the executor, worktree and environment. */
/** A CLI agent's actor: a child of the run's actor system, or one of its own. */
export type CliAgentActorLike = ActorLike<ReturnType<typeof provideCliAgentMachine>>;

export function cliAgentFactory(kind: CliAgentKind, createActor: (snapshot: Snapshot<unknown> | undefined) => CliAgentActorLike): HostedAgentFactory {
  return {
    kind,
    journalsTools: false,
    restore: (persisted) => {
      const value = (persisted as { value?: unknown } | null)?.value;
      const restored = restorableCliAgentSnapshot(persisted as Snapshot<unknown>) as unknown as { value: unknown };
      // Was mid-run: `running` comes back `paused` (a cancel that was under way stands: `cancelled`).
      return { snapshot: restored, interrupted: topState(value) === 'running' && topState(restored.value) === 'paused' };
    },
    create: (snapshot) => {
      const actor = createActor(snapshot as Snapshot<unknown> | undefined);
      return {
        start: () => actor.start(),
        stop: () => actor.stop(),
        send: (command) => actor.send(command),
        can: (command) => actor.getSnapshot().can(command),
        context: () => {
          const snapshot = actor.getSnapshot();
          return { ...agentContextOfCliAgent(snapshot.context), pauseRequested: snapshot.matches({ running: 'pausing' }) };
        },
        status: () => actor.getSnapshot().status,
        onEvent: (listener) => void actor.on('*', listener),
        subscribe: (listener) => actor.subscribe({ next: listener, error: listener, complete: listener }),
        persistenceKey: () => {
          const current = actor.getSnapshot();
          return JSON.stringify([current.status, current.value, current.context]);
        },
        persistedSnapshot: (redact) => redact(actor.getPersistedSnapshot()),
      };
    },
  };
}
