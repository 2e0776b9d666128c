import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { RunCommandOptions } from '../../src/agents/tools/command-runner.js';

/** Starts command-host-child.ts as a separate host process running one command. */

export interface CommandHost {
  child: ChildProcess;
  /** Resolves with the child's `RESULT` line (parsed), or undefined when it died first. */
  result: Promise<Record<string, unknown> | undefined>;
  /** Resolves once the child has printed `STARTED`. */
  started: Promise<void>;
}

const repositoryRoot = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const childScript = fileURLToPath(new URL('./command-host-child.ts', import.meta.url));

export function startCommandHost(job: { command: string; cwd: string; sandbox?: RunCommandOptions['sandbox'] }, environment: Record<string, string> = {}): CommandHost {
  const child = spawn(process.execPath, ['--conditions=kanbots-source', '--import', 'tsx', childScript], {
    cwd: repositoryRoot,
    env: { ...process.env, ...environment, KANBOTS_TEST_COMMAND_JOB: JSON.stringify(job) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  let markStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (output.includes('STARTED ')) markStarted();
  });
  const result = new Promise<Record<string, unknown> | undefined>((resolve) => {
    child.on('close', () => {
      markStarted();
      const line = output.split('\n').find((entry) => entry.startsWith('RESULT '));
      resolve(line === undefined ? undefined : (JSON.parse(line.slice('RESULT '.length)) as Record<string, unknown>));
    });
  });
  return { child, result, started };
}
