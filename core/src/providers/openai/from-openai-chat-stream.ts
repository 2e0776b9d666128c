import type { ChatCompletionChunk } from 'openai/resources/chat/completions/completions.js';
import type { ModelStreamPart, Usage } from '../model-port.js';
import { StreamAssembler } from '../stream-assembler.js';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.js';

/**
 * OpenAI Chat Completions chunks → Kanbots stream parts (pure, one instance per response).
 * A stream is finished once a choice carried its `finish_reason`; the usage chunk may follow, so
 * `response.end` is produced by `complete()` when the stream has ended.
 */
export class OpenAIChatStreamConverter {
  private readonly assembler = new StreamAssembler();
  private finishReason: string | null = null;
  private usage: Usage = { inputTokens: 0, outputTokens: 0 };
  private model = '';
  private completionId: string | undefined;

  get finished(): boolean {
    return this.finishReason !== null;
  }

  accept(chunk: ChatCompletionChunk): ModelStreamPart[] {
    if (chunk.model) this.model = chunk.model;
    if (chunk.id) this.completionId = chunk.id;
    if (chunk.usage) {
      this.usage = { inputTokens: chunk.usage.prompt_tokens, outputTokens: chunk.usage.completion_tokens };
      const cached = chunk.usage.prompt_tokens_details?.cached_tokens;
      if (cached) this.usage.cacheReadTokens = cached;
    }
    const choice = chunk.choices?.[0];
    if (!choice) return [];
    const parts: ModelStreamPart[] = [];
    const delta = choice.delta ?? {};
    if (typeof delta.content === 'string' && delta.content.length > 0) parts.push(...this.assembler.appendText('text', delta.content));
    for (const call of delta.tool_calls ?? []) {
      const key = `tool:${call.index}`;
      if (!this.assembler.hasToolCall(key)) {
        parts.push(...this.assembler.end('text'));
        parts.push(...this.assembler.startToolCall(key, call.id ?? `call_${call.index}`, call.function?.name ?? ''));
      }
      if (call.function?.arguments) parts.push(...this.assembler.appendToolArguments(key, call.function.arguments));
    }
    if (choice.finish_reason) {
      this.finishReason = choice.finish_reason;
      parts.push(...this.assembler.endAll());
    }
    return parts;
  }

  complete(): ModelStreamPart[] {
    const providerData: Record<string, unknown> = { finishReason: this.finishReason };
    if (this.completionId !== undefined) providerData.completionId = this.completionId;
    return this.assembler.finish({ stopReason: mapOpenAIFinishReason(this.finishReason), usage: { ...this.usage }, model: this.model, providerData });
  }
}
