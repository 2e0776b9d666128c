/**
 * A stand-in for the Kanbots host in its own process, for tests that need the host's real
 * environment (`/proc/<host>/environ`) or need to SIGKILL the host while a command runs: reads a
 * JSON job from `KANBOTS_TEST_COMMAND_JOB`, prints `STARTED <pid>`, runs the command with
 * `runCommand`, prints `RESULT <json>` (with whether its own `/proc/self/environ` holds
 * `KANBOTS_TEST_HOST_SECRET`, the positive control) and exits.
 */
import { readFileSync } from 'node:fs';
import { runCommand, type RunCommandOptions } from '../../src/agents/tools/command-runner.js';

interface Job {
  command: string;
  cwd: string;
  sandbox?: RunCommandOptions['sandbox'];
}

const job = JSON.parse(process.env['KANBOTS_TEST_COMMAND_JOB'] ?? '{}') as Job;
const command = job.command.replaceAll('{{hostPid}}', String(process.pid));
process.stdout.write(`STARTED ${process.pid}\n`);
const result = await runCommand(command, { cwd: job.cwd, killGraceMs: 300, ...(job.sandbox === undefined ? {} : { sandbox: job.sandbox }) });
const secret = process.env['KANBOTS_TEST_HOST_SECRET'] ?? '';
const hostEnvironmentHasSecret = secret !== '' && readFileSync('/proc/self/environ', 'latin1').includes(secret);
process.stdout.write(`RESULT ${JSON.stringify({ ...result, hostEnvironmentHasSecret })}\n`);
