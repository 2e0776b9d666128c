import type { ModelResponse, ModelStreamPart, StopReason, TextPart, ToolCallPart, Usage } from './model-port.js';
import { parseToolArguments } from './parse-tool-arguments.js';

/**
 * Turns a vendor's block events into Kanbots stream parts (start / delta / end) while assembling
 * the final response. Vendor converters key blocks by whatever identifies them on their wire (a
 * block index, an item id); stream-part indices are positions in `response.content`.
 */
type OpenBlock =
  | { kind: 'text'; index: number; text: string }
  | { kind: 'tool_call'; index: number; id: string; name: string; rawArguments: string };

export class StreamAssembler {
  private readonly content: (TextPart | ToolCallPart)[] = [];
  private readonly open = new Map<string, OpenBlock>();

  startText(key: string): ModelStreamPart[] {
    if (this.open.has(key)) return [];
    const index = this.content.length;
    this.content.push({ type: 'text', text: '' });
    this.open.set(key, { kind: 'text', index, text: '' });
    return [{ type: 'text.start', index }];
  }

  appendText(key: string, text: string): ModelStreamPart[] {
    const parts = this.startText(key);
    const block = this.open.get(key);
    if (block?.kind !== 'text' || text.length === 0) return parts;
    block.text += text;
    return [...parts, { type: 'text.delta', index: block.index, text }];
  }

  startToolCall(key: string, id: string, name: string): ModelStreamPart[] {
    if (this.open.has(key)) return [];
    const index = this.content.length;
    // Placeholder until the call ends and its arguments are parsed.
    this.content.push({ type: 'tool_call', id, name, input: undefined, rawArguments: '' });
    this.open.set(key, { kind: 'tool_call', index, id, name, rawArguments: '' });
    return [{ type: 'tool_call.start', index, id, name }];
  }

  appendToolArguments(key: string, argumentsDelta: string): ModelStreamPart[] {
    const block = this.open.get(key);
    if (block?.kind !== 'tool_call' || argumentsDelta.length === 0) return [];
    block.rawArguments += argumentsDelta;
    return [{ type: 'tool_call.delta', index: block.index, id: block.id, argumentsDelta }];
  }

  /** Whether a tool call is open under `key`. */
  hasToolCall(key: string): boolean {
    return this.open.get(key)?.kind === 'tool_call';
  }

  /** Ends the block under `key`; `finalArguments` replaces the streamed ones when the vendor resends them. */
  end(key: string, finalArguments?: string): ModelStreamPart[] {
    const block = this.open.get(key);
    if (!block) return [];
    this.open.delete(key);
    if (block.kind === 'text') {
      this.content[block.index] = { type: 'text', text: block.text };
      return [{ type: 'text.end', index: block.index }];
    }
    const rawArguments = finalArguments ?? block.rawArguments;
    const parsed = parseToolArguments(rawArguments);
    const call: ToolCallPart = { type: 'tool_call', id: block.id, name: block.name, input: parsed.input, rawArguments };
    if (parsed.parseError !== undefined) call.parseError = parsed.parseError;
    this.content[block.index] = call;
    return [{ type: 'tool_call.end', index: block.index, call }];
  }

  /** Ends every open block, in content order. */
  endAll(): ModelStreamPart[] {
    const keys = [...this.open.entries()].sort((left, right) => left[1].index - right[1].index).map(([key]) => key);
    return keys.flatMap((key) => this.end(key));
  }

  hasToolCalls(): boolean {
    return this.content.some((part) => part.type === 'tool_call');
  }

  /** Closes what is open and yields the final `response.end` part. */
  finish(result: { stopReason: StopReason; usage: Usage; model: string; providerData?: Record<string, unknown> }): ModelStreamPart[] {
    const parts = this.endAll();
    const response: ModelResponse = {
      content: this.content.filter((part) => part.type !== 'text' || part.text.length > 0),
      stopReason: result.stopReason,
      usage: result.usage,
      model: result.model,
    };
    if (result.providerData !== undefined) response.providerData = result.providerData;
    return [...parts, { type: 'response.end', response }];
  }
}
