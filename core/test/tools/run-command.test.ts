import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/agents/tools/command-runner.js';
import { executeTool } from '../../src/agents/tools/define-tool.js';
import { createRunCommandTool } from '../../src/agents/tools/run-command-tool.js';
import {
  createToolSandbox,
  killTaggedProcesses,
  uniqueSleepTag,
  waitForTaggedProcess,
  waitUntilNoTaggedProcess,
  type ToolSandbox,
} from './tool-test-context.js';

let sandbox: ToolSandbox;
const tags: string[] = [];
beforeEach(() => {
  sandbox = createToolSandbox();
});
afterEach(() => {
  for (const tag of tags.splice(0)) killTaggedProcesses(tag);
  sandbox.cleanup();
});

/** A `sleep` tagged for this test; its host pid is found by the tag (sandboxed commands have their own pids). */
const sleepTag = (): string => {
  const tag = uniqueSleepTag();
  tags.push(tag);
  return tag;
};

describe.each([
  { setup: 'in the sandbox', sandbox: {}, kind: 'bubblewrap' },
  { setup: 'unsandboxed, under the supervisor', sandbox: { mode: 'off' as const }, kind: 'none' },
])('run_command $setup', ({ sandbox: sandboxOptions, kind }) => {
  const runTool = createRunCommandTool({ killGraceMs: 300, sandbox: sandboxOptions });

  it('runs in the worktree and reports exit code and output', async () => {
    const outcome = await executeTool(runTool, { command: 'pwd; echo to-stderr >&2' }, sandbox.context());
    expect(outcome.isError).toBe(false);
    expect(outcome.data?.['exitCode']).toBe(0);
    expect(outcome.data?.['stdout']).toBe(`${sandbox.worktree}\n`);
    expect(outcome.data?.['stderr']).toBe('to-stderr\n');
    expect(outcome.content).toContain('exit code 0');
    expect((outcome.data?.['sandbox'] as { kind: string }).kind).toBe(kind);
  });

  it('gives a non-zero exit back to the model as an error with the output', async () => {
    const outcome = await executeTool(runTool, { command: 'echo failing test; exit 3' }, sandbox.context());
    expect(outcome.isError).toBe(true);
    expect(outcome.content).toContain('exit code 3');
    expect(outcome.content).toContain('failing test');
  });

  it('reports a command killed by a signal (in the sandbox as a shell does: 128 + the signal)', async () => {
    const result = await runCommand('kill -TERM $$', { cwd: sandbox.worktree, sandbox: sandboxOptions });
    if (kind === 'bubblewrap') expect({ exitCode: result.exitCode, signal: result.signal }).toEqual({ exitCode: 143, signal: null });
    else expect({ exitCode: result.exitCode, signal: result.signal }).toEqual({ exitCode: null, signal: 'SIGTERM' });
  });

  it('closes stdin so a command reading it does not hang', async () => {
    const result = await runCommand('cat; echo done', { cwd: sandbox.worktree, timeoutMs: 20_000, sandbox: sandboxOptions });
    expect(result.stdout).toBe('done\n');
    expect(result.timedOut).toBe(false);
  });

  it('kills the whole process group on timeout, background grandchildren included', async () => {
    const tag = sleepTag();
    const outcome = await executeTool(runTool, { command: `sleep ${tag} & sleep 1000`, timeout_ms: 1000 }, sandbox.context());
    expect(outcome.isError).toBe(true);
    expect(outcome.data?.['timedOut']).toBe(true);
    expect(outcome.content).toContain('timed out');
    expect(await waitUntilNoTaggedProcess(tag)).toBe(true);
  });

  it('leaves no background process behind when the command itself exits', async () => {
    const tag = sleepTag();
    const outcome = await executeTool(runTool, { command: `sleep ${tag} & echo started` }, sandbox.context());
    expect(outcome.isError).toBe(false);
    expect(outcome.data?.['stdout']).toBe('started\n');
    expect(await waitUntilNoTaggedProcess(tag)).toBe(true);
  });

  it('escalates to SIGKILL for processes that ignore SIGTERM', async () => {
    const tag = sleepTag();
    const result = await runCommand(`trap '' TERM; sleep ${tag} & wait`, { cwd: sandbox.worktree, timeoutMs: 1000, killGraceMs: 200, sandbox: sandboxOptions });
    expect(result.timedOut).toBe(true);
    expect(await waitUntilNoTaggedProcess(tag)).toBe(true);
  });

  it('stops on abort and kills the process group', async () => {
    const tag = sleepTag();
    const controller = new AbortController();
    const pending = executeTool(runTool, { command: `sleep ${tag} & wait` }, sandbox.context(controller.signal));
    // Abort once the grandchild has started.
    expect((await waitForTaggedProcess(tag)).length).toBe(1);
    controller.abort();
    const outcome = await pending;
    expect(outcome.isError).toBe(true);
    expect(outcome.data?.['aborted']).toBe(true);
    expect(await waitUntilNoTaggedProcess(tag)).toBe(true);
  });

  it('does not start at all when already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await runCommand('touch should-not-exist', { cwd: sandbox.worktree, signal: controller.signal, sandbox: sandboxOptions });
    expect(result.aborted).toBe(true);
    expect(() => readFileSync(path.join(sandbox.worktree, 'should-not-exist'))).toThrow();
  });

  it('caps output, keeping head and tail with a note of what was dropped', async () => {
    const result = await runCommand('echo FIRST-LINE; head -c 200000 /dev/zero | tr "\\0" x; echo; echo LAST-LINE', {
      cwd: sandbox.worktree,
      outputLimitBytes: 1024,
      sandbox: sandboxOptions,
    });
    expect(result.truncated).toBe(true);
    expect(result.stdout.startsWith('FIRST-LINE')).toBe(true);
    expect(result.stdout.trimEnd().endsWith('LAST-LINE')).toBe(true);
    expect(result.stdout).toMatch(/\[\d+ bytes of output dropped\]/);
    expect(result.stdout.length).toBeLessThan(2000);
  });
});

describe('run_command limits', () => {
  it('clamps the timeout the model asks for to the configured maximum', async () => {
    const tool = createRunCommandTool({ maxTimeoutMs: 1000 });
    const outcome = await executeTool(tool, { command: 'true', timeout_ms: 5000 }, sandbox.context());
    expect(outcome.isError).toBe(true);
    expect(outcome.content).toContain('timeout_ms');
  });
});
