import { createAnthropicModel } from '../../src/providers/anthropic/anthropic-model.js';
import { createOpenAICompatibleModel, createOpenAIModel } from '../../src/providers/openai/openai-model.js';
import { describeModelPortContract } from './model-port.contract.js';

describeModelPortContract({
  name: 'anthropic (Messages API)',
  provider: 'anthropic',
  midstreamErrorKind: 'overloaded',
  create: (server, options) => createAnthropicModel({ ...options, baseURL: server.anthropicBaseUrl }),
});

describeModelPortContract({
  name: 'openai (Chat Completions)',
  provider: 'openai',
  midstreamErrorKind: 'server_error',
  create: (server, options) => createOpenAIModel({ ...options, baseURL: server.openaiBaseUrl, api: 'chat' }),
});

describeModelPortContract({
  name: 'openai (Responses API)',
  provider: 'openai',
  midstreamErrorKind: 'server_error',
  create: (server, options) => createOpenAIModel({ ...options, baseURL: server.openaiBaseUrl, api: 'responses' }),
});

describeModelPortContract({
  name: 'openai-compatible (Chat Completions at any base URL)',
  provider: 'openai-compatible',
  midstreamErrorKind: 'server_error',
  create: (server, options) => createOpenAICompatibleModel({ ...options, baseURL: server.openaiBaseUrl }),
});
