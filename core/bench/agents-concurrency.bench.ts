/**
 * 50 agents at once, each 5 turns against the scripted server with 50 ms latency per answer:
 * total wall time against the ideal (5 × 50 ms) and the event loop's lag (p99) meanwhile — bare
 * SDK loops, agent actors, and durable agents as a run hosts them (snapshot and tool journal
 * committed at every step boundary). Prints figures; not a timed test.
 *
 *   node --conditions=kanbots-source --import tsx core/bench/agents-concurrency.bench.ts
 */
import Anthropic from '@anthropic-ai/sdk';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { z } from 'zod';
import { createAgentActor, type AgentActor } from '../src/agents/create-agent-actor.js';
import { AgentHost, builtInAgentFactory } from '../src/runs/agent-host.js';
import { runStepStoreOf } from '../src/runs/store-run-step-store.js';
import { openKanbotsStore } from '../src/store/open-kanbots-store.js';
import { RunStepWriter } from '../src/runs/run-step-writer.js';
import type { RunStepStore } from '../src/runs/run-step-store.js';
import type { AgentTool } from '../src/agents/tools/tool.js';
import { createAnthropicModel } from '../src/providers/anthropic/anthropic-model.js';
import { createTemporaryDirectory } from '../src/testing/git-fixtures.js';
import { startScriptedModelServer, type ScriptedModelServer } from '../src/testing/scripted-model-server/index.js';

const agents = 50;
const turns = 5;
const latencyMs = 50;

const noteTool: AgentTool = {
  name: 'note',
  description: 'Takes a note.',
  readOnly: true,
  inputSchema: z.object({ text: z.string() }),
  async run(input) {
    return { content: `noted: ${(input as { text: string }).text}` };
  },
};

/** The same 5 turns by a bare SDK loop, for a baseline of what the SDK and server cost here. */
async function bareLoop(client: Anthropic, modelName: string): Promise<void> {
  const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'Take notes.' }];
  const tools: Anthropic.Tool[] = [{ name: 'note', description: 'Takes a note.', input_schema: { type: 'object', properties: { text: { type: 'string' } } } }];
  for (;;) {
    const message = await client.messages.stream({ model: modelName, max_tokens: 1024, messages, tools }).finalMessage();
    messages.push({ role: 'assistant', content: message.content });
    const calls = message.content.filter((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use');
    if (calls.length === 0) return;
    messages.push({ role: 'user', content: calls.map((call) => ({ type: 'tool_result' as const, tool_use_id: call.id, content: 'noted' })) });
  }
}

function scriptLanes(server: ScriptedModelServer, prefix: string): void {
  for (let index = 0; index < agents; index += 1) {
    server.script(`${prefix}-${index}`, [
      ...Array.from({ length: turns - 1 }, (_, turn) => ({ latencyMs, text: `Turn ${turn + 1}.`, toolCalls: [{ name: 'note', input: { text: `t${turn + 1}` } }] })),
      { latencyMs, text: 'Done.' },
    ]);
  }
}

const server = await startScriptedModelServer();
const worktree = await createTemporaryDirectory();
try {
  const model = createAnthropicModel({ apiKey: 'bench-key', baseURL: server.anthropicBaseUrl });
  const client = new Anthropic({ apiKey: 'bench-key', baseURL: server.anthropicBaseUrl, maxRetries: 0 });
  scriptLanes(server, 'bare');
  const bareStart = performance.now();
  await Promise.all(Array.from({ length: agents }, (_, index) => bareLoop(client, `bare-${index}`)));
  const bareWall = performance.now() - bareStart;

  scriptLanes(server, 'agent');
  const actors: AgentActor[] = [];
  const finished: Promise<string>[] = [];
  for (let index = 0; index < agents; index += 1) {
    const modelName = `agent-${index}`;
    const actor = createAgentActor({ id: `agent_${index}`, model, modelName, tools: [noteTool], worktree: worktree.path });
    finished.push(new Promise((resolve) => actor.on('agent.finished', (event) => resolve(event.status))));
    actors.push(actor);
  }

  const lag = monitorEventLoopDelay({ resolution: 5 });
  lag.enable();
  const start = performance.now();
  for (const actor of actors) {
    actor.start();
    actor.send({ type: 'START', task: 'Take notes.' });
  }
  const statuses = await Promise.all(finished);
  const wall = performance.now() - start;
  lag.disable();
  for (const actor of actors) actor.stop();
  server.assertComplete();

  // The same agents as a run hosts them: every step boundary committed to the data directory.
  scriptLanes(server, 'durable');
  const dataDir = await createTemporaryDirectory();
  const store = await openKanbotsStore(dataDir.path);
  const hosts: AgentHost[] = [];
  const writers: RunStepWriter[] = [];
  // How long the event loop is held by the store's work at each step boundary (the commit runs synchronously inside).
  const commitTimes: number[] = [];
  const steps = runStepStoreOf(store.runs);
  const timedSteps: RunStepStore = {
    async commit(boundary) {
      const started = performance.now();
      try {
        await steps.commit(boundary);
      } finally {
        commitTimes.push(performance.now() - started);
      }
    },
  };
  for (let index = 0; index < agents; index += 1) {
    const agentId = `agent_${index}`;
    const runId = `run_${index}`;
    hosts.push(
      new AgentHost({
        store: store.runs,
        runId,
        key: 'developer',
        agentId,
        agent: builtInAgentFactory((snapshot, hooks) =>
          createAgentActor({ id: agentId, model, modelName: `durable-${index}`, tools: [noteTool], worktree: worktree.path, beforeToolRun: hooks.beforeToolRun }, snapshot === undefined ? {} : { snapshot: snapshot as never }),
        ),
        writer: writers[writers.push(new RunStepWriter(timedSteps)) - 1]!,
        emit: () => undefined,
        redact: (value) => structuredClone(value),
      }),
    );
  }
  const durableLag = monitorEventLoopDelay({ resolution: 5 });
  durableLag.enable();
  const durableStart = performance.now();
  await Promise.all(
    hosts.map((host) => {
      host.start();
      return host.runStep({ stepId: 'developer#1', agent: 'developer', role: 'developer', worktree: 'main', message: 'Take notes.', attempt: 1 }, new AbortController().signal);
    }),
  );
  const durableWall = performance.now() - durableStart;
  durableLag.disable();
  for (const host of hosts) host.stop();
  await Promise.all(writers.map((writer) => writer.flush()));
  server.assertComplete();
  store.close();
  await dataDir.cleanup();

  const ideal = turns * latencyMs;
  console.log(`agents concurrency: ${agents} agents × ${turns} turns, ${latencyMs} ms scripted latency per answer`);
  console.log(`  all done: ${statuses.every((status) => status === 'done')} (${statuses.filter((status) => status === 'done').length}/${agents})`);
  console.log(`  wall time: ${wall.toFixed(0)} ms, ideal ${ideal} ms, ratio ${(wall / ideal).toFixed(2)}×`);
  console.log(`  baseline, 50 bare SDK loops at once (same server, same process): ${bareWall.toFixed(0)} ms; agent actors ${(wall / bareWall).toFixed(2)}× that`);
  console.log(`  event-loop lag: p50 ${(lag.percentile(50) / 1e6).toFixed(2)} ms, p99 ${(lag.percentile(99) / 1e6).toFixed(2)} ms, max ${(lag.max / 1e6).toFixed(2)} ms`);
  console.log(`  durable agents (snapshot + tool journal at every step boundary): wall ${durableWall.toFixed(0)} ms, ${(durableWall / bareWall).toFixed(2)}× the bare loops`);
  console.log(`    event-loop lag: p50 ${(durableLag.percentile(50) / 1e6).toFixed(2)} ms, p99 ${(durableLag.percentile(99) / 1e6).toFixed(2)} ms, max ${(durableLag.max / 1e6).toFixed(2)} ms`);
  const sortedCommits = [...commitTimes].sort((a, b) => a - b);
  const commitTotal = commitTimes.reduce((sum, time) => sum + time, 0);
  console.log(`    step-boundary commits on the event loop: ${commitTimes.length}, ${commitTotal.toFixed(1)} ms in all (${((commitTotal / durableWall) * 100).toFixed(1)}% of the wall time), p50 ${(sortedCommits[Math.floor(sortedCommits.length / 2)] ?? 0).toFixed(3)} ms, p99 ${(sortedCommits[Math.floor(sortedCommits.length * 0.99)] ?? 0).toFixed(3)} ms, max ${(sortedCommits.at(-1) ?? 0).toFixed(3)} ms`);
} finally {
  await server.close();
  await worktree.cleanup();
}
