import type { ErrorData } from '../errors.js';
import type { CheckedResponse } from './agent-context.js';

/**
 * What an agent actor receives. Commands come from the workflow or the person at the board;
 * `MODEL_*` events come from the agent's own request actor (the edge) and are internal.
 */
export type AgentCommand =
  /** Begins the task: the text becomes the first user message. */
  | { type: 'START'; task: string }
  | { type: 'PAUSE' }
  | { type: 'RESUME' }
  | { type: 'CANCEL'; reason?: string }
  /** `scope: 'always'` picks an agent's "allow always" option where it offers one (ACP agents). */
  | { type: 'APPROVE'; callId: string; by?: string; scope?: 'once' | 'always' }
  | { type: 'DENY'; callId: string; reason?: string; by?: string; scope?: 'once' | 'always' }
  /** While it waits to retry the model: give up now and fail with the last error (the person's "Stop retrying"). */
  | { type: 'STOP_RETRYING' }
  /** A follow-up instruction for the same conversation; from `done` it starts a new round. */
  | { type: 'USER_MESSAGE'; text: string };

export type AgentCommandType = AgentCommand['type'];

export type ModelStreamEvent =
  | { type: 'MODEL_TEXT_START'; index: number }
  | { type: 'MODEL_TEXT_DELTA'; index: number; text: string }
  | { type: 'MODEL_TEXT_END'; index: number }
  /** Any other stream part: proof of life for the idle timeout. */
  | { type: 'MODEL_ACTIVITY' }
  | { type: 'MODEL_RESPONDED'; response: CheckedResponse }
  | { type: 'MODEL_FAILED'; error: ErrorData };

export type AgentMachineEvent = AgentCommand | ModelStreamEvent;
