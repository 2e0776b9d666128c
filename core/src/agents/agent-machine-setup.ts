import { fromCallback, fromPromise, setup, type EventObject } from 'xstate';
import type { AgentContext, AgentInput, ResumeTarget } from './agent-context.js';
import type { AgentMachineEvent } from './agent-commands.js';
import type { AgentEvent, AgentEventBody } from './agent-events.js';
import {
  exceededBudget,
  nextUnsettledCall,
  notProvided,
  policyOf,
  resumeTargetOf,
  canRetryNow,
  toolResultOf,
  type RequestModelInput,
  type RunToolInput,
  type ToolRunOutput,
} from './agent-machine-effects.js';

/**
 * The agent machine's vocabulary: its types, the effects it names (bound at the edge with
 * `.provide()`: the actors `prepareWorkspace`, `requestModel`, `runTool` and the environment
 * actions `emitAgentEvent`, `readClock`, `drawRandom`), its guards and its delays. The pure
 * actions and the statechart are in `agent-machine.ts`.
 */

const unprovidedActor = (name: string) =>
  fromPromise<never, unknown>(async () => {
    throw notProvided(name);
  });

export const agentSetup = setup({
  types: {
    context: {} as AgentContext,
    events: {} as AgentMachineEvent,
    input: {} as AgentInput,
    emitted: {} as AgentEvent,
  },
  actors: {
    prepareWorkspace: unprovidedActor('prepareWorkspace') as unknown as ReturnType<typeof fromPromise<void, { agentId: string }>>,
    requestModel: fromCallback<EventObject, RequestModelInput>(() => {
      throw notProvided('requestModel');
    }),
    runTool: unprovidedActor('runTool') as unknown as ReturnType<typeof fromPromise<ToolRunOutput, RunToolInput>>,
  },
  actions: {
    // -- environment: provided at the edge --
    emitAgentEvent: (_, _params: AgentEventBody) => {
      throw notProvided('emitAgentEvent');
    },
    readClock: () => {
      throw notProvided('readClock');
    },
    drawRandom: () => {
      throw notProvided('drawRandom');
    },
  },
  guards: {
    budgetExceeded: ({ context }, params: { moment: 'beforeTurn' | 'afterTurn' }) => exceededBudget(context, params.moment) !== undefined,
    responseHasNoToolCalls: ({ event }) => event.type === 'MODEL_RESPONDED' && event.response.toolCalls.length === 0,
    canRetry: ({ context }) => canRetryNow(context),
    toolsSettled: ({ context }) => nextUnsettledCall(context) === undefined || toolResultOf(context).found,
    pauseRequested: ({ context }) => context.pauseRequested,
    hasQueuedMessages: ({ context }) => context.queuedMessages.length > 0,
    nextCallHasProblem: ({ context }) => nextUnsettledCall(context)?.problem !== undefined,
    nextCallDenied: ({ context }) => {
      const call = nextUnsettledCall(context);
      return call !== undefined && !call.approved && policyOf(context, call) === 'deny';
    },
    nextCallNeedsApproval: ({ context }) => {
      const call = nextUnsettledCall(context);
      return call !== undefined && !call.approved && policyOf(context, call) === 'ask';
    },
    eventIsForAwaitedCall: ({ context, event }) =>
      (event.type === 'APPROVE' || event.type === 'DENY') && nextUnsettledCall(context)?.callId === event.callId,
    taskFinishedByTool: ({ context }) => toolResultOf(context).found,
    tooManyMistakes: ({ context }) => context.consecutiveMistakes > context.maxConsecutiveMistakes,
    resumesTo: ({ context }, params: { target: ResumeTarget }) => resumeTargetOf(context) === params.target,
  },
  delays: {
    backoffDelay: ({ context }) => context.retryDelayMs,
    requestIdleTimeout: ({ context }) => context.retry.requestIdleTimeoutMs,
  },
});
