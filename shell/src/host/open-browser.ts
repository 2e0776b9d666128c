import { spawn } from 'node:child_process';

/**
 * Opens a URL in the default browser (xdg-open / open / start), unless KANBOTS_NO_BROWSER=1.
 * Resolves with `undefined` on success or a reason it could not; never throws.
 */
export function openBrowser(url: string, platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  // For scripts and tests that want the address printed but no browser started.
  if (env.KANBOTS_NO_BROWSER === '1') return Promise.resolve('KANBOTS_NO_BROWSER=1 is set');
  const [command, args] =
    platform === 'darwin' ? ['open', [url]] : platform === 'win32' ? ['cmd', ['/d', '/s', '/c', 'start', '""', `"${url}"`]] : ['xdg-open', [url]];
  return new Promise((resolvePromise) => {
    let child;
    try {
      child = spawn(command, args as string[], { stdio: 'ignore', detached: platform !== 'win32', windowsVerbatimArguments: platform === 'win32' });
    } catch (error) {
      return resolvePromise(`${command} could not start: ${(error as Error).message}`);
    }
    child.once('error', (error) => resolvePromise(`${command} could not start: ${error.message}`));
    child.once('exit', (code) => resolvePromise(code === 0 ? undefined : `${command} exited with code ${code}`));
    child.unref();
  });
}
