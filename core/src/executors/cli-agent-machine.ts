import { and, assign, enqueueActions, fromCallback, sendTo, setup } from 'xstate';
import type { AgentCommand } from '../agents/agent-commands.js';
import type { AgentEvent, AgentEventBody, AgentPhase } from '../agents/agent-events.js';
import { ConfigurationError } from '../errors.js';
import type { ExecutorStatus } from './executor.js';
import type { ExecutorControlEvent, ExecutorParentEvent } from './executor-actor-logic.js';
import {
  afterRun,
  failureReasonOf,
  followUpPrompt,
  initialCliAgentContext,
  joinFollowUps,
  resumedPrompt,
  runRequestOf,
  type CliAgentContext,
  type CliAgentInput,
  type CliAgentRunRequest,
} from './cli-agent-context.js';

/**
 * The agent actor for an agent CLI (Claude Code, Codex): the same commands and the same emitted
 * `AgentEvent`s as the built-in agent, so a workflow can use either.
 *
 *   idle → running → done | failed | cancelled        paused ⇄ running (RESUME: `--resume <session>`)
 *
 * One `running` is one executor run (`runExecutor`, bound at the edge with `.provide()`): the CLI
 * asks the model and runs its tools itself, and its events are forwarded as they come. The
 * machine adds `agent.state.changed` for its own transitions and the `agent.finished` of the
 * task (the executor's own `agent.finished` is folded into it). A follow-up (USER_MESSAGE) runs
 * the executor again in the same session. An executor whose agent can ask (ACP) emits
 * `agent.tool.approval.requested`: the machine waits in `running.awaitingApproval` and passes
 * APPROVE / DENY on to it; one-shot CLIs never ask, so there they change nothing.
 * Pure: no `node:*`; environment actions (`emitAgentEvent`) are provided at the edge.
 */

export type CliAgentMachineEvent = AgentCommand | ExecutorParentEvent;

function notProvided(what: string): ConfigurationError {
  return new ConfigurationError(`The CLI agent machine's "${what}" is not provided: create it with createCliAgentActor() or provideCliAgentMachine()`);
}

/** The named environment action that emits `body`, for `enqueue()` (typed loosely on purpose). */
function emitted(body: AgentEventBody): never {
  return { type: 'emitAgentEvent', params: body } as never;
}

function resultStatus(event: CliAgentMachineEvent): ExecutorStatus | undefined {
  return event.type === 'executor.done' ? event.result.status : undefined;
}

/** What a run in progress accepts from the person whether or not the agent is asking something. */
const interruptible = {
  PAUSE: { target: 'pausing', actions: 'pauseExecutor' },
  CANCEL: { target: 'cancelling', actions: ['rememberCancelReason', 'cancelExecutor'] },
} as const;

export const cliAgentMachine = setup({
  types: {
    context: {} as CliAgentContext,
    events: {} as CliAgentMachineEvent,
    input: {} as CliAgentInput,
    emitted: {} as AgentEvent,
  },
  actors: {
    runExecutor: fromCallback<ExecutorControlEvent, CliAgentRunRequest, AgentEvent>(() => {
      throw notProvided('runExecutor');
    }),
  },
  actions: {
    // -- environment: provided at the edge (stamps `agentId` and `at` from the injected Clock) --
    emitAgentEvent: (_, _params: AgentEventBody) => {
      throw notProvided('emitAgentEvent');
    },
    enterPhase: enqueueActions(({ context, enqueue }, params: { to: AgentPhase; reason?: string }) => {
      if (context.phase === params.to) return;
      const body: AgentEventBody = { type: 'agent.state.changed', from: context.phase, to: params.to };
      if (params.reason !== undefined) body.reason = params.reason;
      enqueue(emitted(body));
      enqueue.assign({ phase: params.to });
    }),
    beginTask: assign(({ event }) => (event.type === 'START' ? { task: event.task, prompt: event.task } : {})),
    beginRun: assign({ errorReported: false, finishReason: null, interrupted: false }),
    queueFollowUp: assign(({ context, event }) => (event.type === 'USER_MESSAGE' ? { pendingFollowUps: [...context.pendingFollowUps, event.text] } : {})),
    startFollowUp: assign(({ context, event }) =>
      event.type === 'USER_MESSAGE' ? { prompt: followUpPrompt(context, [...context.pendingFollowUps, event.text]), pendingFollowUps: [], lastError: null } : {},
    ),
    takeFollowUps: assign(({ context }) => ({ prompt: joinFollowUps(context.pendingFollowUps), pendingFollowUps: [] })),
    prepareResume: assign(({ context }) => ({ prompt: resumedPrompt(context), pendingFollowUps: [], lastError: null })),
    recordSession: assign(({ event }) => (event.type === 'executor.session' ? { sessionId: event.sessionId } : {})),
    recordRunResult: assign(({ context, event }) => (event.type === 'executor.done' ? afterRun(context, event.result) : {})),
    rememberCancelReason: assign(({ event }) => (event.type === 'CANCEL' ? { cancelReason: event.reason ?? null } : {})),
    pauseExecutor: sendTo('executor', { type: 'PAUSE' } satisfies ExecutorControlEvent),
    forwardApproval: sendTo('executor', ({ event }): ExecutorControlEvent => {
      if (event.type !== 'APPROVE' && event.type !== 'DENY') throw new ConfigurationError(`forwardApproval got ${event.type}`);
      const decision: ExecutorControlEvent = { type: 'APPROVAL', decision: { callId: event.callId, approved: event.type === 'APPROVE' } };
      if (event.by !== undefined) decision.decision.by = event.by;
      if (event.scope !== undefined) decision.decision.scope = event.scope;
      if (event.type === 'DENY' && event.reason !== undefined) decision.decision.reason = event.reason;
      return decision;
    }),
    cancelExecutor: sendTo('executor', { type: 'CANCEL' } satisfies ExecutorControlEvent),
    /** Forwards the executor's events; its `agent.finished` becomes ours when the task ends. */
    forwardExecutorEvent: enqueueActions(({ event, enqueue }) => {
      if (event.type !== 'executor.event') return;
      const forwarded = event.event;
      if (forwarded.type === 'agent.state.changed') return;
      if (forwarded.type === 'agent.finished') {
        if (forwarded.status === 'failed' && forwarded.reason !== undefined) enqueue.assign({ finishReason: forwarded.reason });
        return;
      }
      if (forwarded.type === 'agent.error') enqueue.assign({ errorReported: true, lastError: forwarded.error });
      enqueue.emit(forwarded);
    }),
    emitDone: enqueueActions(({ context, enqueue }) => {
      const finished: AgentEventBody = { type: 'agent.finished', status: 'done' };
      if (context.lastResult !== null) finished.result = context.lastResult;
      enqueue(emitted(finished));
    }),
    emitFailure: enqueueActions(({ context, enqueue }) => {
      if (context.lastError !== null && !context.errorReported) enqueue(emitted({ type: 'agent.error', error: context.lastError }));
      enqueue(emitted({ type: 'agent.finished', status: 'failed', reason: failureReasonOf(context) }));
    }),
    emitCancelled: enqueueActions(({ context, enqueue }) => {
      const finished: AgentEventBody = { type: 'agent.finished', status: 'cancelled' };
      if (context.cancelReason !== null) finished.reason = context.cancelReason;
      enqueue(emitted(finished));
    }),
  },
  guards: {
    resultIs: ({ event }, params: { status: ExecutorStatus }) => resultStatus(event) === params.status,
    hasFollowUps: ({ context }) => context.pendingFollowUps.length > 0,
    askedForApproval: ({ event }) => event.type === 'executor.event' && event.event.type === 'agent.tool.approval.requested',
    approvalResolved: ({ event }) => event.type === 'executor.event' && event.event.type === 'agent.tool.approval.resolved',
  },
}).createMachine({
  id: 'cliAgent',
  context: ({ input }) => initialCliAgentContext(input),
  initial: 'idle',
  states: {
    idle: {
      on: {
        START: { target: 'running', actions: 'beginTask' },
        CANCEL: { target: 'cancelled', actions: 'rememberCancelReason' },
      },
    },
    running: {
      entry: ['beginRun', { type: 'enterPhase', params: { to: 'running' } }],
      invoke: { id: 'executor', src: 'runExecutor', input: ({ context }) => runRequestOf(context) },
      initial: 'working',
      states: {
        working: {
          entry: { type: 'enterPhase', params: { to: 'running' } },
          on: {
            ...interruptible,
            'executor.event': {
              guard: 'askedForApproval',
              target: 'awaitingApproval',
              actions: 'forwardExecutorEvent',
            },
          },
        },
        /** The agent asked for a permission: the card shows it until APPROVE / DENY (or pause, cancel). */
        awaitingApproval: {
          entry: { type: 'enterPhase', params: { to: 'awaitingApproval' } },
          on: {
            ...interruptible,
            'executor.event': {
              guard: 'approvalResolved',
              target: 'working',
              actions: 'forwardExecutorEvent',
            },
          },
        },
        /** The CLI stops at its next safe point (no tool running), keeping the session. */
        pausing: {
          on: { CANCEL: { target: 'cancelling', actions: ['rememberCancelReason', 'cancelExecutor'] } },
        },
        /** The process group is being killed: `cancelled` once it is gone. */
        cancelling: {
          on: { 'executor.done': { target: '#cliAgent.cancelled', actions: 'recordRunResult' } },
        },
      },
      on: {
        'executor.event': { actions: 'forwardExecutorEvent' },
        'executor.session': { actions: 'recordSession' },
        'executor.done': [
          // Follow-ups arrived during the run: they are answered in the same session first.
          {
            guard: and([{ type: 'resultIs', params: { status: 'done' as const } }, 'hasFollowUps']),
            target: 'running',
            reenter: true,
            actions: ['recordRunResult', 'takeFollowUps'],
          },
          { guard: { type: 'resultIs', params: { status: 'done' } }, target: 'done', actions: 'recordRunResult' },
          { guard: { type: 'resultIs', params: { status: 'paused' } }, target: 'paused', actions: 'recordRunResult' },
          { guard: { type: 'resultIs', params: { status: 'cancelled' } }, target: 'cancelled', actions: 'recordRunResult' },
          { target: 'failed', actions: 'recordRunResult' },
        ],
        USER_MESSAGE: { actions: 'queueFollowUp' },
        APPROVE: { actions: 'forwardApproval' },
        DENY: { actions: 'forwardApproval' },
      },
    },
    paused: {
      entry: { type: 'enterPhase', params: { to: 'paused' } },
      on: {
        RESUME: { target: 'running', actions: 'prepareResume' },
        USER_MESSAGE: { actions: 'queueFollowUp' },
        CANCEL: { target: 'cancelled', actions: 'rememberCancelReason' },
      },
    },
    done: {
      entry: [{ type: 'enterPhase', params: { to: 'done' } }, 'emitDone'],
      on: { USER_MESSAGE: { target: 'running', actions: 'startFollowUp' } },
    },
    failed: {
      entry: [{ type: 'enterPhase', params: { to: 'failed' } }, 'emitFailure'],
      on: {
        USER_MESSAGE: { target: 'running', actions: 'startFollowUp' },
        RESUME: { target: 'running', actions: 'prepareResume' },
        CANCEL: { target: 'cancelled', actions: 'rememberCancelReason' },
      },
    },
    cancelled: {
      type: 'final',
      entry: [{ type: 'enterPhase', params: { to: 'cancelled' } }, 'emitCancelled'],
    },
  },
});

export type CliAgentMachine = typeof cliAgentMachine;
