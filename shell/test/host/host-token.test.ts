import { spawn } from 'node:child_process';
import { readFile, stat, writeFile, chmod } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HOST_TOKEN_FILE } from '../../src/host/host-token.js';
import { tryConnect, useHostContext } from './host-test-context.js';

const repositoryRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
const cliEntry = join(repositoryRoot, 'shell', 'src', 'host', 'cli.ts');

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--conditions=kanbots-source', '--import', 'tsx', cliEntry, ...args], { cwd: repositoryRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolvePromise) => child.once('exit', (code) => resolvePromise({ code, stdout, stderr })));
}

/** `GET /ws` with a bearer token: how the UI tells a refused token from a host that is down. */
async function probe(port: number, token: string | undefined, origin?: string): Promise<number> {
  const headers: Record<string, string> = {};
  if (token !== undefined) headers['Authorization'] = `Bearer ${token}`;
  if (origin !== undefined) headers['Origin'] = origin;
  return (await fetch(`http://127.0.0.1:${port}/ws`, { headers })).status;
}

describe('the browser token, stable per data directory', () => {
  const context = useHostContext();

  it('stays the same across restarts of the host on one data directory, in a file only the owner can read', async () => {
    const dataDir = await context.temporaryDirectory();
    const first = await context.start({ dataDir });
    const token = first.token;
    await first.stop();
    const second = await context.start({ dataDir });
    expect(second.token).toBe(token);
    expect(second.url).toBe(`http://127.0.0.1:${second.port}/#token=${token}`);
    expect((await readFile(join(dataDir, HOST_TOKEN_FILE), 'utf8')).trim()).toBe(token);
    if (process.platform !== 'win32') expect((await stat(join(dataDir, HOST_TOKEN_FILE))).mode & 0o777).toBe(0o600);
    const result = await tryConnect(second.port, { token });
    if ('status' in result) throw new Error(`refused with ${result.status}`);
    context.track(result.socket);
    expect(await result.client.next((message) => message.type === 'hello')).toMatchObject({ type: 'hello' });
  });

  it('tightens a token file others could read, and replaces one that holds no token', async () => {
    const dataDir = await context.temporaryDirectory();
    const first = await context.start({ dataDir });
    const token = first.token;
    await first.stop();
    const path = join(dataDir, HOST_TOKEN_FILE);
    if (process.platform !== 'win32') {
      await chmod(path, 0o644);
      const again = await context.start({ dataDir });
      expect(again.token).toBe(token);
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      await again.stop();
    }
    await writeFile(path, 'not a token\n');
    const replaced = await context.start({ dataDir });
    expect(replaced.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(replaced.token).not.toBe(token);
  });

  it('answers the token probe: 204 for the right token, 401 for a wrong or missing one, 403 for a foreign page', async () => {
    const host = await context.start({ dataDir: await context.temporaryDirectory() });
    expect(await probe(host.port, host.token)).toBe(204);
    expect(await probe(host.port, 'wrong')).toBe(401);
    expect(await probe(host.port, undefined)).toBe(401);
    expect(await probe(host.port, host.token, 'http://evil.example')).toBe(403);
  });

  it('"kanbots token" prints it; "--rotate" replaces it and a running host refuses the old one at once', async () => {
    const dataDir = await context.temporaryDirectory();
    const host = await context.start({ dataDir });
    const printed = await runCli(['token', '--data-dir', dataDir]);
    expect(printed).toMatchObject({ code: 0, stdout: `${host.token}\n` });

    const rotated = await runCli(['token', '--rotate', '--data-dir', dataDir]);
    expect(rotated.code).toBe(0);
    const fresh = rotated.stdout.trim();
    expect(fresh).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fresh).not.toBe(host.token);
    expect(rotated.stderr).toContain('no longer opens a new connection');
    expect(rotated.stderr).not.toContain(fresh);

    expect(await tryConnect(host.port, { token: host.token })).toMatchObject({ status: 401 });
    expect(await probe(host.port, host.token)).toBe(401);
    expect(await probe(host.port, fresh)).toBe(204);
    const result = await tryConnect(host.port, { token: fresh });
    if ('status' in result) throw new Error(`refused with ${result.status}`);
    context.track(result.socket);
  });

  it('"kanbots token" refuses options of other commands', async () => {
    const result = await runCli(['token', '--json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('does not apply to "kanbots token"');
  });
});
