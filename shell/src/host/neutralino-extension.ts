import { text } from 'node:stream/consumers';
import { toErrorData } from '@kanbots/core';
import { createLogger } from './logger.js';
import { parseNeutralinoLaunch } from './neutralino-connection.js';
import { runNeutralinoHost } from './neutralino-host.js';
import { startHostChild, superviseHost } from './neutralino-supervisor.js';

/**
 * The Neutralino extension entry (neutralino.config.json): reads the launch JSON from stdin and
 * supervises the host (neutralino-supervisor.ts), which is this same file started again with
 * `--host` (neutralino-host.ts) — so the built files and the one-file bundle work alike.
 * Environment for tests: KANBOTS_HOST_MAX_RESTARTS, KANBOTS_HOST_RESTART_BACKOFF_MS.
 */

const logger = createLogger();
const isHostRole = process.argv.includes('--host');

async function main(): Promise<number> {
  const launch = parseNeutralinoLaunch(await text(process.stdin));
  if (isHostRole) {
    await runNeutralinoHost(launch, logger);
    return 0;
  }
  const entry = process.argv[1];
  if (entry === undefined) throw new Error('Cannot tell which file to start the host from');
  return superviseHost({
    launch,
    logger,
    startHost: () => startHostChild(entry),
    ...numberFromEnvironment('KANBOTS_HOST_MAX_RESTARTS', 'maxRestarts'),
    ...numberFromEnvironment('KANBOTS_HOST_RESTART_BACKOFF_MS', 'initialBackoffMs'),
  });
}

function numberFromEnvironment<Key extends string>(name: string, key: Key): Partial<Record<Key, number>> {
  const value = process.env[name];
  if (value === undefined || !/^\d+$/.test(value)) return {};
  return { [key]: Number(value) } as Partial<Record<Key, number>>;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    logger.error(`The Kanbots ${isHostRole ? 'host' : 'extension'} stopped: ${toErrorData(error).message}`);
    process.exit(1);
  },
);
