import type { ReplyPlan } from './reply-plan.js';
import type { ScriptedApiKind } from './scripted-step.js';
import type { SseFrame } from './sse.js';

/** How one vendor protocol renders plans, errors and stream frames. */
export interface WireFormat {
  readonly api: ScriptedApiKind;
  /** Whether the request asked for a stream. */
  wantsStream(body: unknown): boolean;
  /** The whole non-streaming response body. */
  responseBody(plan: ReplyPlan, requestBody: unknown): unknown;
  /** Every frame of the streamed response, in order. */
  streamFrames(plan: ReplyPlan, requestBody: unknown): SseFrame[];
  /** The frame that fails a stream midway (`errorType` overrides the default type). */
  midstreamErrorFrame(errorType: string | undefined): SseFrame;
  /** An error response body for `status`. */
  errorBody(status: number, message: string): unknown;
}

export function readRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Seconds since the epoch, as OpenAI's `created` fields carry. */
export function epochSeconds(milliseconds: number): number {
  return Math.floor(milliseconds / 1000);
}
