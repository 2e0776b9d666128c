import { z } from 'zod';
import { redactorFromEnvironment } from '../../log/redact.js';
import { defineTool } from './define-tool.js';
import type { AgentTool } from './tool.js';
import {
  defaultCommandTimeoutMs,
  defaultMaxCommandTimeoutMs,
  runCommand,
  type CommandResult,
  type RunCommandOptions,
} from './command-runner.js';
import { realWorktreeRoot } from './worktree-paths.js';

export interface RunCommandToolOptions extends Pick<RunCommandOptions, 'outputLimitBytes' | 'killGraceMs' | 'environment' | 'clock'> {
  /** Used when the model gives no timeout_ms; default 120 s. */
  defaultTimeoutMs?: number;
  /** The largest timeout_ms the model may ask for; default 10 min. */
  maxTimeoutMs?: number;
}

function formatResult(result: CommandResult, timeoutMs: number): string {
  const status = result.timedOut
    ? `timed out after ${timeoutMs} ms (process group killed)`
    : result.aborted
      ? 'cancelled (process group killed)'
      : result.signal !== null
        ? `killed by ${result.signal}`
        : `exit code ${result.exitCode}`;
  const parts = [`$ ${status} (${result.durationMs} ms)`];
  if (result.stdout.length > 0) parts.push(`--- stdout ---\n${result.stdout}`);
  if (result.stderr.length > 0) parts.push(`--- stderr ---\n${result.stderr}`);
  if (result.stdout.length === 0 && result.stderr.length === 0) parts.push('(no output)');
  return parts.join('\n');
}

/**
 * `run_command` with its limits. Output is capped (head and tail kept) and scrubbed of the host's
 * secret values; a non-zero exit, a timeout or a kill is an `isError` result the model can act on.
 */
export function createRunCommandTool(options: RunCommandToolOptions = {}): AgentTool<{ command: string; timeout_ms?: number | undefined }> {
  const maxTimeoutMs = options.maxTimeoutMs ?? defaultMaxCommandTimeoutMs;
  const defaultTimeoutMs = Math.min(options.defaultTimeoutMs ?? defaultCommandTimeoutMs, maxTimeoutMs);
  return defineTool({
    name: 'run_command',
    description:
      `Run a shell command (/bin/sh -c) with the worktree as the working directory, no stdin and a timeout (default ${defaultTimeoutMs} ms, at most ${maxTimeoutMs} ms). ` +
      'Background processes are stopped when the command ends. Secrets are not in the environment.',
    inputSchema: z.object({
      command: z.string().min(1).describe('The shell command line.'),
      timeout_ms: z.number().int().min(1).max(maxTimeoutMs).optional().describe('Timeout in milliseconds.'),
    }),
    readOnly: false,
    async run(input, context) {
      const cwd = await realWorktreeRoot(context.worktree);
      const timeoutMs = input.timeout_ms ?? defaultTimeoutMs;
      const commandOptions: RunCommandOptions = { cwd, signal: context.signal, timeoutMs, maxTimeoutMs };
      if (options.outputLimitBytes !== undefined) commandOptions.outputLimitBytes = options.outputLimitBytes;
      if (options.killGraceMs !== undefined) commandOptions.killGraceMs = options.killGraceMs;
      if (options.environment !== undefined) commandOptions.environment = options.environment;
      if (options.clock !== undefined) commandOptions.clock = options.clock;
      const raw = await runCommand(input.command, commandOptions);
      const redactor = redactorFromEnvironment(process.env);
      const result: CommandResult = { ...raw, stdout: redactor.text(raw.stdout), stderr: redactor.text(raw.stderr) };
      const failed = result.timedOut || result.aborted || result.exitCode !== 0;
      return { content: formatResult(result, timeoutMs), isError: failed, data: { command: input.command, ...result } };
    },
  });
}

export const runCommandTool = createRunCommandTool();
