/**
 * One built-in agent on one task: it reads a file, edits it and finishes. The "model" is Kanbots'
 * scripted model server on 127.0.0.1, spoken to by the real Anthropic adapter, so this runs
 * offline; point `baseURL`/`apiKey` at the real API to use a real model.
 *
 *   node --conditions=kanbots-source --import tsx examples/solo-agent.ts
 */
import { createAgentActor, createAnthropicModel, developerTools, type AgentEvent } from '@kanbots/core';
import { createTestRepository, startScriptedModelServer } from '@kanbots/core/testing';

function describe(event: AgentEvent): string {
  switch (event.type) {
    case 'agent.state.changed':
      return `${event.from} → ${event.to}`;
    case 'agent.text.delta':
      return JSON.stringify(event.text);
    case 'agent.turn.ended':
      return `turn ${event.turn}: ${event.usage.inputTokens} in / ${event.usage.outputTokens} out tokens, ${event.stopReason}`;
    case 'agent.tool.started':
      return `${event.name} ${JSON.stringify(event.input)}`;
    case 'agent.tool.finished':
      return `${event.name} ${event.isError ? 'error' : 'ok'}: ${JSON.stringify(event.content.split('\n')[0])}`;
    case 'agent.finished':
      return `${event.status} ${JSON.stringify(event.result)}`;
    default:
      return '';
  }
}

const repository = await createTestRepository();
const server = await startScriptedModelServer();
try {
  server.script([
    { text: 'Reading the file.', toolCalls: [{ name: 'read_file', input: { path: 'src/app.txt' } }], usage: { inputTokens: 120, outputTokens: 20 } },
    {
      toolCalls: [{ name: 'edit_file', input: { path: 'src/app.txt', old_string: 'line 2', new_string: 'line two' } }],
      usage: { inputTokens: 160, outputTokens: 30 },
    },
    { toolCalls: [{ name: 'finish', input: { summary: 'Spelled out line two.' } }], usage: { inputTokens: 200, outputTokens: 15 } },
  ]);

  const agent = createAgentActor({
    id: 'solo',
    model: createAnthropicModel({ apiKey: 'not-a-real-key', baseURL: server.anthropicBaseUrl }),
    modelName: 'claude-sonnet-5-5',
    system: 'You are a careful developer. Make the smallest change that does the task.',
    tools: developerTools(),
    policy: { default: 'allow' },
    worktree: repository.path,
    budgets: { maxTurns: 10 },
  });
  const finished = new Promise<void>((resolve) => agent.on('agent.finished', () => resolve()));
  agent.on('*', (event) => console.log(`${event.type} ${describe(event)}`.trimEnd()));
  agent.start();
  agent.send({ type: 'START', task: 'In src/app.txt, spell out the number on line 2.' });
  await finished;
  agent.stop();

  console.log(`src/app.txt is now ${JSON.stringify(await repository.readFile('src/app.txt'))}`);
  server.assertComplete();
} finally {
  await server.close();
  await repository.cleanup();
}

// Expected output:
// agent.state.changed idle → preparing
// agent.state.changed preparing → requesting
// agent.text.start
// agent.text.delta "Readin"
// agent.text.delta "g the "
// agent.text.delta "file."
// agent.text.end
// agent.turn.ended turn 1: 120 in / 20 out tokens, tool_use
// agent.state.changed requesting → runningTools
// agent.tool.started read_file {"path":"src/app.txt"}
// agent.tool.finished read_file ok: "    1\tline 1"
// agent.state.changed runningTools → requesting
// agent.turn.ended turn 2: 160 in / 30 out tokens, tool_use
// agent.state.changed requesting → runningTools
// agent.tool.started edit_file {"path":"src/app.txt","old_string":"line 2","new_string":"line two"}
// agent.tool.finished edit_file ok: "Edited src/app.txt: replaced 1 occurrence."
// agent.state.changed runningTools → requesting
// agent.turn.ended turn 3: 200 in / 15 out tokens, tool_use
// agent.state.changed requesting → runningTools
// agent.tool.started finish {"summary":"Spelled out line two."}
// agent.tool.finished finish ok: "Task finished."
// agent.state.changed runningTools → done
// agent.finished done {"summary":"Spelled out line two."}
// src/app.txt is now "line 1\nline two\nline 3\n"
