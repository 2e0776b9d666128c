import { and, assign, enqueueActions } from 'xstate';
import { KanbotsError } from '../errors.js';
import type { ResumeTarget } from './agent-context.js';
import { initialAgentContext } from './agent-context.js';
import type { AgentEventBody, AgentPhase } from './agent-events.js';
import { capToolContent } from './agent-events.js';
import {
  applyResponse,
  budgetErrorData,
  providerFailureError,
  conversationAfterTools,
  exceededBudget,
  finalText,
  misbehavingErrorData,
  nextUnsettledCall,
  plannedBackoff,
  requestInput,
  settleNextCall,
  timeoutErrorData,
  toolResultOf,
  turnCost,
  type ToolRunOutput,
} from './agent-machine-effects.js';
import { agentSetup } from './agent-machine-setup.js';
import { appendUserText } from './conversation.js';

/**
 * The agent actor: one conversation with one model, in one worktree.
 *
 *   idle → preparing → requesting ⇄ runningTools (⇄ awaitingApproval) → done | failed | cancelled
 *                        ↘ backingOff ↗            paused ← any active state, RESUME returns
 *
 * Pure: the effects are named in `agent-machine-setup.ts` and bound at the edge with `.provide()`
 * (see `provideAgentMachine`): the actors `prepareWorkspace`, `requestModel`, `runTool`, and the
 * environment actions `emitAgentEvent` (stamps `agentId` and `at`), `readClock` and `drawRandom`.
 * The context is plain data, so a persisted snapshot survives JSON and restores.
 */

/**
 * The named environment action that emits `body`, for `enqueue()`. (Typed loosely on purpose:
 * `enqueueActions` cannot infer the machine's named actions while they are being declared.)
 */
function emitted(body: AgentEventBody): never {
  return { type: 'emitAgentEvent', params: body } as never;
}

const cancelTransition = { target: '#agent.cancelled' } as const;
const pauseTo = (resumeTo: ResumeTarget) => ({ target: '#agent.paused', actions: [{ type: 'rememberResume', params: { resumeTo } }] }) as const;

export const agentMachine = agentSetup.extend({
  actions: {
    enterPhase: enqueueActions(({ context, enqueue }, params: { to: AgentPhase; reason?: string }) => {
      if (context.phase === params.to) return;
      const body: AgentEventBody = { type: 'agent.state.changed', from: context.phase, to: params.to };
      if (params.reason !== undefined) body.reason = params.reason;
      enqueue(emitted(body));
      enqueue.assign({ phase: params.to });
    }),
    beginTask: assign(({ context, event }) => {
      if (event.type !== 'START') return {};
      return { conversation: appendUserText(context.conversation, event.task), startedAt: context.now };
    }),
    queueUserMessage: assign(({ context, event }) => (event.type === 'USER_MESSAGE' ? { queuedMessages: [...context.queuedMessages, event.text] } : {})),
    flushQueuedMessages: assign(({ context }) => {
      if (context.queuedMessages.length === 0) return {};
      let conversation = context.conversation;
      for (const text of context.queuedMessages) conversation = appendUserText(conversation, text);
      return { conversation, queuedMessages: [] };
    }),
    startNewRound: assign(({ context, event }) => {
      if (event.type !== 'USER_MESSAGE') return {};
      return { conversation: appendUserText(context.conversation, event.text), failure: null, result: undefined, consecutiveMistakes: 0, retryAttempt: 0, retryStartedAt: undefined };
    }),
    clearFailure: assign({ failure: null, consecutiveMistakes: 0, retryAttempt: 0, retryStartedAt: undefined, lastError: null }),
    emitTextPart: enqueueActions(({ context, event, enqueue }) => {
      const turn = context.turn + 1;
      if (event.type === 'MODEL_TEXT_START') enqueue(emitted({ type: 'agent.text.start', turn, index: event.index }));
      if (event.type === 'MODEL_TEXT_DELTA') {
        enqueue(emitted({ type: 'agent.text.delta', turn, index: event.index, text: event.text }));
      }
      if (event.type === 'MODEL_TEXT_END') enqueue(emitted({ type: 'agent.text.end', turn, index: event.index }));
    }),
    recordResponse: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'MODEL_RESPONDED') return;
      const { response } = event;
      enqueue.assign(applyResponse(context, response));
      enqueue(
        emitted({
          type: 'agent.turn.ended',
          turn: context.turn + 1,
          usage: response.usage,
          costUsd: turnCost(context, response),
          latencyMs: response.latencyMs,
          model: response.model,
          stopReason: response.stopReason,
        }),
      );
    }),
    recordModelError: assign(({ event }) => (event.type === 'MODEL_FAILED' ? { lastError: event.error } : {})),
    recordTimeout: assign(({ context }) => ({ lastError: timeoutErrorData(context) })),
    planBackoff: enqueueActions(({ context, enqueue }) => {
      const planned = plannedBackoff(context);
      enqueue.assign(planned);
      if (context.lastError) {
        enqueue(emitted({ type: 'agent.backoff', attempt: planned.retryAttempt, delayMs: planned.retryDelayMs, error: context.lastError }));
      }
    }),
    failForProvider: assign(({ context }, params: { stoppedByPerson: boolean }) => {
      const error = providerFailureError(context, params.stoppedByPerson);
      return { failure: error ? { reason: 'provider_error' as const, error } : { reason: 'provider_error' as const } };
    }),
    failForPreparation: assign(({ event }) => {
      const error = (event as { error?: unknown }).error;
      // A typed error (a worktree that is not there: ConfigurationError) keeps its name and code, as with an agent CLI.
      if (error instanceof KanbotsError) return { failure: { reason: 'preparation_failed' as const, error: error.toData() } };
      const message = error instanceof Error ? error.message : String(error);
      return { failure: { reason: 'preparation_failed' as const, error: { name: 'Error', code: 'preparation_failed', message, retryable: false } } };
    }),
    failForBudget: assign(({ context }, params: { moment: 'beforeTurn' | 'afterTurn' }) => {
      const budget = exceededBudget(context, params.moment);
      return budget ? { failure: { reason: 'budget_exceeded' as const, budget: budget.budget, error: budgetErrorData(budget) } } : {};
    }),
    failForMistakes: assign(({ context }) => ({ failure: { reason: 'model_misbehaving' as const, error: misbehavingErrorData(context) } })),
    finishWithText: assign(({ event }) => (event.type === 'MODEL_RESPONDED' ? { result: finalText(event.response) } : {})),
    finishWithToolResult: assign(({ context }) => ({ result: toolResultOf(context).result })),
    rememberResume: assign((_, params: { resumeTo: ResumeTarget }) => ({ resumeTo: params.resumeTo, pauseRequested: false })),
    requestPause: assign({ pauseRequested: true }),
    settleProblemCall: enqueueActions(({ context, enqueue }) => {
      const call = nextUnsettledCall(context);
      if (!call) return;
      const content = call.problem ?? 'Invalid tool call.';
      enqueue(emitted({ type: 'agent.tool.started', callId: call.callId, name: call.name, input: call.input }));
      enqueue(emitted({ type: 'agent.tool.finished', callId: call.callId, name: call.name, isError: true, content, durationMs: 0 }));
      enqueue.assign({
        pendingToolCalls: settleNextCall(context, { content, isError: true, hasResult: false, durationMs: 0, mistake: true }),
        consecutiveMistakes: context.consecutiveMistakes + 1,
      });
    }),
    settleRefusedCall: enqueueActions(({ context, event, enqueue }, params: { by: 'policy' | 'human' }) => {
      const call = nextUnsettledCall(context);
      if (!call) return;
      let content = 'The call was denied by policy: this tool is not allowed here. Do the task without it.';
      if (params.by === 'human' && event.type === 'DENY') {
        content = `The call was denied by the user${event.reason ? `: ${event.reason}` : '.'}`;
        const resolved: AgentEventBody = { type: 'agent.tool.approval.resolved', callId: call.callId, approved: false };
        if (event.by !== undefined) resolved.by = event.by;
        if (event.reason !== undefined) resolved.reason = event.reason;
        enqueue(emitted(resolved));
      }
      enqueue(emitted({ type: 'agent.tool.finished', callId: call.callId, name: call.name, isError: true, content, durationMs: 0 }));
      enqueue.assign({ pendingToolCalls: settleNextCall(context, { content, isError: true, hasResult: false, durationMs: 0, mistake: false }) });
    }),
    approveCall: enqueueActions(({ context, event, enqueue }) => {
      const call = nextUnsettledCall(context);
      if (!call || event.type !== 'APPROVE') return;
      const resolved: AgentEventBody = { type: 'agent.tool.approval.resolved', callId: call.callId, approved: true };
      if (event.by !== undefined) resolved.by = event.by;
      enqueue(emitted(resolved));
      enqueue.assign({ pendingToolCalls: context.pendingToolCalls.map((pending) => (pending === call ? { ...pending, approved: true } : pending)) });
    }),
    emitApprovalRequested: enqueueActions(({ context, enqueue }) => {
      const call = nextUnsettledCall(context);
      if (!call) return;
      enqueue(emitted({ type: 'agent.tool.approval.requested', callId: call.callId, name: call.name, input: call.input }));
    }),
    emitToolStarted: enqueueActions(({ context, enqueue }) => {
      const call = nextUnsettledCall(context);
      if (!call) return;
      enqueue(emitted({ type: 'agent.tool.started', callId: call.callId, name: call.name, input: call.input }));
    }),
    settleToolOutcome: enqueueActions(({ context, event, enqueue }) => {
      const call = nextUnsettledCall(context);
      if (!call) return;
      const output = (event as { output?: ToolRunOutput }).output;
      const crash = (event as { error?: unknown }).error;
      const settled = output
        ? { ...output, mistake: false }
        : { content: `The tool failed: ${crash instanceof Error ? crash.message : String(crash)}`, isError: true, hasResult: false, durationMs: 0, mistake: false };
      const finished: AgentEventBody = {
        type: 'agent.tool.finished',
        callId: call.callId,
        name: call.name,
        isError: settled.isError,
        content: capToolContent(settled.content),
        durationMs: settled.durationMs,
      };
      if (settled.data !== undefined) finished.data = settled.data;
      enqueue(emitted(finished));
      enqueue.assign({ pendingToolCalls: settleNextCall(context, settled), consecutiveMistakes: 0 });
    }),
    appendToolResults: assign(({ context }) => ({ conversation: conversationAfterTools(context), queuedMessages: [] })),
    clearToolCalls: assign({ pendingToolCalls: [] }),
    emitFailure: enqueueActions(({ context, enqueue }) => {
      const failure = context.failure;
      if (failure?.error) enqueue(emitted({ type: 'agent.error', error: failure.error }));
      const finished: AgentEventBody = { type: 'agent.finished', status: 'failed' };
      if (failure) finished.reason = failure.reason;
      if (failure?.budget) finished.budget = failure.budget;
      enqueue(emitted(finished));
    }),
    emitDone: enqueueActions(({ context, enqueue }) => {
      enqueue(emitted({ type: 'agent.finished', status: 'done', result: context.result }));
    }),
    emitCancelled: enqueueActions(({ event, enqueue }) => {
      const finished: AgentEventBody = { type: 'agent.finished', status: 'cancelled' };
      if (event.type === 'CANCEL' && event.reason !== undefined) finished.reason = event.reason;
      enqueue(emitted(finished));
    }),
  },
}).createMachine({
  id: 'agent',
  context: ({ input }) => initialAgentContext(input),
  initial: 'idle',
  states: {
    idle: {
      on: {
        START: { target: 'preparing', actions: ['readClock', 'beginTask'] },
        CANCEL: cancelTransition,
      },
    },
    preparing: {
      entry: { type: 'enterPhase', params: { to: 'preparing' } },
      invoke: {
        src: 'prepareWorkspace',
        input: ({ context }) => ({ agentId: context.agentId }),
        onDone: { target: 'nextTurn' },
        onError: { target: 'failed', actions: 'failForPreparation' },
      },
      on: { PAUSE: pauseTo('preparing'), CANCEL: cancelTransition, USER_MESSAGE: { actions: 'queueUserMessage' } },
    },
    /** Transient: follow-ups join the conversation, budgets are checked, then the model is asked. */
    nextTurn: {
      entry: ['readClock', 'flushQueuedMessages'],
      always: [
        { guard: { type: 'budgetExceeded', params: { moment: 'beforeTurn' } }, target: 'failed', actions: { type: 'failForBudget', params: { moment: 'beforeTurn' } } },
        { target: 'requesting' },
      ],
    },
    requesting: {
      entry: { type: 'enterPhase', params: { to: 'requesting' } },
      invoke: { src: 'requestModel', input: ({ context }) => requestInput(context) },
      initial: 'streaming',
      states: {
        streaming: {
          after: { requestIdleTimeout: { target: '#agent.retryDecision', actions: ['readClock', 'recordTimeout'] } },
          on: {
            MODEL_TEXT_START: { target: 'streaming', reenter: true, actions: 'emitTextPart' },
            MODEL_TEXT_DELTA: { target: 'streaming', reenter: true, actions: 'emitTextPart' },
            MODEL_TEXT_END: { target: 'streaming', reenter: true, actions: 'emitTextPart' },
            MODEL_ACTIVITY: { target: 'streaming', reenter: true },
          },
        },
      },
      on: {
        MODEL_RESPONDED: [
          // A follow-up arrived while the model was answering: it gets answered too.
          { guard: and(['responseHasNoToolCalls', 'hasQueuedMessages']), target: 'nextTurn', actions: ['readClock', 'recordResponse'] },
          { guard: 'responseHasNoToolCalls', target: 'done', actions: ['readClock', 'recordResponse', 'finishWithText'] },
          { target: 'afterResponse', actions: ['readClock', 'recordResponse'] },
        ],
        MODEL_FAILED: { target: 'retryDecision', actions: ['readClock', 'recordModelError'] },
        PAUSE: pauseTo('requesting'),
        CANCEL: cancelTransition,
        USER_MESSAGE: { actions: 'queueUserMessage' },
      },
    },
    /** Transient: a turn with tool calls goes on to the tools unless a budget ran out. */
    afterResponse: {
      always: [
        { guard: { type: 'budgetExceeded', params: { moment: 'afterTurn' } }, target: 'failed', actions: ['appendToolResults', 'clearToolCalls', { type: 'failForBudget', params: { moment: 'afterTurn' } }] },
        { target: 'runningTools' },
      ],
    },
    /** Transient: a retryable failure backs off, anything else fails the run (resumable). */
    retryDecision: {
      always: [
        { guard: 'canRetry', target: 'backingOff', actions: ['drawRandom', 'planBackoff'] },
        { target: 'failed', actions: { type: 'failForProvider', params: { stoppedByPerson: false } } },
      ],
    },
    backingOff: {
      entry: { type: 'enterPhase', params: { to: 'backingOff' } },
      after: { backoffDelay: { target: 'nextTurn' } },
      on: {
        PAUSE: pauseTo('backingOff'),
        CANCEL: cancelTransition,
        USER_MESSAGE: { actions: 'queueUserMessage' },
        // The person stops the retries: the agent fails now with the last error, and the run asks them.
        STOP_RETRYING: { target: 'failed', actions: ['readClock', { type: 'failForProvider', params: { stoppedByPerson: true } }] },
      },
    },
    runningTools: {
      entry: { type: 'enterPhase', params: { to: 'runningTools' } },
      initial: 'choosing',
      states: {
        /** Transient: settles mistakes and refusals, asks, or runs the next call in order. */
        choosing: {
          always: [
            { guard: 'toolsSettled', target: '#agent.afterTools' },
            { guard: 'pauseRequested', ...pauseTo('runningTools') },
            { guard: 'nextCallHasProblem', target: 'choosing', reenter: true, actions: 'settleProblemCall' },
            { guard: 'nextCallDenied', target: 'choosing', reenter: true, actions: { type: 'settleRefusedCall', params: { by: 'policy' } } },
            { guard: 'nextCallNeedsApproval', target: '#agent.awaitingApproval' },
            { target: 'running' },
          ],
        },
        running: {
          entry: 'emitToolStarted',
          invoke: {
            src: 'runTool',
            input: ({ context }) => {
              const call = nextUnsettledCall(context);
              return { callId: call?.callId ?? '', name: call?.name ?? '', input: call?.input };
            },
            onDone: { target: 'choosing', actions: 'settleToolOutcome' },
            onError: { target: 'choosing', actions: 'settleToolOutcome' },
          },
          // The running call is the safe point: it finishes, then the pause takes effect.
          on: { PAUSE: { actions: 'requestPause' } },
        },
      },
      on: { CANCEL: cancelTransition, USER_MESSAGE: { actions: 'queueUserMessage' } },
    },
    awaitingApproval: {
      entry: [{ type: 'enterPhase', params: { to: 'awaitingApproval' } }, 'emitApprovalRequested'],
      on: {
        APPROVE: { guard: 'eventIsForAwaitedCall', target: 'runningTools', actions: 'approveCall' },
        DENY: { guard: 'eventIsForAwaitedCall', target: 'runningTools', actions: { type: 'settleRefusedCall', params: { by: 'human' } } },
        PAUSE: pauseTo('awaitingApproval'),
        CANCEL: cancelTransition,
        USER_MESSAGE: { actions: 'queueUserMessage' },
      },
    },
    /** Transient: answers the calls in the conversation, then finishes, fails, pauses or goes on. */
    afterTools: {
      entry: 'appendToolResults',
      always: [
        { guard: 'taskFinishedByTool', target: 'done', actions: ['finishWithToolResult', 'clearToolCalls'] },
        { guard: 'tooManyMistakes', target: 'failed', actions: ['failForMistakes', 'clearToolCalls'] },
        { guard: 'pauseRequested', target: '#agent.paused', actions: ['clearToolCalls', { type: 'rememberResume', params: { resumeTo: 'requesting' } }] },
        { target: 'nextTurn', actions: 'clearToolCalls' },
      ],
    },
    paused: {
      entry: { type: 'enterPhase', params: { to: 'paused' } },
      on: {
        RESUME: [
          { guard: { type: 'resumesTo', params: { target: 'preparing' } }, target: 'preparing' },
          { guard: { type: 'resumesTo', params: { target: 'runningTools' } }, target: 'runningTools' },
          { guard: { type: 'resumesTo', params: { target: 'awaitingApproval' } }, target: 'awaitingApproval' },
          { guard: { type: 'resumesTo', params: { target: 'backingOff' } }, target: 'backingOff' },
          { target: 'nextTurn' },
        ],
        CANCEL: cancelTransition,
        USER_MESSAGE: { actions: 'queueUserMessage' },
      },
      exit: assign({ resumeTo: null }),
    },
    done: {
      entry: [{ type: 'enterPhase', params: { to: 'done' } }, 'emitDone'],
      on: { USER_MESSAGE: { target: 'nextTurn', actions: 'startNewRound' } },
    },
    failed: {
      entry: [{ type: 'enterPhase', params: { to: 'failed' } }, 'emitFailure'],
      on: {
        USER_MESSAGE: { target: 'nextTurn', actions: 'startNewRound' },
        RESUME: { target: 'nextTurn', actions: 'clearFailure' },
        CANCEL: cancelTransition,
      },
    },
    cancelled: {
      type: 'final',
      entry: [{ type: 'enterPhase', params: { to: 'cancelled' } }, 'emitCancelled'],
    },
  },
});

export type AgentMachine = typeof agentMachine;
