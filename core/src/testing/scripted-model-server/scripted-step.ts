/**
 * What a scripted model server is told to answer: replies (rendered in whichever wire format the
 * request used), faults, or functions of the recorded request that return either.
 */

/** Which wire protocol a request spoke. */
export type ScriptedApiKind = 'anthropic' | 'anthropic-count-tokens' | 'openai-chat' | 'openai-responses' | 'unknown';

export interface ScriptedToolCall {
  /** The call id; generated when omitted. */
  id?: string;
  name: string;
  /** Serialised with JSON.stringify unless `rawArguments` is given. */
  input?: unknown;
  /** Sent verbatim as the arguments (use it for malformed JSON). */
  rawArguments?: string;
}

export interface ScriptedUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface ScriptedReply {
  /** The assistant's text; an array gives the exact chunks to stream. */
  text?: string | string[];
  toolCalls?: ScriptedToolCall[];
  /** `end_turn` | `tool_use` | `max_tokens` (or any vendor string); inferred when omitted. */
  stopReason?: string;
  usage?: ScriptedUsage;
  /** Delay before the response headers are sent. */
  latencyMs?: number;
  /** Delay between stream frames. */
  chunkDelayMs?: number;
}

export type ScriptedStatus = 400 | 401 | 403 | 404 | 429 | 500 | 502 | 503 | 529;

export type ScriptedFault =
  | { fault: 'status'; status: ScriptedStatus; retryAfter?: string; retryAfterMs?: string; body?: unknown; message?: string }
  /** Never answers until the client aborts or the server closes. */
  | { fault: 'hang' }
  /** Some deltas, then an error event (Anthropic `overloaded_error`, OpenAI `server_error`). */
  | { fault: 'midstream-error'; errorType?: string }
  /** Some deltas, then the socket is destroyed. */
  | { fault: 'drop' }
  /** A tool call whose concatenated arguments are not valid JSON. */
  | { fault: 'malformed-tool-json'; toolName?: string };

export type ScriptedResult = ScriptedReply | ScriptedFault;

/** A recorded request, as a function step sees it and as `server.requests` lists it. */
export interface RecordedRequest {
  api: ScriptedApiKind;
  /** The lane that served it (`default` when the model had no lane of its own). */
  lane: string;
  method: string;
  /** The path without the query string. */
  path: string;
  query: string;
  /** Request headers, secrets (`authorization`, `x-api-key`, …) replaced by `[REDACTED]`. */
  headers: Record<string, string>;
  /** The parsed JSON body (`undefined` when there was none; the raw text when it did not parse). */
  body: unknown;
  model: string | undefined;
  stream: boolean;
  /** Epoch milliseconds from the server's clock. */
  time: number;
  /** What the server did: a reply, a fault, nothing scripted, a path it does not know, or a key it refused (`apiKeys`). */
  outcome: 'reply' | 'fault' | 'unscripted' | 'unknown-path' | 'auxiliary' | 'refused';
  /** The fault it injected, when `outcome` is `fault`. */
  fault?: ScriptedFault['fault'];
}

export type ScriptedStepFunction = (request: RecordedRequest) => ScriptedResult | Promise<ScriptedResult>;

export type ScriptedStep = ScriptedResult | ScriptedStepFunction;

export function isFault(result: ScriptedResult): result is ScriptedFault {
  return typeof (result as { fault?: unknown }).fault === 'string';
}

/** Describes a step for `assertComplete()` messages. */
export function describeStep(step: ScriptedStep): string {
  if (typeof step === 'function') return `function ${step.name || '(anonymous)'}`;
  if (isFault(step)) return step.fault === 'status' ? `fault status ${step.status}` : `fault ${step.fault}`;
  const parts: string[] = [];
  if (step.text !== undefined) {
    const text = Array.isArray(step.text) ? step.text.join('') : step.text;
    parts.push(`text ${JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)}`);
  }
  for (const call of step.toolCalls ?? []) parts.push(`tool ${call.name}`);
  return parts.length > 0 ? `reply ${parts.join(', ')}` : 'reply (empty)';
}
