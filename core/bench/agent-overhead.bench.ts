/**
 * What the agent actor adds per turn on top of a bare SDK tool-use loop doing the same turns
 * against the same scripted server (streaming, one tool call per turn, then a final answer).
 * Prints both medians and their ratio; not a timed test.
 *
 *   node --conditions=kanbots-source --import tsx core/bench/agent-overhead.bench.ts
 */
import Anthropic from '@anthropic-ai/sdk';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { createAgentActor } from '../src/agents/create-agent-actor.js';
import type { AgentTool } from '../src/agents/tools/tool.js';
import { createAnthropicModel } from '../src/providers/anthropic/anthropic-model.js';
import { createTemporaryDirectory } from '../src/testing/git-fixtures.js';
import { startScriptedModelServer, type ScriptedStep } from '../src/testing/scripted-model-server/index.js';

const runs = 30;
const turnsPerRun = 5;
const apiKey = 'bench-key';

function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 0 ? ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2 : (sorted[middle] ?? 0);
}

function script(): ScriptedStep[] {
  const steps: ScriptedStep[] = Array.from({ length: turnsPerRun - 1 }, (_, index) => ({
    text: `Step ${index + 1}.`,
    toolCalls: [{ name: 'note', input: { text: `turn ${index + 1}` } }],
  }));
  return [...steps, { text: 'All steps done.' }];
}

const noteTool: AgentTool = {
  name: 'note',
  description: 'Takes a note.',
  readOnly: true,
  inputSchema: z.object({ text: z.string() }),
  async run(input) {
    return { content: `noted: ${(input as { text: string }).text}` };
  },
};

const server = await startScriptedModelServer();
const worktree = await createTemporaryDirectory();
try {
  const model = createAnthropicModel({ apiKey, baseURL: server.anthropicBaseUrl });
  const client = new Anthropic({ apiKey, baseURL: server.anthropicBaseUrl, maxRetries: 0 });

  async function agentRun(): Promise<void> {
    server.script(script());
    const actor = createAgentActor({ id: 'bench', model, modelName: 'bench-model', tools: [noteTool], worktree: worktree.path });
    const finished = new Promise<void>((resolve) => actor.on('agent.finished', () => resolve()));
    actor.start();
    actor.send({ type: 'START', task: 'Take notes.' });
    await finished;
    actor.stop();
  }

  async function bareRun(): Promise<void> {
    server.script(script());
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'Take notes.' }];
    const tools: Anthropic.Tool[] = [{ name: 'note', description: 'Takes a note.', input_schema: { type: 'object', properties: { text: { type: 'string' } } } }];
    for (;;) {
      const message = await client.messages.stream({ model: 'bench-model', max_tokens: 1024, messages, tools }).finalMessage();
      messages.push({ role: 'assistant', content: message.content });
      const calls = message.content.filter((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use');
      if (calls.length === 0) return;
      const results: Anthropic.ToolResultBlockParam[] = [];
      for (const call of calls) results.push({ type: 'tool_result', tool_use_id: call.id, content: `noted: ${(call.input as { text: string }).text}` });
      messages.push({ role: 'user', content: results });
    }
  }

  async function perTurn(run: () => Promise<void>): Promise<number[]> {
    for (let index = 0; index < 3; index += 1) await run(); // warm-up
    const times: number[] = [];
    for (let index = 0; index < runs; index += 1) {
      const start = performance.now();
      await run();
      times.push((performance.now() - start) / turnsPerRun);
    }
    return times;
  }

  const bare = median(await perTurn(bareRun));
  const agent = median(await perTurn(agentRun));
  server.assertComplete();
  console.log(`agent overhead: ${runs} runs × ${turnsPerRun} turns (4 tool turns + final answer), Anthropic wire, 127.0.0.1`);
  console.log(`  bare SDK loop   median per turn: ${bare.toFixed(2)} ms`);
  console.log(`  agent actor     median per turn: ${agent.toFixed(2)} ms`);
  console.log(`  ratio agent / bare: ${(agent / bare).toFixed(2)}×  (+${(agent - bare).toFixed(2)} ms per turn)`);
} finally {
  await server.close();
  await worktree.cleanup();
}
