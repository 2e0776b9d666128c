import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/agents/tools/command-runner.js';
import { executeTool } from '../../src/agents/tools/define-tool.js';
import { createRunCommandTool } from '../../src/agents/tools/run-command-tool.js';
import { createToolSandbox, isProcessRunning, waitUntilGone, type ToolSandbox } from './tool-test-context.js';

let sandbox: ToolSandbox;
const startedPids: number[] = [];
beforeEach(() => {
  sandbox = createToolSandbox();
});
afterEach(() => {
  for (const pid of startedPids.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  sandbox.cleanup();
});

const runTool = createRunCommandTool({ killGraceMs: 300 });
const readPid = (name: string): number => {
  const pid = Number(readFileSync(path.join(sandbox.worktree, name), 'utf8').trim());
  startedPids.push(pid);
  return pid;
};

describe('run_command', () => {
  it('runs in the worktree and reports exit code and output', async () => {
    const outcome = await executeTool(runTool, { command: 'pwd; echo to-stderr >&2' }, sandbox.context());
    expect(outcome.isError).toBe(false);
    expect(outcome.data?.['exitCode']).toBe(0);
    expect(outcome.data?.['stdout']).toBe(`${sandbox.worktree}\n`);
    expect(outcome.data?.['stderr']).toBe('to-stderr\n');
    expect(outcome.content).toContain('exit code 0');
  });

  it('gives a non-zero exit back to the model as an error with the output', async () => {
    const outcome = await executeTool(runTool, { command: 'echo failing test; exit 3' }, sandbox.context());
    expect(outcome.isError).toBe(true);
    expect(outcome.content).toContain('exit code 3');
    expect(outcome.content).toContain('failing test');
  });

  it('closes stdin so a command reading it does not hang', async () => {
    const result = await runCommand('cat; echo done', { cwd: sandbox.worktree, timeoutMs: 20_000 });
    expect(result.stdout).toBe('done\n');
    expect(result.timedOut).toBe(false);
  });

  it('kills the whole process group on timeout, background grandchildren included', async () => {
    const outcome = await executeTool(runTool, { command: 'sleep 1000 & echo $! > grandchild.pid; sleep 1000', timeout_ms: 500 }, sandbox.context());
    expect(outcome.isError).toBe(true);
    expect(outcome.data?.['timedOut']).toBe(true);
    expect(outcome.content).toContain('timed out');
    expect(await waitUntilGone(readPid('grandchild.pid'))).toBe(true);
  });

  it('leaves no background process behind when the command itself exits', async () => {
    const outcome = await executeTool(runTool, { command: 'sleep 1000 & echo $! > grandchild.pid; echo started' }, sandbox.context());
    expect(outcome.isError).toBe(false);
    expect(outcome.data?.['stdout']).toBe('started\n');
    expect(await waitUntilGone(readPid('grandchild.pid'))).toBe(true);
  });

  it('escalates to SIGKILL for processes that ignore SIGTERM', async () => {
    const result = await runCommand("trap '' TERM; sleep 1000 & echo $! > stubborn.pid; wait", {
      cwd: sandbox.worktree,
      timeoutMs: 500,
      killGraceMs: 200,
    });
    expect(result.timedOut).toBe(true);
    expect(await waitUntilGone(readPid('stubborn.pid'))).toBe(true);
  });

  it('stops on abort and kills the process group', async () => {
    const controller = new AbortController();
    const pending = executeTool(runTool, { command: 'sleep 1000 & echo $! > grandchild.pid; wait' }, sandbox.context(controller.signal));
    // Abort once the grandchild has started (its pid file exists).
    for (let attempt = 0; attempt < 200; attempt += 1) {
      try {
        if (readFileSync(path.join(sandbox.worktree, 'grandchild.pid'), 'utf8').trim() !== '') break;
      } catch {
        // not yet
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const pid = readPid('grandchild.pid');
    expect(isProcessRunning(pid)).toBe(true);
    controller.abort();
    const outcome = await pending;
    expect(outcome.isError).toBe(true);
    expect(outcome.data?.['aborted']).toBe(true);
    expect(await waitUntilGone(pid)).toBe(true);
  });

  it('does not start at all when already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await runCommand('touch should-not-exist', { cwd: sandbox.worktree, signal: controller.signal });
    expect(result.aborted).toBe(true);
    expect(() => readFileSync(path.join(sandbox.worktree, 'should-not-exist'))).toThrow();
  });

  it('caps output, keeping head and tail with a note of what was dropped', async () => {
    const result = await runCommand('echo FIRST-LINE; head -c 200000 /dev/zero | tr "\\0" x; echo; echo LAST-LINE', {
      cwd: sandbox.worktree,
      outputLimitBytes: 1024,
    });
    expect(result.truncated).toBe(true);
    expect(result.stdout.startsWith('FIRST-LINE')).toBe(true);
    expect(result.stdout.trimEnd().endsWith('LAST-LINE')).toBe(true);
    expect(result.stdout).toMatch(/\[\d+ bytes of output dropped\]/);
    expect(result.stdout.length).toBeLessThan(2000);
  });

  it('clamps the timeout the model asks for to the configured maximum', async () => {
    const tool = createRunCommandTool({ maxTimeoutMs: 1000 });
    const outcome = await executeTool(tool, { command: 'true', timeout_ms: 5000 }, sandbox.context());
    expect(outcome.isError).toBe(true);
    expect(outcome.content).toContain('timeout_ms');
  });
});
