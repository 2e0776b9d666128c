import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from 'xstate';
import type { AgentEvent } from '../../src/agents/agent-events.js';
import { CodexExecutor } from '../../src/executors/codex/codex-executor.js';
import { createCliAgentActor, type CliAgentActor } from '../../src/executors/create-cli-agent-actor.js';
import { groupAlive } from '../../src/executors/process-runner.js';
import { startScriptedModelServer, type ScriptedModelServer } from '../../src/testing/index.js';
import { ensureAgentCli } from '../support/agent-clis.js';
import { createAgentWorkspace, eventually, startOutsideTrafficTrap, type AgentWorkspace, type OutsideTrafficTrap } from './agent-cli-test-context.js';

// The CLI agent actor driving the real Codex CLI (pinned, installed on demand) against the
// scripted server's Responses API: the same surface as with Claude Code.
const model = 'gpt-5.5';
const apiKey = 'sk-kanbots-cli-agent-codex-0123456789abcdef';

let codexPath: string;
let server: ScriptedModelServer;
let trap: OutsideTrafficTrap;
let workspace: AgentWorkspace;
let pids: number[];
const actors: CliAgentActor[] = [];

beforeAll(async () => {
  codexPath = await ensureAgentCli('codex');
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

function agent(snapshot?: unknown): { actor: CliAgentActor; events: AgentEvent[] } {
  const executor = new CodexExecutor({
    homeRoot: path.join(workspace.home, 'codex-homes'),
    command: codexPath,
    apiKey,
    baseUrl: server.openaiBaseUrl,
    maxRetries: 0,
    killGraceMs: 500,
    onProcessStarted: (pid) => pids.push(pid),
  });
  const actor = createCliAgentActor(
    { id: 'dev_codex', executor, worktree: workspace.worktree, model, policy: { default: 'allow' }, env: workspace.env },
    snapshot === undefined ? {} : { snapshot: snapshot as never },
  );
  const events: AgentEvent[] = [];
  actor.on('*', (event) => events.push(event));
  actors.push(actor);
  actor.start();
  return { actor, events };
}

function transitions(events: AgentEvent[]): string[] {
  return events.flatMap((event) => (event.type === 'agent.state.changed' ? [`${event.from}→${event.to}`] : []));
}

describe('CLI agent actor with Codex (real CLI)', () => {
  it('START writes a file, and a USER_MESSAGE follow-up continues the same thread', async () => {
    server.script(model, [
      { toolCalls: [{ name: 'exec_command', input: { cmd: "printf 'hello from codex\\n' > hello.txt" } }] },
      { text: 'Created hello.txt.' },
    ]);
    const { actor, events } = agent();
    actor.send({ type: 'START', task: 'Create hello.txt saying hello. Remember the word OSPREY.' });
    const first = await waitFor(actor, (snapshot) => snapshot.matches('done'), { timeout: 60_000 });

    expect(await readFile(path.join(workspace.worktree, 'hello.txt'), 'utf8')).toBe('hello from codex\n');
    expect(first.context).toMatchObject({ executorKind: 'codex', lastResult: 'Created hello.txt.', runs: 1 });
    expect(first.context.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(events.map((event) => event.type)).toEqual([
      'agent.state.changed',
      'agent.tool.started', 'agent.tool.finished',
      'agent.text.start', 'agent.text.delta', 'agent.text.end',
      'agent.turn.ended',
      'agent.state.changed', 'agent.finished',
    ]);

    let sawEarlierTurn = false;
    server.script(model, [
      (request) => {
        const body = JSON.stringify(request.body);
        sawEarlierTurn = body.includes('OSPREY') && body.includes('Created hello.txt.') && body.includes('What was the word?');
        return { text: 'OSPREY.' };
      },
    ]);
    actor.send({ type: 'USER_MESSAGE', text: 'What was the word?' });
    const second = await waitFor(actor, (snapshot) => snapshot.context.runs === 2 && snapshot.matches('done'), { timeout: 60_000 });

    expect(sawEarlierTurn).toBe(true);
    expect(second.context).toMatchObject({ sessionId: first.context.sessionId, lastResult: 'OSPREY.' });
    expect(transitions(events)).toEqual(['idle→running', 'running→done', 'done→running', 'running→done']);
    expect(JSON.stringify(events)).not.toContain(apiKey);
    server.assertComplete();
    expect(trap.connections).toBe(0);
  });

  it('a follow-up sent during the run is answered in the same thread, and a restored snapshot continues it', async () => {
    server.script(model, [{ text: 'Noted KESTREL.' }]);
    const first = agent();
    first.actor.send({ type: 'START', task: 'Remember the word KESTREL.' });
    first.actor.send({ type: 'USER_MESSAGE', text: 'Also remember FALCON.' });
    let sawBoth = false;
    server.script(model, [
      (request) => {
        const body = JSON.stringify(request.body);
        sawBoth = body.includes('KESTREL') && body.includes('Also remember FALCON.');
        return { text: 'Noted FALCON.' };
      },
    ]);
    const done = await waitFor(first.actor, (snapshot) => snapshot.matches('done'), { timeout: 120_000 });
    expect(sawBoth).toBe(true);
    expect(done.context).toMatchObject({ runs: 2, lastResult: 'Noted FALCON.', pendingFollowUps: [] });
    expect(first.events.filter((event) => event.type === 'agent.finished')).toHaveLength(1);

    const persisted: unknown = JSON.parse(JSON.stringify(first.actor.getPersistedSnapshot()));
    first.actor.stop();
    const second = agent(persisted);
    expect(second.actor.getSnapshot().value).toBe('done');
    let sawHistory = false;
    server.script(model, [
      (request) => {
        const body = JSON.stringify(request.body);
        sawHistory = body.includes('KESTREL') && body.includes('FALCON') && body.includes('Which two words?');
        return { text: 'KESTREL and FALCON.' };
      },
    ]);
    second.actor.send({ type: 'USER_MESSAGE', text: 'Which two words?' });
    const last = await waitFor(second.actor, (snapshot) => snapshot.context.runs === 3 && snapshot.matches('done'), { timeout: 60_000 });

    expect(sawHistory).toBe(true);
    expect(last.context).toMatchObject({ sessionId: done.context.sessionId, lastResult: 'KESTREL and FALCON.' });
    expect(pids).toHaveLength(3);
    server.assertComplete();
    expect(trap.connections).toBe(0);
  });
});
