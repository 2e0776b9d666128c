import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../src/errors.js';
import { createTemporaryDirectory, type TemporaryDirectory } from '../../src/testing/git-fixtures.js';
import { DevServers, devServerAddress, type DevServerView } from '../../src/worktree-setup/dev-servers.js';

/**
 * A card's dev server with real processes: its output and the address it prints, stopped with
 * everything it started, an end by itself, one per card, redacted output — and no process left
 * when the host is killed -9.
 */

let folder: TemporaryDirectory | undefined;
let servers: DevServers | undefined;
afterEach(async () => {
  await servers?.stopAll();
  servers = undefined;
  await folder?.cleanup();
  folder = undefined;
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('devServerAddress', () => {
  it('finds the local address a dev server prints, colours and all', () => {
    expect(devServerAddress('  \u001b[32m➜\u001b[39m  Local:   \u001b[36mhttp://localhost:\u001b[1m5173\u001b[22m/\u001b[39m')).toBe('http://localhost:5173/');
    expect(devServerAddress('Listening on http://0.0.0.0:41000')).toBe('http://localhost:41000');
    expect(devServerAddress('started server on 127.0.0.1:3000, url: http://127.0.0.1:3000/app?x=1')).toBe('http://127.0.0.1:3000/app?x=1');
    expect(devServerAddress('see https://example.com/docs for help')).toBeUndefined();
    expect(devServerAddress('compiled in 120 ms')).toBeUndefined();
  });
});

describe('a card’s dev server', () => {
  it('runs the script in the worktree on the card’s port, shows its output and address, and stops with everything it started', async () => {
    folder = await createTemporaryDirectory();
    const views: DevServerView[] = [];
    servers = new DevServers({ onChange: (view) => views.push(view), redact: (text) => text.replaceAll('sk-secret-value', '[redacted]') });
    const pidFile = join(folder.path, 'child.pid');
    const started = servers.start({
      cardId: 'card_1',
      repository: folder.path,
      worktree: folder.path,
      portBase: 41_010,
      script: `sleep 300 & echo $! > child.pid; echo "token sk-secret-value"; echo "server at http://localhost:$KANBOTS_PORT/ in $(pwd)" >&2; wait`,
    });
    expect(started).toMatchObject({ cardId: 'card_1', state: 'running', port: 41_010, worktree: folder.path, output: '' });
    await eventually(() => servers!.get('card_1')?.url !== undefined, 'the address is printed');
    const running = servers.get('card_1')!;
    expect(running.url).toBe('http://localhost:41010/');
    expect(running.output).toContain(`in ${folder.path}`);
    expect(running.output).toContain('token [redacted]');
    expect(views.every((view) => !view.output.includes('sk-secret-value'))).toBe(true);
    expect(() => servers!.start({ cardId: 'card_1', repository: folder!.path, worktree: folder!.path, portBase: 41_010, script: 'true' })).toThrow(ConflictError);
    const pid = Number(await readFile(pidFile, 'utf8'));
    expect(alive(pid)).toBe(true);

    const stopped = await servers.stop('card_1');
    expect(stopped).toMatchObject({ state: 'stopped' });
    await eventually(() => !alive(pid), 'the process the script started is gone');
    expect(views.at(-1)).toMatchObject({ state: 'stopped' });
    // Started again after a stop.
    expect(servers.start({ cardId: 'card_1', repository: folder.path, worktree: folder.path, portBase: 41_010, script: 'echo again' }).state).toBe('running');
  });

  it('says when the server ended by itself, with its exit code', async () => {
    folder = await createTemporaryDirectory();
    servers = new DevServers();
    servers.start({ cardId: 'card_2', repository: folder.path, worktree: folder.path, portBase: 41_020, script: 'echo "port in use" >&2; exit 3' });
    await eventually(() => servers!.get('card_2')?.state === 'exited', 'the server ends');
    expect(servers.get('card_2')).toMatchObject({ state: 'exited', exitCode: 3, output: 'port in use\n' });
  });

  it('leaves no process behind when the host is killed -9', { timeout: 60_000 }, async () => {
    folder = await createTemporaryDirectory();
    const pidFile = join(folder.path, 'server.pid');
    const child = spawn(process.execPath, ['--conditions=kanbots-source', '--import', 'tsx', fileURLToPath(new URL('./dev-server-child.ts', import.meta.url)), folder.path, pidFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    await eventually(() => output.includes('running http://localhost:41230/'), 'the child’s server runs', 30_000);
    const pid = Number(await readFile(pidFile, 'utf8'));
    expect(alive(pid)).toBe(true);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));
    await eventually(() => !alive(pid), 'the dev server’s process ended with its host');
    expect(errors).toBe('');
  });
});
