import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ClaudeCodeExecutor } from '../../src/executors/claude-code/claude-code-executor.js';
import type { ExecutorRunInput } from '../../src/executors/executor.js';
import { startScriptedModelServer, type ScriptedModelServer } from '../../src/testing/index.js';
import { ensureAgentCli } from '../support/agent-clis.js';
import { createAgentWorkspace, eventRecorder, startOutsideTrafficTrap, type AgentWorkspace, type OutsideTrafficTrap } from './agent-cli-test-context.js';

// The real Claude Code CLI (pinned, installed on demand) against the scripted model server.
const model = 'claude-sonnet-4-5';
const apiKey = 'sk-ant-kanbots-test-key-0123456789';

let claudePath: string;
let server: ScriptedModelServer;
let trap: OutsideTrafficTrap;
let workspace: AgentWorkspace;

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
  workspace = await createAgentWorkspace(trap);
});

afterEach(async () => {
  await workspace.cleanup();
});

function executor(extra: { pids?: number[] } = {}): ClaudeCodeExecutor {
  return new ClaudeCodeExecutor({
    command: claudePath,
    apiKey,
    baseUrl: server.anthropicBaseUrl,
    extraEnv: { CLAUDE_CODE_MAX_RETRIES: '0' },
    killGraceMs: 500,
    onProcessStarted: (pid) => extra.pids?.push(pid),
  });
}

function input(overrides: Partial<ExecutorRunInput> = {}): ExecutorRunInput {
  return {
    agentId: 'agent_1',
    worktree: workspace.worktree,
    prompt: 'Create hello.txt saying hello.',
    model,
    policy: { default: 'allow' },
    maxTurns: 5,
    env: workspace.env,
    signal: new AbortController().signal,
    ...overrides,
  };
}

describe('Claude Code executor (real CLI)', () => {
  it('writes a file in the worktree through its own Write tool and reports it as agent events', async () => {
    const file = path.join(workspace.worktree, 'hello.txt');
    server.script(model, [
      { text: 'I will write the file.', toolCalls: [{ name: 'Write', input: { file_path: file, content: 'hello from claude\n' } }] },
      { text: 'Created hello.txt.' },
    ]);
    const recorder = eventRecorder();
    const result = await executor().run(input(), recorder.emit);

    expect(result.status).toBe('done');
    expect(result.result).toBe('Created hello.txt.');
    expect(result.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(await readFile(file, 'utf8')).toBe('hello from claude\n');
    expect(await workspace.repository.git(['status', '--porcelain'], { cwd: workspace.worktree })).toContain('hello.txt');

    const types = recorder.types();
    expect(types).toEqual([
      'agent.text.start', 'agent.text.delta', 'agent.text.end',
      'agent.tool.started', 'agent.tool.finished',
      'agent.text.start', 'agent.text.delta', 'agent.text.end',
      'agent.turn.ended', 'agent.finished',
    ]);
    const finished = recorder.events.find((event) => event.type === 'agent.tool.finished');
    expect(finished).toMatchObject({ name: 'Write', isError: false, agentId: 'agent_1', data: { fileEdit: { path: file, kind: 'create' } } });
    expect(recorder.events.at(-1)).toMatchObject({ type: 'agent.finished', status: 'done', result: 'Created hello.txt.' });
    expect(JSON.stringify(recorder.events)).not.toContain(apiKey);
    expect(server.requests.every((request) => request.api !== 'anthropic' || request.path === '/v1/messages')).toBe(true);
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
    expect(result.error).toMatchObject({ name: 'ProviderError', code, retryable, details: { status, provider: 'claude-code' } });
    expect(recorder.events.at(-1)).toMatchObject({ type: 'agent.finished', status: 'failed', reason: 'provider_error' });
    expect(recorder.types()).toContain('agent.error');
    expect(JSON.stringify(result)).not.toContain(apiKey);
    expect(trap.connections).toBe(0);
  });

  it('maps a policy that denies edits: the CLI refuses the Write and the file is not created', async () => {
    const file = path.join(workspace.worktree, 'denied.txt');
    server.script(model, [
      { toolCalls: [{ name: 'Write', input: { file_path: file, content: 'must not exist\n' } }] },
      { text: 'I could not write it.' },
    ]);
    const recorder = eventRecorder();
    const result = await executor().run(input({ policy: { default: 'allow', rules: { write_file: 'deny', edit_file: 'deny' } } }), recorder.emit);

    expect(result.status).toBe('done');
    expect(recorder.events.find((event) => event.type === 'agent.tool.finished')).toMatchObject({ name: 'Write', isError: true });
    await expect(readFile(file, 'utf8')).rejects.toThrow();
    const offeredTools = (server.requests[0]?.body as { tools?: { name: string }[] }).tools?.map((tool) => tool.name) ?? [];
    expect(offeredTools).not.toContain('Write');
    expect(trap.connections).toBe(0);
  });

  it('recovers from a stream dropped mid-answer: the CLI falls back to a non-streaming request', async () => {
    server.script(model, [{ fault: 'drop' }, { text: 'Recovered.' }]);
    const result = await new ClaudeCodeExecutor({ command: claudePath, apiKey, baseUrl: server.anthropicBaseUrl, extraEnv: { CLAUDE_CODE_MAX_RETRIES: '1' } }).run(input(), () => {});
    expect(result).toMatchObject({ status: 'done', result: 'Recovered.' });
    const modelRequests = server.requests.filter((request) => request.lane === model);
    expect(modelRequests.map((request) => request.stream)).toEqual([true, false]);
    server.assertComplete();
    expect(trap.connections).toBe(0);
  });
});
