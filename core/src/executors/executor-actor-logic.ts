import { fromCallback } from 'xstate';
import type { AgentEvent } from '../agents/agent-events.js';
import { toErrorData } from '../errors.js';
import type { AgentExecutor, ExecutorResult, ExecutorRunInput } from './executor.js';

/**
 * An executor as XState actor logic, for an agent machine to `invoke`: it starts the run, sends
 * every agent event and the final result back to the parent, and accepts `PAUSE` (stop at a safe
 * point, result `paused` with the session id) and `CANCEL` (kill the process group). Stopping the
 * actor (the parent leaving the invoking state) cancels a run still going.
 */

export type ExecutorControlEvent = { type: 'PAUSE' } | { type: 'CANCEL' };

export type ExecutorParentEvent =
  | { type: 'executor.event'; event: AgentEvent }
  /** The CLI reported its session (thread) id: keep it to resume after a crash or restart. */
  | { type: 'executor.session'; sessionId: string }
  | { type: 'executor.done'; result: ExecutorResult };

export type ExecutorLogicInput = Omit<ExecutorRunInput, 'signal' | 'pauseSignal' | 'onSessionStarted'>;

export function createExecutorLogic(executor: AgentExecutor) {
  return fromCallback<ExecutorControlEvent, ExecutorLogicInput, AgentEvent>(({ input, sendBack, receive, emit }) => {
    const cancel = new AbortController();
    const pause = new AbortController();
    let settled = false;
    receive((event) => {
      if (event.type === 'PAUSE') pause.abort();
      if (event.type === 'CANCEL') cancel.abort();
    });
    const forward = (event: AgentEvent): void => {
      emit(event);
      sendBack({ type: 'executor.event', event } satisfies ExecutorParentEvent);
    };
    const onSessionStarted = (sessionId: string): void => {
      if (!settled) sendBack({ type: 'executor.session', sessionId } satisfies ExecutorParentEvent);
    };
    executor.run({ ...input, signal: cancel.signal, pauseSignal: pause.signal, onSessionStarted }, forward).then(
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
