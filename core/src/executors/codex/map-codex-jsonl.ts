import { capToolContent } from '../../agents/agent-events.js';
import type { ErrorData } from '../../errors.js';
import { estimateCostUsd, type ModelPricing, type Usage } from '../../providers/model-port.js';
import { addUsage, emptyUsage, type AgentEventDraft } from '../executor.js';
import { AgentCliError, cliProviderError } from '../executor-errors.js';
import {
  codexErrorLineSchema,
  codexItemEventSchema,
  codexThreadStartedSchema,
  codexTurnCompletedSchema,
  codexTurnFailedSchema,
  type CodexItem,
  type CodexUsageLine,
} from './codex-jsonl-lines.js';

/**
 * Pure converter from `codex exec --json` events to executor-neutral agent events.
 *
 * | Codex event                                  | events                                         |
 * |----------------------------------------------|------------------------------------------------|
 * | thread.started                               | (thread id kept: the session to resume)        |
 * | turn.started                                 | (turn counted, its start time kept)            |
 * | item.started command_execution / file_change / mcp_tool_call | agent.tool.started             |
 * | item.completed agent_message                 | agent.text.start, agent.text.delta, agent.text.end |
 * | item.completed command_execution             | agent.tool.finished (isError: exit code ≠ 0)   |
 * | item.completed file_change                   | agent.tool.finished with `data.fileChanges`    |
 * | item.completed error, error "Reconnecting…"  | agent.error / agent.backoff                    |
 * | turn.completed                               | agent.turn.ended, agent.finished done          |
 * | turn.failed                                  | agent.turn.ended, agent.error, agent.finished failed |
 */

export const codexCliName = 'codex';

const toolItemTypes = new Set(['command_execution', 'file_change', 'mcp_tool_call', 'web_search']);

export interface CodexStreamMapperOptions {
  now: () => number;
  /** The model the run was configured with (Codex does not print it). */
  model?: string;
  pricing?: ModelPricing;
  contentLimit?: number;
}

export interface CodexRunOutcome {
  status: 'done' | 'failed';
  result?: string;
  error?: ErrorData;
  usage: Usage;
  costUsd: number;
}

export class CodexStreamMapper {
  sessionId: string | undefined;
  outcome: CodexRunOutcome | undefined;
  usageSoFar: Usage = emptyUsage();
  private readonly runningTools = new Map<string, { name: string; startedAt: number }>();
  private turn = 0;
  private turnStartedAt = 0;
  private textIndex = 0;
  private lastMessage: string | undefined;
  private lastError: string | undefined;
  private retryAttempt = 0;

  constructor(private readonly options: CodexStreamMapperOptions) {}

  get runningToolCount(): number {
    return this.runningTools.size;
  }

  push(line: unknown): AgentEventDraft[] {
    const type = (line as { type?: unknown }).type;
    if (type === 'thread.started') {
      const parsed = codexThreadStartedSchema.safeParse(line);
      if (parsed.success) this.sessionId = parsed.data.thread_id;
      return [];
    }
    if (type === 'turn.started') {
      this.turn += 1;
      this.textIndex = 0;
      this.turnStartedAt = this.options.now();
      return [];
    }
    if (type === 'item.started' || type === 'item.updated' || type === 'item.completed') {
      const parsed = codexItemEventSchema.safeParse(line);
      if (!parsed.success) return [];
      return type === 'item.completed' ? this.itemCompleted(parsed.data.item) : type === 'item.started' ? this.itemStarted(parsed.data.item) : [];
    }
    if (type === 'error') return this.errorLine(line);
    if (type === 'turn.completed') return this.turnCompleted(line);
    if (type === 'turn.failed') return this.turnFailed(line);
    return [];
  }

  private itemStarted(item: CodexItem): AgentEventDraft[] {
    if (!toolItemTypes.has(item.type) || this.runningTools.has(item.id)) return [];
    const name = toolName(item);
    this.runningTools.set(item.id, { name, startedAt: this.options.now() });
    return [{ type: 'agent.tool.started', callId: item.id, name, input: toolInput(item) }];
  }

  private itemCompleted(item: CodexItem): AgentEventDraft[] {
    if (item.type === 'agent_message' && item.text !== undefined) {
      this.lastMessage = item.text;
      const index = this.textIndex++;
      const turn = this.turn;
      return [
        { type: 'agent.text.start', turn, index },
        { type: 'agent.text.delta', turn, index, text: item.text },
        { type: 'agent.text.end', turn, index },
      ];
    }
    if (item.type === 'error') {
      return [{ type: 'agent.error', error: new AgentCliError('failed', codexCliName, item.message ?? 'Codex reported an error', { retryable: true }).toData() }];
    }
    if (!toolItemTypes.has(item.type)) return [];
    // Some items (a quick file_change) may arrive completed without a started event.
    const events = this.runningTools.has(item.id) ? [] : this.itemStarted(item);
    const running = this.runningTools.get(item.id);
    this.runningTools.delete(item.id);
    const isError = item.status === 'failed' || item.status === 'declined' || (item.exit_code !== undefined && item.exit_code !== null && item.exit_code !== 0);
    const finished: AgentEventDraft = {
      type: 'agent.tool.finished',
      callId: item.id,
      name: running?.name ?? toolName(item),
      isError,
      content: capToolContent(toolContent(item), this.options.contentLimit),
      durationMs: running === undefined ? 0 : Math.max(0, this.options.now() - running.startedAt),
    };
    if (item.type === 'file_change' && item.changes !== undefined) finished.data = { fileChanges: item.changes.map((change) => ({ path: change.path, kind: change.kind ?? 'update' })) };
    if (item.type === 'command_execution') finished.data = { exitCode: item.exit_code ?? null };
    events.push(finished);
    return events;
  }

  private errorLine(line: unknown): AgentEventDraft[] {
    const parsed = codexErrorLineSchema.safeParse(line);
    const message = parsed.success ? (parsed.data.message ?? 'Codex reported an error') : 'Codex reported an error';
    const retry = /reconnecting|retrying/i.exec(message);
    if (retry !== null) {
      this.retryAttempt += 1;
      return [{ type: 'agent.backoff', attempt: this.retryAttempt, delayMs: 0, error: codexError(message).toData() }];
    }
    this.lastError = message;
    return [];
  }

  private turnCompleted(line: unknown): AgentEventDraft[] {
    const parsed = codexTurnCompletedSchema.safeParse(line);
    const usage = usageFrom(parsed.success ? parsed.data.usage : undefined);
    this.usageSoFar = addUsage(this.usageSoFar, usage);
    const costUsd = estimateCostUsd(this.usageSoFar, this.options.pricing);
    this.outcome = { status: 'done', usage: this.usageSoFar, costUsd, ...(this.lastMessage === undefined ? {} : { result: this.lastMessage }) };
    this.runningTools.clear();
    return [
      this.turnEnded(usage),
      { type: 'agent.finished', status: 'done', ...(this.lastMessage === undefined ? {} : { result: this.lastMessage }) },
    ];
  }

  private turnFailed(line: unknown): AgentEventDraft[] {
    const parsed = codexTurnFailedSchema.safeParse(line);
    const message = (parsed.success ? parsed.data.error?.message : undefined) ?? this.lastError ?? 'Codex turn failed';
    const error = codexError(message).toData();
    this.outcome = { status: 'failed', error, usage: this.usageSoFar, costUsd: estimateCostUsd(this.usageSoFar, this.options.pricing) };
    this.runningTools.clear();
    return [
      { type: 'agent.error', error },
      { type: 'agent.finished', status: 'failed', reason: error.name === 'ProviderError' ? 'provider_error' : error.code },
    ];
  }

  private turnEnded(usage: Usage): AgentEventDraft {
    return {
      type: 'agent.turn.ended',
      turn: this.turn,
      usage,
      costUsd: estimateCostUsd(usage, this.options.pricing),
      latencyMs: Math.max(0, this.options.now() - this.turnStartedAt),
      model: this.options.model ?? 'unknown',
      stopReason: 'end_turn',
    };
  }
}

/** Codex reports API failures as text; the status, when there is one, is in the message. */
export function codexError(message: string): AgentCliError | ReturnType<typeof cliProviderError> {
  const status = /\bstatus:?\s*(\d{3})\b/i.exec(message);
  if (status !== null) return cliProviderError(codexCliName, message, Number(status[1]));
  if (/high demand|overloaded|server_error|internal server error/i.test(message)) return cliProviderError(codexCliName, message, undefined, 'server_error');
  if (/rate limit|too many requests/i.test(message)) return cliProviderError(codexCliName, message, undefined, 'rate_limited');
  if (/stream disconnected|error sending request|connection|timed out|reconnecting/i.test(message)) return cliProviderError(codexCliName, message, undefined, 'network');
  return new AgentCliError('failed', codexCliName, message);
}

function usageFrom(line: CodexUsageLine | undefined): Usage {
  const cached = line?.cached_input_tokens ?? 0;
  const usage: Usage = { inputTokens: Math.max(0, (line?.input_tokens ?? 0) - cached), outputTokens: line?.output_tokens ?? 0 };
  if (cached > 0) usage.cacheReadTokens = cached;
  if (line?.cache_write_input_tokens) usage.cacheWriteTokens = line.cache_write_input_tokens;
  return usage;
}

function toolName(item: CodexItem): string {
  if (item.type === 'mcp_tool_call') return `${item.server ?? 'mcp'}.${item.tool ?? 'tool'}`;
  return item.type;
}

function toolInput(item: CodexItem): unknown {
  if (item.type === 'command_execution') return { command: item.command ?? '' };
  if (item.type === 'file_change') return { changes: item.changes ?? [] };
  if (item.type === 'mcp_tool_call') return item.arguments ?? {};
  return {};
}

function toolContent(item: CodexItem): string {
  if (item.type === 'command_execution') return item.aggregated_output ?? '';
  if (item.type === 'file_change') return (item.changes ?? []).map((change) => `${change.kind ?? 'update'} ${change.path}`).join('\n');
  return item.status ?? '';
}
