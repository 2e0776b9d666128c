import { implementCommand, type AnyCommandHandler } from '@kanbots/core/protocol';
import type { StartDemoOptions } from './demo.js';

/**
 * "Try the demo" from the first-run screen: the scripted demo (demo.ts) started next to the
 * user's own board — its own repository, data directory and address, so nothing of the demo ever
 * lands on the user's board — once per host, and stopped (and removed) with it.
 */

export interface DemoLauncher {
  /** Starts the demo the first time; later calls answer with the same one. */
  start(): Promise<{ url: string; label: string }>;
  stop(): Promise<void>;
}

/** A demo that runs: where to open it, and how to stop it. */
export interface StartedDemo {
  url: string;
  stop(): Promise<void>;
}

export interface DemoLauncherOptions extends Pick<StartDemoOptions, 'uiDir' | 'logger'> {
  /** How the demo is started (default: demo.ts's `startDemo` in this process). */
  startDemo?: (options: StartDemoOptions) => Promise<StartedDemo>;
}

export function createDemoLauncher({ startDemo: start, ...options }: DemoLauncherOptions = {}): DemoLauncher {
  let starting: Promise<StartedDemo> | undefined;
  let stopped = false;
  return {
    async start() {
      if (stopped) throw new Error('The host is stopping');
      // Loaded on first use: a host that never shows the demo never loads the scripted model.
      const { DEMO_LABEL, startDemo } = await import('./demo.js');
      const startHere = async (demoOptions: StartDemoOptions): Promise<StartedDemo> => {
        const demo = await startDemo(demoOptions);
        return { url: demo.host.url, stop: () => demo.stop() };
      };
      starting ??= (start ?? startHere)({ ...options, port: 0 }).catch((error: unknown) => {
        starting = undefined;
        throw error;
      });
      return { url: (await starting).url, label: DEMO_LABEL };
    },
    async stop() {
      stopped = true;
      const demo = await starting?.catch(() => undefined);
      await demo?.stop();
    },
  };
}

export function createDemoCommandHandler(launcher: DemoLauncher): AnyCommandHandler {
  return implementCommand('demo.start', () => launcher.start());
}
