/**
 * The neutral model port (STYLE §5): two methods, one-shot and streaming, over request, response
 * and stream-part types that Kanbots owns. Adapters (Anthropic, OpenAI Chat Completions, OpenAI
 * Responses, any OpenAI-compatible base URL) convert to and from the vendors' wire formats. The
 * agent loop never knows which provider it talks to.
 */

export type ModelRole = 'user' | 'assistant';

export interface TextPart {
  type: 'text';
  text: string;
}

export interface ToolCallPart {
  type: 'tool_call';
  /** The provider's id for the call; tool results refer to it. */
  id: string;
  name: string;
  /** The parsed arguments, or `undefined` when the model sent JSON that does not parse. */
  input: unknown;
  /** The arguments exactly as the model sent them. */
  rawArguments: string;
  /** Set when `rawArguments` is not valid JSON (the loop answers the model with a tool error). */
  parseError?: string;
}

export interface ToolResultPart {
  type: 'tool_result';
  toolCallId: string;
  /** What the tool returned, as text for the model. */
  content: string;
  isError: boolean;
}

export type ContentPart = TextPart | ToolCallPart | ToolResultPart;

export interface ModelMessage {
  role: ModelRole;
  content: ContentPart[];
}

/** A tool offered to the model; `inputSchema` is a JSON Schema object. */
export interface ModelToolSpec {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

export interface ModelRequest {
  model: string;
  system?: string;
  messages: ModelMessage[];
  tools?: ModelToolSpec[];
  maxOutputTokens?: number;
  temperature?: number;
  /** Aborts the request (pause / cancel). */
  signal?: AbortSignal;
  /** Vendor-specific extras, passed through untouched. */
  providerData?: Record<string, unknown>;
}

export type StopReason = 'end_turn' | 'tool_use' | 'max_tokens' | 'other';

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  /** Prompt-cache reads/writes where the provider reports them. */
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
}

export interface ModelResponse {
  /** The assistant's content: text parts and tool calls, in order. */
  content: (TextPart | ToolCallPart)[];
  stopReason: StopReason;
  usage: Usage;
  /** The model that answered, as the provider reported it. */
  model: string;
  providerData?: Record<string, unknown>;
}

/** One vocabulary for streams: start / delta / end (STYLE §3). */
export type ModelStreamPart =
  | { type: 'text.start'; index: number }
  | { type: 'text.delta'; index: number; text: string }
  | { type: 'text.end'; index: number }
  | { type: 'tool_call.start'; index: number; id: string; name: string }
  | { type: 'tool_call.delta'; index: number; id: string; argumentsDelta: string }
  | { type: 'tool_call.end'; index: number; call: ToolCallPart }
  /** Always the last part of a successful stream. */
  | { type: 'response.end'; response: ModelResponse };

export interface ModelPort {
  /** A stable name for logs, budgets and concurrency limits, e.g. `anthropic`, `openai`. */
  readonly provider: string;
  generate(request: ModelRequest): Promise<ModelResponse>;
  /** Yields parts as they arrive; throws a typed ProviderError on failure. */
  stream(request: ModelRequest): AsyncIterable<ModelStreamPart>;
}

/** Per-million-token prices used to estimate cost. */
export interface ModelPricing {
  inputPerMillion: number;
  outputPerMillion: number;
  cacheReadPerMillion?: number;
  cacheWritePerMillion?: number;
}

export function estimateCostUsd(usage: Usage, pricing: ModelPricing | undefined): number {
  if (!pricing) return 0;
  return (
    (usage.inputTokens * pricing.inputPerMillion +
      usage.outputTokens * pricing.outputPerMillion +
      (usage.cacheReadTokens ?? 0) * (pricing.cacheReadPerMillion ?? pricing.inputPerMillion) +
      (usage.cacheWriteTokens ?? 0) * (pricing.cacheWritePerMillion ?? pricing.inputPerMillion)) /
    1_000_000
  );
}
