import { text } from 'node:stream/consumers';
import { toErrorData } from '@kanbots/core';
import { openCoreRuntime } from './core-runtime.js';
import { createLogger } from './logger.js';
import { connectNeutralinoChannel, parseNeutralinoLaunch } from './neutralino-channel.js';

/**
 * The Neutralino extension entry (`js.kanbots.host` in neutralino.config.json): reads the launch
 * JSON from stdin, opens the core runtime (data directory from KANBOTS_HOME or the platform's),
 * serves the protocol over the extension channel, and exits when the window closes or the
 * channel drops — releasing the data directory lock on the way out.
 */

const logger = createLogger();

async function main(): Promise<number> {
  const launch = parseNeutralinoLaunch(await text(process.stdin));
  const runtime = await openCoreRuntime({});
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await runtime.close();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop().then(() => process.exit(0)));
  try {
    const channel = await connectNeutralinoChannel({ launch, hub: runtime.hub, logger });
    const reason = await channel.ended;
    logger.debug(`Stopping: ${reason}`);
    channel.close();
  } finally {
    await stop();
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    logger.error(`The Kanbots extension stopped: ${toErrorData(error).message}`);
    process.exit(1);
  },
);
