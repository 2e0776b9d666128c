import type OpenAI from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions/completions.js';
import type { ModelPort, ModelRequest, ModelResponse, ModelStreamPart } from '../model-port.js';
import { callProvider, convertProviderStream, withEstimatedCost } from '../provider-stream.js';
import { fromOpenAIChatCompletion } from './from-openai-chat-completion.js';
import { OpenAIChatStreamConverter } from './from-openai-chat-stream.js';
import { createOpenAIClient, openAICallContext, type OpenAIClientOptions } from './openai-client.js';
import { toOpenAIChatRequest } from './to-openai-chat-messages.js';

export interface OpenAIChatModelOptions extends OpenAIClientOptions {
  /** The name in logs and errors. Default `openai`. */
  provider?: string;
  /** Ask for a usage chunk at the end of streams (`stream_options.include_usage`). Default true. */
  includeUsage?: boolean;
}

/** The OpenAI Chat Completions adapter (also for any OpenAI-compatible base URL). */
export class OpenAIChatModel implements ModelPort {
  readonly provider: string;
  private readonly client: OpenAI;

  constructor(private readonly options: OpenAIChatModelOptions) {
    this.provider = options.provider ?? 'openai';
    this.client = createOpenAIClient(options);
  }

  async generate(request: ModelRequest): Promise<ModelResponse> {
    const completion = await callProvider(openAICallContext(this.provider, this.options, request), () =>
      this.client.chat.completions.create({ ...toOpenAIChatRequest(request), stream: false }, { signal: request.signal ?? null }),
    );
    return withEstimatedCost(fromOpenAIChatCompletion(completion), this.options.pricing, request.model);
  }

  stream(request: ModelRequest): AsyncIterable<ModelStreamPart> {
    const converter = new OpenAIChatStreamConverter();
    const includeUsage = this.options.includeUsage ?? true;
    return convertProviderStream<ChatCompletionChunk>(openAICallContext(this.provider, this.options, request), {
      open: async () =>
        this.client.chat.completions.create(
          { ...toOpenAIChatRequest(request), stream: true, ...(includeUsage ? { stream_options: { include_usage: true } } : {}) },
          { signal: request.signal ?? null },
        ),
      accept: (chunk) => converter.accept(chunk),
      isFinished: () => converter.finished,
      complete: () => converter.complete(),
      finalEvent: 'finish_reason',
      requestedModel: request.model,
    });
  }
}
