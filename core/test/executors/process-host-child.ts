/**
 * A stand-in for the Kanbots host that runs one agent CLI through the process runner, for the
 * test that SIGKILLs the host: reads `KANBOTS_TEST_PROCESS_JOB` ({ command, args }), starts it,
 * prints `STARTED <pid>` and waits.
 */
import { startProcess } from '../../src/executors/process-runner.js';

const job = JSON.parse(process.env['KANBOTS_TEST_PROCESS_JOB'] ?? '{}') as { command: string; args: string[] };
const running = startProcess({ command: job.command, args: job.args, cwd: process.cwd(), env: { PATH: process.env['PATH'] }, onLine: () => {} });
process.stdout.write(`STARTED ${running.pid}\n`);
await running.done;
