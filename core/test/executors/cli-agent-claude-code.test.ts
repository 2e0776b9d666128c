import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from 'xstate';
import type { AgentEvent } from '../../src/agents/agent-events.js';
import { ClaudeCodeExecutor } from '../../src/executors/claude-code/claude-code-executor.js';
import { createCliAgentActor, type CliAgentActor } from '../../src/executors/create-cli-agent-actor.js';
import { groupAlive } from '../../src/executors/process-runner.js';
import { startScriptedModelServer, type ScriptedModelServer } from '../../src/testing/index.js';
import { ensureAgentCli } from '../support/agent-clis.js';
import { createAgentWorkspace, eventually, startOutsideTrafficTrap, type AgentWorkspace, type OutsideTrafficTrap } from './agent-cli-test-context.js';

// The CLI agent actor driving the real Claude Code CLI (pinned, installed on demand) against the
// scripted model server: the same commands and events as the built-in agent actor.
const model = 'claude-sonnet-4-5';
const apiKey = 'sk-ant-cli-agent-test-0123456789';

let claudePath: string;
let server: ScriptedModelServer;
let trap: OutsideTrafficTrap;
let workspace: AgentWorkspace;
let pids: number[];
const actors: CliAgentActor[] = [];

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
  for (const actor of actors.splice(0)) actor.stop();
  await eventually(() => pids.every((pid) => !groupAlive(pid)), 'every CLI process group to end');
  await workspace.cleanup();
});

function agent(snapshot?: unknown): { actor: CliAgentActor; events: AgentEvent[]; types: () => string[] } {
  const executor = new ClaudeCodeExecutor({
    command: claudePath,
    apiKey,
    baseUrl: server.anthropicBaseUrl,
    extraEnv: { CLAUDE_CODE_MAX_RETRIES: '0' },
    killGraceMs: 500,
    onProcessStarted: (pid) => pids.push(pid),
  });
  const actor = createCliAgentActor(
    { id: 'dev_1', executor, worktree: workspace.worktree, model, policy: { default: 'allow' }, maxTurns: 5, env: workspace.env },
    snapshot === undefined ? {} : { snapshot: snapshot as never },
  );
  const events: AgentEvent[] = [];
  actor.on('*', (event) => events.push(event));
  actors.push(actor);
  actor.start();
  return { actor, events, types: () => events.map((event) => event.type) };
}

const settled = (actor: CliAgentActor, state: 'done' | 'paused' | 'failed' | 'cancelled') => waitFor(actor, (snapshot) => snapshot.matches(state), { timeout: 60_000 });

function transitions(events: AgentEvent[]): string[] {
  return events.flatMap((event) => (event.type === 'agent.state.changed' ? [`${event.from}→${event.to}`] : []));
}

describe('CLI agent actor with Claude Code (real CLI)', () => {
  it('START runs the task: the file is written and the events read like the built-in agent', async () => {
    const file = path.join(workspace.worktree, 'hello.txt');
    server.script(model, [
      { text: 'Writing it.', toolCalls: [{ name: 'Write', input: { file_path: file, content: 'hello from the cli agent\n' } }] },
      { text: 'Created hello.txt.' },
    ]);
    const { actor, events, types } = agent();
    actor.send({ type: 'START', task: 'Create hello.txt saying hello.' });
    const snapshot = await settled(actor, 'done');

    expect(await readFile(file, 'utf8')).toBe('hello from the cli agent\n');
    expect(types()).toEqual([
      'agent.state.changed',
      'agent.text.start', 'agent.text.delta', 'agent.text.end',
      'agent.tool.started', 'agent.tool.finished',
      'agent.text.start', 'agent.text.delta', 'agent.text.end',
      'agent.turn.ended',
      'agent.state.changed', 'agent.finished',
    ]);
    expect(transitions(events)).toEqual(['idle→running', 'running→done']);
    expect(events.at(-1)).toMatchObject({ type: 'agent.finished', status: 'done', result: 'Created hello.txt.', agentId: 'dev_1' });
    expect(snapshot.context).toMatchObject({ phase: 'done', runs: 1, lastResult: 'Created hello.txt.', executorKind: 'claude-code' });
    expect(snapshot.context.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(snapshot.context.usage.inputTokens).toBeGreaterThan(0);
    expect(JSON.stringify(actor.getPersistedSnapshot())).not.toContain(apiKey);
    expect(JSON.stringify(events)).not.toContain(apiKey);
    server.assertComplete();
    expect(trap.connections).toBe(0);
  });

  it('USER_MESSAGE after done continues the same CLI session; APPROVE and DENY are ignored', async () => {
    server.script(model, [{ text: 'Noted the word.' }]);
    const { actor, events } = agent();
    actor.send({ type: 'START', task: 'Remember the word PELICAN.' });
    const first = await settled(actor, 'done');
    const sessionId = first.context.sessionId;

    actor.send({ type: 'APPROVE', callId: 'nothing' });
    actor.send({ type: 'DENY', callId: 'nothing', reason: 'no' });
    expect(actor.getSnapshot().value).toBe('done');

    let sawEarlierTurn = false;
    server.script(model, [
      (request) => {
        const body = JSON.stringify(request.body);
        sawEarlierTurn = body.includes('PELICAN') && body.includes('Noted the word.') && body.includes('What was the word?');
        return { text: 'It was PELICAN.' };
      },
    ]);
    actor.send({ type: 'USER_MESSAGE', text: 'What was the word?' });
    await waitFor(actor, (snapshot) => snapshot.context.runs === 2 && snapshot.matches('done'), { timeout: 60_000 });

    const second = actor.getSnapshot();
    expect(sawEarlierTurn).toBe(true);
    expect(second.context).toMatchObject({ sessionId, lastResult: 'It was PELICAN.', runs: 2 });
    expect(transitions(events)).toEqual(['idle→running', 'running→done', 'done→running', 'running→done']);
    expect(events.filter((event) => event.type === 'agent.finished').map((event) => event.type === 'agent.finished' && event.result)).toEqual([
      'Noted the word.',
      'It was PELICAN.',
    ]);
    expect(pids).toHaveLength(2);
    server.assertComplete();
    expect(trap.connections).toBe(0);
  });

  it('PAUSE stops after the running tool, RESUME continues the session with --resume', async () => {
    const file = path.join(workspace.worktree, 'paused.txt');
    server.script(model, [{ toolCalls: [{ name: 'Write', input: { file_path: file, content: 'written before the pause\n' } }] }, { fault: 'hang' }]);
    const { actor, events, types } = agent();
    actor.on('agent.tool.started', () => actor.send({ type: 'PAUSE' }));
    actor.send({ type: 'START', task: 'Write paused.txt, then stop.' });
    const paused = await settled(actor, 'paused');

    expect(await readFile(file, 'utf8')).toBe('written before the pause\n');
    expect(types()).toContain('agent.tool.finished');
    expect(types()).not.toContain('agent.finished');
    expect(paused.context.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(pids.every((pid) => !groupAlive(pid))).toBe(true);

    server.reset();
    let resumedBody = '';
    server.script(model, [
      (request) => {
        resumedBody = JSON.stringify(request.body);
        return { text: 'Resumed and finished.' };
      },
    ]);
    actor.send({ type: 'RESUME' });
    const done = await settled(actor, 'done');

    expect(resumedBody.includes('Write paused.txt, then stop.')).toBe(true);
    expect(resumedBody.includes('Continue the task where you left off.')).toBe(true);
    expect(done.context).toMatchObject({ sessionId: paused.context.sessionId, lastResult: 'Resumed and finished.', runs: 2 });
    expect(transitions(events)).toEqual(['idle→running', 'running→paused', 'paused→running', 'running→done']);
    expect(trap.connections).toBe(0);
  });

  it('CANCEL kills the CLI: once cancelled, no process of it is left', async () => {
    server.script(model, [{ fault: 'hang' }]);
    const { actor, events } = agent();
    actor.send({ type: 'START', task: 'Take forever.' });
    await eventually(() => server.requests.some((request) => request.lane === model), 'the CLI to call the model');
    actor.send({ type: 'CANCEL', reason: 'changed my mind' });
    const cancelled = await settled(actor, 'cancelled');

    expect(cancelled.status).toBe('done');
    expect(pids).toHaveLength(1);
    expect(groupAlive(pids[0]!)).toBe(false);
    expect(events.filter((event) => event.type === 'agent.finished')).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ type: 'agent.finished', status: 'cancelled', reason: 'changed my mind' });
    expect(transitions(events)).toEqual(['idle→running', 'running→cancelled']);
    expect(trap.connections).toBe(0);
  });

  it('a snapshot persisted mid-run comes back paused in a new actor and RESUME continues the same session', async () => {
    server.script(model, [{ fault: 'hang' }]);
    const first = agent();
    first.actor.send({ type: 'START', task: 'Remember the word HERON, then say done.' });
    await eventually(() => server.requests.some((request) => request.lane === model), 'the CLI to call the model');
    await waitFor(first.actor, (snapshot) => snapshot.context.sessionId !== null, { timeout: 60_000 });
    const persisted: unknown = JSON.parse(JSON.stringify(first.actor.getPersistedSnapshot()));
    const sessionId = first.actor.getSnapshot().context.sessionId;
    first.actor.stop(); // the host goes away: the run is cut off
    await eventually(() => pids.every((pid) => !groupAlive(pid)), 'the first CLI to end');

    server.reset();
    let resumedBody = '';
    server.script(model, [
      (request) => {
        resumedBody = JSON.stringify(request.body);
        return { text: 'Done, the word was HERON.' };
      },
    ]);
    const second = agent(persisted);
    expect(second.actor.getSnapshot().value).toBe('paused');
    expect(second.actor.getSnapshot().context).toMatchObject({ phase: 'paused', interrupted: true, sessionId });
    second.actor.send({ type: 'RESUME' });
    const done = await settled(second.actor, 'done');

    expect(resumedBody.includes('HERON')).toBe(true);
    expect(resumedBody.includes('Continue the task where you left off.')).toBe(true);
    expect(done.context).toMatchObject({ sessionId, lastResult: 'Done, the word was HERON.', interrupted: false });
    expect(second.events.at(-1)).toMatchObject({ type: 'agent.finished', status: 'done', result: 'Done, the word was HERON.' });
    expect(pids).toHaveLength(2);
    server.assertComplete();
    expect(trap.connections).toBe(0);
  });

  it('an API failure fails the step with one agent.error; a follow-up then continues the session', async () => {
    server.script(model, [{ fault: 'status', status: 401 }]);
    const { actor, events, types } = agent();
    actor.send({ type: 'START', task: 'Say hi.' });
    const failed = await settled(actor, 'failed');

    expect(failed.context.lastError).toMatchObject({ name: 'ProviderError', code: 'provider_auth' });
    expect(types().filter((type) => type === 'agent.error')).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ type: 'agent.finished', status: 'failed', reason: 'provider_error' });

    server.script(model, [{ text: 'Hi.' }]);
    actor.send({ type: 'USER_MESSAGE', text: 'Try again.' });
    const done = await settled(actor, 'done');
    expect(done.context).toMatchObject({ lastResult: 'Hi.', lastError: null, runs: 2 });
    expect(transitions(events)).toEqual(['idle→running', 'running→failed', 'failed→running', 'running→done']);
    expect(trap.connections).toBe(0);
  });

  it('a worktree that does not exist fails the run as preparation_failed, without starting the CLI', async () => {
    const executor = new ClaudeCodeExecutor({ command: claudePath, onProcessStarted: (pid) => pids.push(pid) });
    const actor = createCliAgentActor({ id: 'dev_2', executor, worktree: path.join(workspace.home, 'missing'), policy: { default: 'allow' }, env: workspace.env });
    const events: AgentEvent[] = [];
    actor.on('*', (event) => events.push(event));
    actors.push(actor);
    actor.start();
    actor.send({ type: 'START', task: 'Anything.' });
    await settled(actor, 'failed');

    expect(pids).toHaveLength(0);
    expect(events.map((event) => event.type)).toEqual(['agent.state.changed', 'agent.state.changed', 'agent.error', 'agent.finished']);
    expect(events.at(-2)).toMatchObject({ type: 'agent.error', error: { name: 'ConfigurationError', code: 'configuration' } });
    expect(events.at(-1)).toMatchObject({ type: 'agent.finished', status: 'failed', reason: 'preparation_failed', agentId: 'dev_2' });
  });
});
