import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import type { StartedDemo } from '../../src/host/demo-launcher.js';

/**
 * The real `kanbots demo` in a child process, for UI tests: their process runs happy-dom, where
 * the host's HTTP and WebSocket server cannot be built. Resolves once the demo prints its address
 * (at most 60 s, saying what it printed otherwise); `stop` ends it with SIGTERM, as Ctrl-C does.
 */
// happy-dom gives modules an http: URL; Node's resolver still knows this file's path.
const cliEntry = join(dirname(createRequire(import.meta.url).resolve('./demo-process.ts')), '..', '..', 'src', 'host', 'cli.ts');

export function startDemoProcess(): Promise<StartedDemo> {
  const child = spawn(process.execPath, ['--conditions=kanbots-source', '--import', 'tsx', cliEntry, 'demo', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise<StartedDemo>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kanbots demo printed no address within 60 s: ${output}`));
    }, 60_000);
    const read = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const url = /running at (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(output)?.[1];
      if (url === undefined) return;
      clearTimeout(timer);
      resolve({
        url,
        stop: async () => {
          child.kill('SIGTERM');
          const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(killer);
        },
      });
    };
    child.stdout.on('data', read);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kanbots demo exited (${code}) before it printed its address: ${output}`));
    });
  });
}
