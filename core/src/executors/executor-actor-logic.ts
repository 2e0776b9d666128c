import { fromCallback } from 'xstate';
import type { AgentEvent } from '../agents/agent-events.js';
import { toErrorData } from '../errors.js';
import { ApprovalInbox } from './approval-inbox.js';
import type { AgentExecutor, ExecutorApprovalDecision, ExecutorResult, ExecutorRunInput } from './executor.js';

/**
 * An executor as XState actor logic, for an agent machine to `invoke`: it starts the run, sends
 * every agent event and the final result back to the parent, and accepts `PAUSE` (stop at a safe
 * point, result `paused` with the session id), `CANCEL` (kill the process group) and `APPROVAL`
 * (the person's answer to a permission an ACP agent asked for, handed to the run's `approvals`). Stopping the
 * actor (the parent leaving the invoking state) cancels a run still going.
 */

export type ExecutorControlEvent =
  | { type: 'PAUSE' }
  | { type: 'CANCEL' }
  /** The person's answer to a permission the agent asked for (executors whose agent can ask). */
  | { type: 'APPROVAL'; decision: ExecutorApprovalDecision };

export type ExecutorParentEvent =
  | { type: 'executor.event'; event: AgentEvent }
  /** The CLI reported its session (thread) id: keep it to resume after a crash or restart. */
  | { type: 'executor.session'; sessionId: string }
  | { type: 'executor.done'; result: ExecutorResult };

export type ExecutorLogicInput = Omit<ExecutorRunInput, 'signal' | 'pauseSignal' | 'onSessionStarted' | 'approvals'>;

export function createExecutorLogic(executor: AgentExecutor) {
  return fromCallback<ExecutorControlEvent, ExecutorLogicInput, AgentEvent>(({ input, sendBack, receive, emit }) => {
    const cancel = new AbortController();
    const pause = new AbortController();
    const approvals = new ApprovalInbox();
    let settled = false;
    receive((event) => {
      if (event.type === 'PAUSE') pause.abort();
      if (event.type === 'CANCEL') cancel.abort();
      if (event.type === 'APPROVAL') approvals.deliver(event.decision);
    });
    const forward = (event: AgentEvent): void => {
      emit(event);
      sendBack({ type: 'executor.event', event } satisfies ExecutorParentEvent);
    };
    const onSessionStarted = (sessionId: string): void => {
      if (!settled) sendBack({ type: 'executor.session', sessionId } satisfies ExecutorParentEvent);
    };
    executor.run({ ...input, signal: cancel.signal, pauseSignal: pause.signal, onSessionStarted, approvals }, forward).then(
      (result) => {
        settled = true;
        sendBack({ type: 'executor.done', result } satisfies ExecutorParentEvent);
      },
      (error: unknown) => {
        settled = true;
        const result: ExecutorResult = { status: 'failed', error: toErrorData(error), usage: { inputTokens: 0, outputTokens: 0 }, costUsd: 0 };
        sendBack({ type: 'executor.done', result } satisfies ExecutorParentEvent);
      },
    );
    return () => {
      if (!settled) cancel.abort();
    };
  });
}
