import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assign, createActor, sendTo, setup, toPromise } from 'xstate';
import type { AgentEvent } from '../../src/agents/agent-events.js';
import { ClaudeCodeExecutor } from '../../src/executors/claude-code/claude-code-executor.js';
import { createExecutorLogic, type ExecutorLogicInput, type ExecutorParentEvent } from '../../src/executors/executor-actor-logic.js';
import type { ExecutorResult } from '../../src/executors/executor.js';
import { groupAlive } from '../../src/executors/process-runner.js';
import { startScriptedModelServer, type ScriptedModelServer } from '../../src/testing/index.js';
import { ensureAgentCli } from '../support/agent-clis.js';
import { createAgentWorkspace, eventually, startOutsideTrafficTrap, type AgentWorkspace, type OutsideTrafficTrap } from './agent-cli-test-context.js';

// An agent CLI executor invoked as XState actor logic by a machine, as the agent actor will do.
const model = 'claude-sonnet-4-5';

let claudePath: string;
let server: ScriptedModelServer;
let trap: OutsideTrafficTrap;
let workspace: AgentWorkspace;
let pids: number[];

beforeAll(async () => {
  claudePath = await ensureAgentCli('claude-code');
  server = await startScriptedModelServer();
  trap = await startOutsideTrafficTrap();
}, 600_000);

afterAll(async () => {
  await server?.close();
  await trap?.close();
});

beforeEach(async () => {
  server.reset();
  pids = [];
  workspace = await createAgentWorkspace(trap);
});

afterEach(async () => {
  await workspace.cleanup();
});

function hostMachine() {
  const executor = new ClaudeCodeExecutor({
    command: claudePath,
    apiKey: 'sk-ant-actor-test-0123456789',
    baseUrl: server.anthropicBaseUrl,
    extraEnv: { CLAUDE_CODE_MAX_RETRIES: '0' },
    killGraceMs: 500,
    onProcessStarted: (pid) => pids.push(pid),
  });
  const runInput: ExecutorLogicInput = { agentId: 'agent_7', worktree: workspace.worktree, prompt: 'Say hello.', model, policy: { default: 'allow' }, env: workspace.env };
  return setup({
    types: {
      context: {} as { events: AgentEvent[]; result?: ExecutorResult },
      events: {} as ExecutorParentEvent | { type: 'PAUSE' } | { type: 'CANCEL' },
      output: {} as { events: AgentEvent[]; result?: ExecutorResult },
    },
    actors: { executor: createExecutorLogic(executor) },
  }).createMachine({
    context: { events: [] },
    initial: 'running',
    states: {
      running: {
        invoke: { id: 'executor', src: 'executor', input: runInput },
        on: {
          'executor.event': { actions: assign({ events: ({ context, event }) => [...context.events, event.event] }) },
          'executor.done': { target: 'ended', actions: assign({ result: ({ event }) => event.result }) },
          PAUSE: { actions: sendTo('executor', { type: 'PAUSE' }) },
          CANCEL: { actions: sendTo('executor', { type: 'CANCEL' }) },
        },
      },
      ended: { type: 'final' },
    },
    output: ({ context }) => context,
  });
}

describe('executor as actor logic', () => {
  it('sends the agent events and the final result with the session id to the invoking machine', async () => {
    server.script(model, [{ text: 'Hello!' }]);
    const actor = createActor(hostMachine()).start();
    const output = await toPromise(actor);
    expect(output.result).toMatchObject({ status: 'done', result: 'Hello!', sessionId: expect.any(String) });
    expect(output.events.map((event) => event.type)).toEqual(['agent.text.start', 'agent.text.delta', 'agent.text.end', 'agent.turn.ended', 'agent.finished']);
    expect(output.events.every((event) => event.agentId === 'agent_7')).toBe(true);
  });

  it('CANCEL kills the CLI and ends with a cancelled result', async () => {
    server.script(model, [{ fault: 'hang' }]);
    const actor = createActor(hostMachine()).start();
    await eventually(() => server.requests.some((request) => request.lane === model), 'the CLI to call the model');
    actor.send({ type: 'CANCEL' });
    const output = await toPromise(actor);
    expect(output.result?.status).toBe('cancelled');
    expect(groupAlive(pids[0]!)).toBe(false);
  });

  it('PAUSE with no tool running stops at once and keeps the session to resume', async () => {
    server.script(model, [{ fault: 'hang' }]);
    const actor = createActor(hostMachine()).start();
    await eventually(() => server.requests.some((request) => request.lane === model), 'the CLI to call the model');
    actor.send({ type: 'PAUSE' });
    const output = await toPromise(actor);
    expect(output.result).toMatchObject({ status: 'paused', sessionId: expect.any(String) });
    expect(groupAlive(pids[0]!)).toBe(false);

    server.reset();
    server.script(model, [{ text: 'Back again.' }]);
    const resumed = await new ClaudeCodeExecutor({ command: claudePath, apiKey: 'sk-ant-actor-test-0123456789', baseUrl: server.anthropicBaseUrl }).run(
      { agentId: 'agent_7', worktree: workspace.worktree, prompt: 'Continue.', model, policy: { default: 'allow' }, env: workspace.env, signal: new AbortController().signal, resumeSessionId: output.result!.sessionId! },
      () => {},
    );
    expect(resumed).toMatchObject({ status: 'done', result: 'Back again.' });
  });

  it('stopping the invoking actor cancels the run and leaves no process behind', async () => {
    server.script(model, [{ fault: 'hang' }]);
    const actor = createActor(hostMachine()).start();
    await eventually(() => server.requests.some((request) => request.lane === model), 'the CLI to call the model');
    actor.stop();
    await eventually(() => pids.length === 1 && !groupAlive(pids[0]!), 'the process group to end');
    expect(groupAlive(pids[0]!)).toBe(false);
  });
});
