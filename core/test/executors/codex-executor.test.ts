import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CodexExecutor } from '../../src/executors/codex/codex-executor.js';
import type { ExecutorRunInput } from '../../src/executors/executor.js';
import { startScriptedModelServer, type ScriptedModelServer } from '../../src/testing/index.js';
import { ensureAgentCli } from '../support/agent-clis.js';
import { createAgentWorkspace, eventRecorder, startOutsideTrafficTrap, type AgentWorkspace, type OutsideTrafficTrap } from './agent-cli-test-context.js';

// The real Codex CLI (pinned, installed on demand) against the scripted server's Responses API.
const model = 'gpt-5.5';
const apiKey = 'sk-kanbots-codex-test-key-0123456789abcdef';

let codexPath: string;
let server: ScriptedModelServer;
let trap: OutsideTrafficTrap;
let workspace: AgentWorkspace;

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
  workspace = await createAgentWorkspace(trap);
});

afterEach(async () => {
  await workspace.cleanup();
});

function executor(extra: { pids?: number[] } = {}): CodexExecutor {
  return new CodexExecutor({
    homeRoot: path.join(workspace.home, 'codex-homes'),
    command: codexPath,
    apiKey,
    baseUrl: server.openaiBaseUrl,
    defaultModel: model,
    maxRetries: 0,
    killGraceMs: 500,
    onProcessStarted: (pid) => extra.pids?.push(pid),
  });
}

function input(overrides: Partial<ExecutorRunInput> = {}): ExecutorRunInput {
  return {
    agentId: 'agent_1',
    worktree: workspace.worktree,
    prompt: 'Create hello.txt saying hello.',
    policy: { default: 'allow' },
    env: workspace.env,
    signal: new AbortController().signal,
    ...overrides,
  };
}

describe('Codex executor (real CLI)', () => {
  it('writes a file in the worktree through its own shell tool and reports it as agent events', async () => {
    server.script(model, [
      { toolCalls: [{ name: 'exec_command', input: { cmd: "printf 'hello from codex\\n' > hello.txt" } }] },
      { text: 'Created hello.txt.' },
    ]);
    const recorder = eventRecorder();
    const result = await executor().run(input(), recorder.emit);

    expect(result).toMatchObject({ status: 'done', result: 'Created hello.txt.' });
    expect(result.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await readFile(path.join(workspace.worktree, 'hello.txt'), 'utf8')).toBe('hello from codex\n');
    expect(recorder.types()).toEqual([
      'agent.tool.started', 'agent.tool.finished',
      'agent.text.start', 'agent.text.delta', 'agent.text.end',
      'agent.turn.ended', 'agent.finished',
    ]);
    expect(recorder.events[1]).toMatchObject({ name: 'command_execution', isError: false, data: { exitCode: 0 } });
    expect(JSON.stringify(recorder.events)).not.toContain(apiKey);
    server.assertComplete();
    expect(trap.connections).toBe(0);
  });

  it('writes a file through its apply_patch tool (a Responses custom tool call)', async () => {
    let patchOutput = '';
    server.script(model, [
      { toolCalls: [{ name: 'apply_patch', input: '*** Begin Patch\n*** Add File: notes/patched.txt\n+patched by codex\n*** End Patch\n' }] },
      (request) => {
        const items = (request.body as { input?: { type?: string; output?: string }[] }).input ?? [];
        patchOutput = items.find((item) => item.type === 'custom_tool_call_output')?.output ?? '';
        return { text: 'Patched.' };
      },
    ]);
    const recorder = eventRecorder();
    const result = await executor().run(input(), recorder.emit);

    expect(result).toMatchObject({ status: 'done', result: 'Patched.' });
    expect(await readFile(path.join(workspace.worktree, 'notes', 'patched.txt'), 'utf8')).toBe('patched by codex\n');
    expect(patchOutput).toContain('Success');
    const finished = recorder.events.find((event) => event.type === 'agent.tool.finished');
    expect(finished).toMatchObject({ name: 'file_change', isError: false, data: { fileChanges: [{ path: path.join(workspace.worktree, 'notes', 'patched.txt'), kind: 'add' }] } });
    server.assertComplete();
    expect(trap.connections).toBe(0);
  });

  it.each([
    { status: 401 as const, code: 'provider_auth', retryable: false },
    { status: 500 as const, code: 'provider_server_error', retryable: true },
  ])('ends the step with a typed error when the API answers $status', async ({ status, code, retryable }) => {
    server.script(model, [{ fault: 'status', status }]);
    const recorder = eventRecorder();
    const result = await executor().run(input(), recorder.emit);

    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ name: 'ProviderError', code, retryable, details: { provider: 'codex' } });
    expect(recorder.events.at(-1)).toMatchObject({ type: 'agent.finished', status: 'failed', reason: 'provider_error' });
    expect(JSON.stringify(result)).not.toContain(apiKey);
    expect(trap.connections).toBe(0);
  });

});
