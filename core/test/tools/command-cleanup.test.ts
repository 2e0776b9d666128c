import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/agents/tools/command-runner.js';
import { startCommandHost } from './command-host.js';
import {
  createToolSandbox,
  killTaggedProcesses,
  uniqueSleepTag,
  waitForTaggedProcess,
  waitUntilNoTaggedProcess,
  type ToolSandbox,
} from './tool-test-context.js';

/**
 * A command's processes never outlive it, also the ones that leave its process group and session
 * (`setsid -f`): not after it ends, not after a cancel, not after the host is killed with SIGKILL.
 * In the sandbox the command's PID namespace dies with it; unsandboxed, the supervisor kills every
 * process carrying the command's marker.
 */

let sandbox: ToolSandbox;
const tags: string[] = [];
beforeEach(() => {
  sandbox = createToolSandbox();
});
afterEach(() => {
  for (const tag of tags.splice(0)) killTaggedProcesses(tag);
  sandbox.cleanup();
});
const sleepTag = (): string => {
  const tag = uniqueSleepTag();
  tags.push(tag);
  return tag;
};

describe.each([
  { setup: 'in the sandbox', sandbox: {}, kind: 'bubblewrap' },
  { setup: 'unsandboxed, under the supervisor', sandbox: { mode: 'off' as const }, kind: 'none' },
])('a setsid -f child $setup', ({ sandbox: sandboxOptions, kind }) => {
  it('is gone after the command ends', async () => {
    const tag = sleepTag();
    const result = await runCommand(`setsid -f sleep ${tag}; echo started`, { cwd: sandbox.worktree, killGraceMs: 300, sandbox: sandboxOptions });
    expect(result.sandbox.kind).toBe(kind);
    expect(result.stdout).toBe('started\n');
    expect(await waitUntilNoTaggedProcess(tag)).toBe(true);
  });

  it('is gone after the command is cancelled', async () => {
    const tag = sleepTag();
    const controller = new AbortController();
    const pending = runCommand(`setsid -f sleep ${tag} > /dev/null 2>&1; sleep 1000`, {
      cwd: sandbox.worktree,
      signal: controller.signal,
      killGraceMs: 300,
      sandbox: sandboxOptions,
    });
    expect((await waitForTaggedProcess(tag)).length).toBe(1);
    controller.abort();
    const result = await pending;
    expect(result.aborted).toBe(true);
    expect(await waitUntilNoTaggedProcess(tag)).toBe(true);
  });

  it('is gone after the host that ran the command is killed with SIGKILL', async () => {
    const tag = sleepTag();
    const host = startCommandHost({ command: `setsid -f sleep ${tag} > /dev/null 2>&1; sleep ${sleepTag()}`, cwd: sandbox.worktree, sandbox: sandboxOptions });
    await host.started;
    expect((await waitForTaggedProcess(tag)).length).toBe(1);
    host.child.kill('SIGKILL');
    expect(await host.result).toBeUndefined();
    expect(await waitUntilNoTaggedProcess(tag)).toBe(true);
    expect(await waitUntilNoTaggedProcess(tags.at(-1)!)).toBe(true);
  });
});
