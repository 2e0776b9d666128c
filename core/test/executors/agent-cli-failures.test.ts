import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClaudeCodeExecutor } from '../../src/executors/claude-code/claude-code-executor.js';
import type { ExecutorRunInput } from '../../src/executors/executor.js';
import { groupAlive } from '../../src/executors/process-runner.js';
import { eventRecorder } from './agent-cli-test-context.js';

// How a run ends when the CLI itself misbehaves: stand-in executables (shell scripts) play the CLI.
const apiKey = 'sk-ant-failure-test-key-0123456789';
let scratch: string;

async function fakeCli(name: string, body: string): Promise<string> {
  const file = path.join(scratch, name);
  await writeFile(file, `#!/bin/sh\n${body}\n`);
  await chmod(file, 0o755);
  return file;
}

function input(): ExecutorRunInput {
  return { agentId: 'agent_9', worktree: scratch, prompt: 'hi', policy: { default: 'allow' }, env: { PATH: process.env['PATH'] }, signal: new AbortController().signal };
}

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'kanbots-cli-failures-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('agent CLI failures', () => {
  it('a missing CLI fails the step with agent_cli_not_installed', async () => {
    const recorder = eventRecorder();
    const result = await new ClaudeCodeExecutor({ command: path.join(scratch, 'no-such-claude') }).run(input(), recorder.emit);
    expect(result).toMatchObject({ status: 'failed', error: { name: 'AgentCliError', code: 'agent_cli_not_installed' } });
    expect(recorder.types()).toEqual(['agent.error', 'agent.finished']);
  });

  it('a CLI that dies without a result fails with its exit code; non-JSON lines are reported, the key redacted', async () => {
    const command = await fakeCli(
      'crashing-claude',
      [
        'echo \'{"type":"system","subtype":"init","session_id":"s-1","model":"m"}\'',
        'echo "this is not json"',
        'echo "fatal: key was $ANTHROPIC_API_KEY" >&2',
        'exit 3',
      ].join('\n'),
    );
    const diagnostics: string[] = [];
    const recorder = eventRecorder();
    const result = await new ClaudeCodeExecutor({ command, apiKey, onDiagnostic: (message) => diagnostics.push(message) }).run(input(), recorder.emit);
    expect(result).toMatchObject({ status: 'failed', sessionId: 's-1', error: { code: 'agent_cli_exited', details: { exitCode: 3 } } });
    expect(result.error?.message).toContain('exit code 3');
    expect(result.error?.message).toContain('[REDACTED]');
    expect(JSON.stringify([result, recorder.events, diagnostics])).not.toContain(apiKey);
    expect(diagnostics.some((message) => message.includes('this is not json'))).toBe(true);
  });

  it('a CLI that runs past the timeout is stopped with its whole group', async () => {
    const command = await fakeCli('stuck-claude', 'sleep 30 &\nwait');
    const pids: number[] = [];
    const result = await new ClaudeCodeExecutor({ command, timeoutMs: 200, killGraceMs: 100, onProcessStarted: (pid) => pids.push(pid) }).run(input(), () => {});
    expect(result).toMatchObject({ status: 'failed', error: { code: 'agent_cli_timeout' } });
    expect(groupAlive(pids[0]!)).toBe(false);
  });
});
