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
import { CommandSandboxUnavailableError } from './sandbox/sandbox-errors.js';
import type { CommandSandboxOptions } from './sandbox/command-sandbox.js';
import type { ToolPolicy } from './tool.js';
import { realWorktreeRoot } from './worktree-paths.js';

export interface RunCommandToolOptions extends Pick<RunCommandOptions, 'outputLimitBytes' | 'killGraceMs' | 'environment' | 'clock' | 'sandbox'> {
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
  if (result.sandbox.notice !== undefined) parts.push(`(${result.sandbox.notice})`);
  else if (result.sandbox.kind !== 'none') parts.push(`(sandboxed with ${result.sandbox.kind}: only the worktree is writable; network ${result.sandbox.network})`);
  if (result.stdout.length > 0) parts.push(`--- stdout ---\n${result.stdout}`);
  if (result.stderr.length > 0) parts.push(`--- stderr ---\n${result.stderr}`);
  if (result.stdout.length === 0 && result.stderr.length === 0) parts.push('(no output)');
  return parts.join('\n');
}

/** The tool's sandbox options with the run's policy on top (the policy is the user's choice). */
function sandboxFor(options: RunCommandToolOptions, policy: ToolPolicy | undefined): RunCommandOptions['sandbox'] {
  const sandbox: CommandSandboxOptions & { bubblewrapPath?: string } = { ...options.sandbox };
  if (policy?.sandbox !== undefined) sandbox.mode = policy.sandbox;
  if (policy?.network !== undefined) sandbox.network = policy.network;
  return sandbox;
}

/**
 * `run_command` with its limits. Commands run in an OS sandbox where the platform has one
 * (worktree writable, network off unless the run's policy turns it on); a result says plainly
 * when a command was not sandboxed. Output is capped (head and tail kept) and scrubbed of the host's
 * secret values; a non-zero exit, a timeout or a kill is an `isError` result the model can act on.
 */
export function createRunCommandTool(options: RunCommandToolOptions = {}): AgentTool<{ command: string; timeout_ms?: number | undefined }> {
  const maxTimeoutMs = options.maxTimeoutMs ?? defaultMaxCommandTimeoutMs;
  const defaultTimeoutMs = Math.min(options.defaultTimeoutMs ?? defaultCommandTimeoutMs, maxTimeoutMs);
  return defineTool({
    name: 'run_command',
    description:
      `Run a shell command (/bin/sh -c) with the worktree as the working directory, no stdin and a timeout (default ${defaultTimeoutMs} ms, at most ${maxTimeoutMs} ms). ` +
      'Background processes are stopped when the command ends. Secrets are not in the environment. ' +
      'Where the machine has a sandbox, only the worktree (and git commits) can be written, home is empty and the network is off unless the run allows it.',
    inputSchema: z.object({
      command: z.string().min(1).describe('The shell command line.'),
      timeout_ms: z.number().int().min(1).max(maxTimeoutMs).optional().describe('Timeout in milliseconds.'),
    }),
    readOnly: false,
    async run(input, context) {
      const cwd = await realWorktreeRoot(context.worktree);
      const timeoutMs = input.timeout_ms ?? defaultTimeoutMs;
      const commandOptions: RunCommandOptions = { cwd, signal: context.signal, timeoutMs, maxTimeoutMs, sandbox: sandboxFor(options, context.policy) };
      if (options.outputLimitBytes !== undefined) commandOptions.outputLimitBytes = options.outputLimitBytes;
      if (options.killGraceMs !== undefined) commandOptions.killGraceMs = options.killGraceMs;
      if (options.environment !== undefined) commandOptions.environment = options.environment;
      if (options.clock !== undefined) commandOptions.clock = options.clock;
      let raw: CommandResult;
      try {
        raw = await runCommand(input.command, commandOptions);
      } catch (error) {
        if (!(error instanceof CommandSandboxUnavailableError)) throw error;
        return { content: error.message, isError: true, data: { command: input.command, error: error.toData() } };
      }
      const redactor = redactorFromEnvironment(process.env);
      const result: CommandResult = { ...raw, stdout: redactor.text(raw.stdout), stderr: redactor.text(raw.stderr) };
      const failed = result.timedOut || result.aborted || result.exitCode !== 0;
      return { content: formatResult(result, timeoutMs), isError: failed, data: { command: input.command, ...result } };
    },
  });
}

export const runCommandTool = createRunCommandTool();
