import { openCoreRuntime } from './core-runtime.js';
import type { Logger } from './logger.js';
import { connectNeutralinoChannel } from './neutralino-channel.js';
import type { NeutralinoLaunch } from './neutralino-connection.js';

/**
 * The host inside the desktop window: opens the core runtime (data directory from KANBOTS_HOME or
 * the platform's), serves the protocol over the extension channel, and returns when the window
 * closes or the channel drops — releasing the data directory lock on the way out. The window's
 * supervisor (neutralino-supervisor.ts) runs it as a child process and restarts it if it dies.
 */
export async function runNeutralinoHost(launch: NeutralinoLaunch, logger: Logger): Promise<void> {
  const runtime = await openCoreRuntime({ logger });
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= runtime.close());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop().then(() => process.exit(0)));
  try {
    const channel = await connectNeutralinoChannel({ launch, hub: runtime.hub, logger });
    const reason = await channel.ended;
    logger.debug(`Stopping: ${reason}`);
    channel.close();
  } finally {
    await stop();
  }
}
