import type OpenAI from 'openai';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses.js';
import type { ModelPort, ModelRequest, ModelResponse, ModelStreamPart } from '../model-port.js';
import { callProvider, convertProviderStream, withEstimatedCost } from '../provider-stream.js';
import { fromOpenAIResponse } from './from-openai-responses-response.js';
import { OpenAIResponsesStreamConverter } from './from-openai-responses-stream.js';
import { createOpenAIClient, openAICallContext, type OpenAIClientOptions } from './openai-client.js';
import { toOpenAIResponsesRequest } from './to-openai-responses-input.js';

/** The OpenAI Responses adapter. */
export class OpenAIResponsesModel implements ModelPort {
  readonly provider = 'openai';
  private readonly client: OpenAI;

  constructor(private readonly options: OpenAIClientOptions) {
    this.client = createOpenAIClient(options);
  }

  async generate(request: ModelRequest): Promise<ModelResponse> {
    const response = await callProvider(openAICallContext(this.provider, this.options, request), () =>
      this.client.responses.create({ ...toOpenAIResponsesRequest(request), stream: false }, { signal: request.signal ?? null }),
    );
    return withEstimatedCost(fromOpenAIResponse(response), this.options.pricing, request.model);
  }

  stream(request: ModelRequest): AsyncIterable<ModelStreamPart> {
    const converter = new OpenAIResponsesStreamConverter(this.provider);
    return convertProviderStream<ResponseStreamEvent>(openAICallContext(this.provider, this.options, request), {
      open: async () => this.client.responses.create({ ...toOpenAIResponsesRequest(request), stream: true }, { signal: request.signal ?? null }),
      accept: (event) => converter.accept(event),
      isFinished: () => converter.finished,
      finalEvent: 'response.completed',
      requestedModel: request.model,
    });
  }
}
