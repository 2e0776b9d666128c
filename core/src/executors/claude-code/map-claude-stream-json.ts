import type { ErrorData } from '../../errors.js';
import type { Usage } from '../../providers/model-port.js';
import { capToolContent } from '../../agents/agent-events.js';
import type { AgentEventDraft } from '../executor.js';
import { AgentCliError, cliProviderError } from '../executor-errors.js';
import {
  claudeApiRetryLineSchema,
  claudeAssistantLineSchema,
  claudeInitLineSchema,
  claudeResultLineSchema,
  claudeToolResultBlockSchema,
  claudeUserLineSchema,
  claudeWriteResultSchema,
  type ClaudeUsageLine,
} from './claude-stream-lines.js';

/**
 * Pure converter from Claude Code's stream-json lines to executor-neutral agent events.
 * Stateful only in what the stream itself implies (session id, model, tools still running, the
 * final outcome); time comes from the injected `now`.
 *
 * | line                       | events                                                      |
 * |----------------------------|-------------------------------------------------------------|
 * | system/init                | (session id and model kept)                                 |
 * | system/api_retry           | agent.backoff                                               |
 * | assistant text block       | agent.text.start, agent.text.delta, agent.text.end          |
 * | assistant tool_use block   | agent.tool.started                                          |
 * | user tool_result block     | agent.tool.finished (Write/Edit: `data.fileEdit`)           |
 * | result                     | agent.turn.ended, then agent.finished (+ agent.error first) |
 */

export const cliName = 'claude-code';

export interface ClaudeRunOutcome {
  status: 'done' | 'failed';
  result?: string;
  error?: ErrorData;
  usage: Usage;
  costUsd: number;
  turns: number;
}

export interface ClaudeStreamMapperOptions {
  now: () => number;
  /** Tool result text longer than this is cut in events (the CLI keeps the full text). */
  contentLimit?: number;
}

interface RunningTool {
  name: string;
  startedAt: number;
}

export class ClaudeStreamMapper {
  sessionId: string | undefined;
  model: string | undefined;
  outcome: ClaudeRunOutcome | undefined;
  private readonly runningTools = new Map<string, RunningTool>();
  private textIndex = 0;
  private turn = 0;
  private lastMessageId: string | undefined;

  constructor(private readonly options: ClaudeStreamMapperOptions) {}

  /** Tools started and not finished yet: a pause waits until this is zero (the safe point). */
  get runningToolCount(): number {
    return this.runningTools.size;
  }

  /** Converts one parsed JSON line; unknown line types give no events. */
  push(line: unknown): AgentEventDraft[] {
    const type = (line as { type?: unknown }).type;
    const subtype = (line as { subtype?: unknown }).subtype;
    if (type === 'system' && subtype === 'init') return this.init(line);
    if (type === 'system' && subtype === 'api_retry') return this.apiRetry(line);
    if (type === 'assistant') return this.assistant(line);
    if (type === 'user') return this.user(line);
    if (type === 'result') return this.result(line);
    return [];
  }

  private init(line: unknown): AgentEventDraft[] {
    const parsed = claudeInitLineSchema.safeParse(line);
    if (parsed.success) {
      this.sessionId = parsed.data.session_id;
      this.model = parsed.data.model ?? this.model;
    }
    return [];
  }

  private apiRetry(line: unknown): AgentEventDraft[] {
    const parsed = claudeApiRetryLineSchema.safeParse(line);
    if (!parsed.success) return [];
    const status = parsed.data.error_status ?? undefined;
    const message = `API request failed${status === undefined ? '' : ` with status ${status}`}${parsed.data.error ? ` (${parsed.data.error})` : ''}; the CLI retries`;
    const error = cliProviderError(cliName, message, status, status === undefined ? 'network' : undefined).toData();
    return [{ type: 'agent.backoff', attempt: parsed.data.attempt, delayMs: Math.round(parsed.data.retry_delay_ms ?? 0), error }];
  }

  private assistant(line: unknown): AgentEventDraft[] {
    const parsed = claudeAssistantLineSchema.safeParse(line);
    if (!parsed.success) return [];
    const message = parsed.data.message;
    if (message.model !== undefined && message.model !== '<synthetic>') this.model = message.model;
    // Synthetic messages repeat an API error as text; the result line reports it as an error.
    if (message.model === '<synthetic>') return [];
    // One line per content block: lines of the same API message share its id (one turn).
    if (message.id === undefined || message.id !== this.lastMessageId) {
      this.turn += 1;
      this.textIndex = 0;
      this.lastMessageId = message.id;
    }
    const turn = this.turn;
    const events: AgentEventDraft[] = [];
    for (const block of message.content) {
      if (block.type === 'text' && typeof block['text'] === 'string') {
        const index = this.textIndex++;
        events.push(
          { type: 'agent.text.start', turn, index },
          { type: 'agent.text.delta', turn, index, text: block['text'] },
          { type: 'agent.text.end', turn, index },
        );
      } else if (block.type === 'tool_use' && typeof block['id'] === 'string' && typeof block['name'] === 'string') {
        this.runningTools.set(block['id'], { name: block['name'], startedAt: this.options.now() });
        events.push({ type: 'agent.tool.started', callId: block['id'], name: block['name'], input: block['input'] });
      }
    }
    return events;
  }

  private user(line: unknown): AgentEventDraft[] {
    const parsed = claudeUserLineSchema.safeParse(line);
    if (!parsed.success || typeof parsed.data.message.content === 'string') return [];
    const events: AgentEventDraft[] = [];
    for (const rawBlock of parsed.data.message.content) {
      const block = claudeToolResultBlockSchema.safeParse(rawBlock);
      if (!block.success) continue;
      const callId = block.data.tool_use_id;
      const running = this.runningTools.get(callId);
      this.runningTools.delete(callId);
      const name = running?.name ?? 'unknown';
      const content = capToolContent(toolResultText(block.data.content), this.options.contentLimit);
      const event: AgentEventDraft = {
        type: 'agent.tool.finished',
        callId,
        name,
        isError: block.data.is_error ?? false,
        content,
        durationMs: running === undefined ? 0 : Math.max(0, this.options.now() - running.startedAt),
      };
      const fileEdit = fileEditFrom(name, parsed.data.tool_use_result);
      if (fileEdit !== undefined && !(block.data.is_error ?? false)) event.data = { fileEdit };
      events.push(event);
    }
    return events;
  }

  private result(line: unknown): AgentEventDraft[] {
    const parsed = claudeResultLineSchema.safeParse(line);
    if (!parsed.success) return [];
    const data = parsed.data;
    if (data.session_id !== undefined) this.sessionId = data.session_id;
    const usage = usageFrom(data.usage);
    const costUsd = data.total_cost_usd ?? 0;
    const turns = data.num_turns ?? 0;
    const events: AgentEventDraft[] = [
      {
        type: 'agent.turn.ended',
        turn: turns,
        usage,
        costUsd,
        latencyMs: data.duration_ms ?? 0,
        model: this.model ?? 'unknown',
        stopReason: mapStopReason(data.stop_reason ?? undefined),
      },
    ];
    const error = resultError(data);
    if (error === undefined) {
      this.outcome = { status: 'done', usage, costUsd, turns, ...(data.result === undefined ? {} : { result: data.result }) };
      events.push({ type: 'agent.finished', status: 'done', ...(data.result === undefined ? {} : { result: data.result }) });
    } else {
      this.outcome = { status: 'failed', error, usage, costUsd, turns };
      events.push({ type: 'agent.error', error }, { type: 'agent.finished', status: 'failed', reason: failureReason(error) });
    }
    this.runningTools.clear();
    return events;
  }

}

function resultError(data: { subtype: string; is_error?: boolean | undefined; api_error_status?: number | null | undefined; result?: string | undefined }): ErrorData | undefined {
  if (data.subtype === 'error_max_turns') return new AgentCliError('max_turns', cliName, 'Claude Code reached the maximum number of turns').toData();
  if (!(data.is_error ?? false) && data.subtype === 'success') return undefined;
  const message = data.result ?? `Claude Code ended with ${data.subtype}`;
  const status = data.api_error_status ?? undefined;
  if (status !== undefined) return cliProviderError(cliName, message, status).toData();
  if (/^API Error/i.test(message)) return cliProviderError(cliName, message, undefined, /connect|network|socket|ECONN/i.test(message) ? 'network' : 'unknown').toData();
  return new AgentCliError('failed', cliName, message).toData();
}

/** `provider_error` for API failures (as the built-in loop says), else the error's code. */
export function failureReason(error: ErrorData): string {
  return error.name === 'ProviderError' ? 'provider_error' : error.code;
}

function usageFrom(line: ClaudeUsageLine | undefined): Usage {
  const usage: Usage = { inputTokens: line?.input_tokens ?? 0, outputTokens: line?.output_tokens ?? 0 };
  if (line?.cache_read_input_tokens) usage.cacheReadTokens = line.cache_read_input_tokens;
  if (line?.cache_creation_input_tokens) usage.cacheWriteTokens = line.cache_creation_input_tokens;
  return usage;
}

function mapStopReason(reason: string | undefined): 'end_turn' | 'tool_use' | 'max_tokens' | 'other' {
  if (reason === 'end_turn' || reason === 'tool_use' || reason === 'max_tokens') return reason;
  return 'other';
}

function toolResultText(content: string | { type: string; text?: string | undefined }[] | undefined): string {
  if (content === undefined) return '';
  if (typeof content === 'string') return content;
  return content.map((part) => (part.type === 'text' ? (part.text ?? '') : `[${part.type}]`)).join('\n');
}

/** Write and Edit results carry the file and a structured patch: shown as a file edit. */
function fileEditFrom(toolName: string, toolUseResult: unknown): Record<string, unknown> | undefined {
  if (!['Write', 'Edit', 'MultiEdit', 'NotebookEdit'].includes(toolName)) return undefined;
  const parsed = claudeWriteResultSchema.safeParse(toolUseResult);
  if (!parsed.success) return undefined;
  const kind = parsed.data.type === 'create' ? 'create' : 'update';
  const fileEdit: Record<string, unknown> = { path: parsed.data.filePath, kind };
  if (parsed.data.structuredPatch !== undefined) fileEdit['structuredPatch'] = parsed.data.structuredPatch;
  return fileEdit;
}
