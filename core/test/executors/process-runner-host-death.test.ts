import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startProcess } from '../../src/executors/process-runner.js';
import { killTaggedProcesses, uniqueSleepTag, waitForTaggedProcess, waitUntilNoTaggedProcess } from '../tools/tool-test-context.js';

/**
 * An agent CLI and everything it started (its shells, a `setsid -f` server) never outlive the
 * host: the process runner's supervisor kills them when the host dies, even by SIGKILL, and when
 * the CLI is stopped.
 */

const tags: string[] = [];
const tag = (): string => {
  const value = uniqueSleepTag();
  tags.push(value);
  return value;
};
afterEach(() => {
  for (const value of tags.splice(0)) killTaggedProcesses(value);
});

describe('agent CLI processes', () => {
  it('are gone after the host that started them is killed with SIGKILL, setsid children included', async () => {
    const escaped = tag();
    const cli = tag();
    const host = spawn(process.execPath, ['--conditions=kanbots-source', '--import', 'tsx', fileURLToPath(new URL('./process-host-child.ts', import.meta.url))], {
      env: { ...process.env, KANBOTS_TEST_PROCESS_JOB: JSON.stringify({ command: 'sh', args: ['-c', `setsid -f sleep ${escaped} > /dev/null 2>&1; sleep ${cli}`] }) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    expect((await waitForTaggedProcess(escaped)).length).toBe(1);
    expect((await waitForTaggedProcess(cli)).length).toBe(1);
    host.kill('SIGKILL');
    expect(await waitUntilNoTaggedProcess(escaped)).toBe(true);
    expect(await waitUntilNoTaggedProcess(cli)).toBe(true);
  });

  it('are gone after the CLI is stopped, setsid children included', async () => {
    const escaped = tag();
    const running = startProcess({ command: 'sh', args: ['-c', `setsid -f sleep ${escaped} > /dev/null 2>&1; sleep ${tag()}`], cwd: process.cwd(), env: { PATH: process.env['PATH'] }, killGraceMs: 200, onLine: () => {} });
    expect((await waitForTaggedProcess(escaped)).length).toBe(1);
    running.stop();
    const result = await running.done;
    expect(result.stoppedBy).toBe('requested');
    expect(await waitUntilNoTaggedProcess(escaped)).toBe(true);
  });
});
