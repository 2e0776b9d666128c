import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAnthropicModel } from '../../src/providers/anthropic/anthropic-model.js';
import { startScriptedModelServer, type ScriptedModelServer } from '../../src/testing/scripted-model-server/index.js';

/**
 * Regression: the Anthropic SDK refuses non-streaming calls whose `max_tokens` suggests more than
 * ten minutes of work unless a timeout is given; generate() passes one, so large budgets work.
 */
let server: ScriptedModelServer;
beforeAll(async () => {
  server = await startScriptedModelServer();
});
afterAll(async () => {
  await server.close();
});

it('generate() with a large max_tokens is sent, not refused client-side', async () => {
  server.script([{ text: 'long answer' }]);
  const model = createAnthropicModel({ apiKey: 'test-key', baseURL: server.anthropicBaseUrl, defaultMaxOutputTokens: 64_000 });
  const response = await model.generate({ model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: [{ type: 'text', text: 'Write a lot' }] }] });
  expect(response.content).toEqual([{ type: 'text', text: 'long answer' }]);
  expect(server.requests[0]?.body).toMatchObject({ max_tokens: 64_000 });
  server.assertComplete();
});
