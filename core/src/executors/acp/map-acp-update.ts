import path from 'node:path';
import type { ContentBlock, SessionUpdate, ToolCallContent, ToolCallLocation, ToolCallStatus, ToolKind } from '@agentclientprotocol/sdk';
import { capToolContent } from '../../agents/agent-events.js';
import { unifiedFileDiff } from '../../agents/tools/unified-diff.js';
import type { AgentEventDraft } from '../executor.js';

/**
 * Pure converter from ACP `session/update` notifications to executor-neutral agent events.
 * Stateful only in what the stream implies: the text block being streamed, the tool calls still
 * running, the text of the turn (its result) and the session's cumulative cost.
 *
 * | session/update                         | events                                                 |
 * |----------------------------------------|--------------------------------------------------------|
 * | agent_message_chunk (text)             | agent.text.start (first), agent.text.delta             |
 * | anything else after text               | agent.text.end first                                   |
 * | tool_call                              | agent.tool.started (+ finished when already done)      |
 * | tool_call_update completed / failed    | agent.tool.finished (`data`: kind, files, diff)        |
 * | agent_thought_chunk, plan, usage_update| kept (`thoughts`, `plan`, `costUsd`), no event         |
 *
 * Diffs are unified diffs of the agent's `diff` content, with paths relative to the worktree.
 */

export interface AcpPlanEntry {
  content: string;
  status: string;
  priority: string;
}

interface OpenTool {
  name: string;
  kind: ToolKind | undefined;
  title: string;
  startedAt: number;
  locations: ToolCallLocation[];
  content: ToolCallContent[];
  rawInput: unknown;
}

export interface AcpUpdateMapperOptions {
  /** The worktree: file paths in events are shown relative to it. */
  worktree: string;
  now: () => number;
  /** Turn number stamped on text events (one ACP prompt is one turn). */
  turn: number;
  contentLimit?: number;
}

export class AcpUpdateMapper {
  /** Text of the agent's messages since its last tool call in this turn: the run's result (its final answer). */
  text = '';
  thoughts = '';
  plan: AcpPlanEntry[] = [];
  /** The session's cumulative cost in USD, when the agent reports it. */
  cumulativeCostUsd: number | undefined;
  private textIndex = 0;
  private textOpen = false;
  private readonly tools = new Map<string, OpenTool>();

  constructor(private readonly options: AcpUpdateMapperOptions) {}

  get runningToolCount(): number {
    return this.tools.size;
  }

  push(update: SessionUpdate): AgentEventDraft[] {
    switch (update.sessionUpdate) {
      case 'agent_message_chunk':
        return this.textChunk(update.content);
      case 'agent_thought_chunk':
        if (update.content.type === 'text') this.thoughts += update.content.text;
        return [];
      case 'tool_call': {
        const events = this.closeText();
        this.text = '';
        const name = update.name ?? update.title;
        const tool: OpenTool = {
          name,
          kind: update.kind,
          title: update.title,
          startedAt: this.options.now(),
          locations: update.locations ?? [],
          content: update.content ?? [],
          rawInput: update.rawInput,
        };
        this.tools.set(update.toolCallId, tool);
        events.push({ type: 'agent.tool.started', callId: update.toolCallId, name, input: this.describeInput(tool) });
        events.push(...this.finishIfDone(update.toolCallId, update.status));
        return events;
      }
      case 'tool_call_update': {
        const tool = this.tools.get(update.toolCallId);
        if (tool === undefined) return [];
        if (update.kind != null) tool.kind = update.kind;
        if (update.title != null) tool.title = update.title;
        if (update.locations != null) tool.locations = update.locations;
        if (update.content != null) tool.content = update.content;
        if (update.rawInput !== undefined) tool.rawInput = update.rawInput;
        return [...this.closeText(), ...this.finishIfDone(update.toolCallId, update.status ?? undefined)];
      }
      case 'plan':
        this.plan = update.entries.map((entry) => ({ content: entry.content, status: entry.status, priority: entry.priority }));
        return this.closeText();
      case 'usage_update':
        if (update.cost != null && update.cost.currency === 'USD') this.cumulativeCostUsd = update.cost.amount;
        return [];
      default:
        return [];
    }
  }

  /** Ends the text block still open (at the end of the turn). */
  finish(): AgentEventDraft[] {
    return this.closeText();
  }

  /** Tool calls still open when the turn ended (cancelled mid-call): finished as errors. */
  abandonTools(reason: string): AgentEventDraft[] {
    const events: AgentEventDraft[] = [];
    for (const callId of [...this.tools.keys()]) events.push(...this.finishTool(callId, true, reason));
    return events;
  }

  private textChunk(content: ContentBlock): AgentEventDraft[] {
    if (content.type !== 'text' || content.text === '') return [];
    const { turn } = this.options;
    const events: AgentEventDraft[] = [];
    if (!this.textOpen) {
      this.textOpen = true;
      events.push({ type: 'agent.text.start', turn, index: this.textIndex });
    }
    this.text += content.text;
    events.push({ type: 'agent.text.delta', turn, index: this.textIndex, text: content.text });
    return events;
  }

  private closeText(): AgentEventDraft[] {
    if (!this.textOpen) return [];
    this.textOpen = false;
    const index = this.textIndex++;
    return [{ type: 'agent.text.end', turn: this.options.turn, index }];
  }

  private finishIfDone(callId: string, status: ToolCallStatus | undefined): AgentEventDraft[] {
    if (status !== 'completed' && status !== 'failed') return [];
    return this.finishTool(callId, status === 'failed');
  }

  private finishTool(callId: string, isError: boolean, note?: string): AgentEventDraft[] {
    const tool = this.tools.get(callId);
    if (tool === undefined) return [];
    this.tools.delete(callId);
    const text = [contentText(tool.content), note ?? ''].filter((part) => part !== '').join('\n');
    const event: AgentEventDraft = {
      type: 'agent.tool.finished',
      callId,
      name: tool.name,
      isError,
      content: capToolContent(text, this.options.contentLimit),
      durationMs: Math.max(0, this.options.now() - tool.startedAt),
    };
    const data = this.toolData(tool, isError);
    if (data !== undefined) event.data = data;
    return [event];
  }

  private relative(file: string): string {
    const relative = path.relative(this.options.worktree, file);
    return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative.split(path.sep).join('/');
  }

  private describeInput(tool: OpenTool): Record<string, unknown> {
    const input: Record<string, unknown> = { title: tool.title };
    if (tool.kind !== undefined) input['kind'] = tool.kind;
    if (tool.locations.length > 0) input['files'] = tool.locations.map((location) => this.relative(location.path));
    if (tool.rawInput !== undefined) input['rawInput'] = tool.rawInput;
    return input;
  }

  /** Kind, files and (for edits that succeeded) the unified diff, as the built-in write tools report them. */
  private toolData(tool: OpenTool, isError: boolean): Record<string, unknown> | undefined {
    const data: Record<string, unknown> = {};
    if (tool.kind !== undefined) data['kind'] = tool.kind;
    const files = tool.locations.map((location) => this.relative(location.path));
    const diffs = tool.content.flatMap((item) => (item.type === 'diff' ? [item] : []));
    for (const diff of diffs) if (!files.includes(this.relative(diff.path))) files.push(this.relative(diff.path));
    if (files.length > 0) data['files'] = files;
    const first = diffs[0];
    if (!isError && first !== undefined) {
      const relative = this.relative(first.path);
      data['path'] = relative;
      data['created'] = first.oldText == null;
      data['diff'] = diffs.map((diff) => unifiedFileDiff(this.relative(diff.path), diff.oldText ?? undefined, diff.newText)).join('');
    }
    const exitCode = (tool.content.find((item) => item.type === 'terminal')?._meta as { terminal_exit?: { exit_code?: unknown } } | null | undefined)?.terminal_exit?.exit_code;
    if (typeof exitCode === 'number') data['exitCode'] = exitCode;
    return Object.keys(data).length === 0 ? undefined : data;
  }
}

function contentText(content: readonly ToolCallContent[]): string {
  return content
    .map((item) => {
      if (item.type === 'content') return item.content.type === 'text' ? item.content.text : `[${item.content.type}]`;
      if (item.type === 'diff') return `Changed ${item.path}`;
      return '';
    })
    .filter((text) => text !== '')
    .join('\n');
}
