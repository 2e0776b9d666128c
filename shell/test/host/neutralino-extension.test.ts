import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCK_FILE_NAME } from '@kanbots/core';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeNeutralino } from './fake-neutralino.js';
import { useHostContext } from './host-test-context.js';

const repositoryRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
const extensionEntry = join(repositoryRoot, 'shell', 'src', 'host', 'neutralino-extension.ts');

function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolvePromise) => child.once('exit', (code) => resolvePromise(code)));
}

describe('the Neutralino extension', { timeout: 60_000 }, () => {
  const context = useHostContext();
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });

  async function launch(peerPort: number) {
    const dataDir = await context.temporaryDirectory();
    const child = spawn(process.execPath, ['--conditions=kanbots-source', '--import', 'tsx', extensionEntry], {
      cwd: repositoryRoot,
      env: { ...process.env, KANBOTS_HOME: dataDir },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    children.push(child);
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdin!.end(JSON.stringify({ nlPort: String(peerPort), nlToken: 'nl-access-token', nlConnectToken: 'nl-connect-token', nlExtensionId: 'js.kanbots.host' }));
    return { child, dataDir, stderr: () => stderr };
  }

  it('connects back, answers the UI through app.broadcast and exits on windowClose, releasing the lock', async () => {
    const neutralino = await fakeNeutralino();
    try {
      const { child, dataDir, stderr } = await launch(neutralino.port);
      await neutralino.connected;
      expect(neutralino.url).toBe('/?extensionId=js.kanbots.host&connectToken=nl-connect-token');

      neutralino.emit('appClientConnect', {});
      const [hello] = await neutralino.until((messages) => messages.some((message) => message.type === 'hello'));
      expect(hello).toMatchObject({ type: 'hello', protocolVersion: 1, seq: 0, snapshot: { board: { revision: 0 } } });
      expect(neutralino.broadcasts[0]).toMatchObject({ method: 'app.broadcast', accessToken: 'nl-access-token', data: { event: 'kanbots.message' } });

      neutralino.emit('kanbots.message', { type: 'command', id: 'c1', name: 'card.create', args: { title: 'From the window' } });
      neutralino.emit('kanbots.message', JSON.stringify({ type: 'command', id: 'c2', name: 'card.explode' }));
      const messages = await neutralino.until((received) => received.filter((message) => message.type === 'reply').length === 2);
      expect(messages.find((message) => message.type === 'reply' && message.id === 'c1')).toMatchObject({ ok: true, result: { revision: 1 } });
      expect(messages.find((message) => message.type === 'reply' && message.id === 'c2')).toMatchObject({ ok: false, error: { code: 'unknown_command' } });
      expect(messages.find((message) => message.type === 'event')).toMatchObject({ seq: 1, topic: 'board.changed' });
      expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(true);

      neutralino.emit('windowClose');
      expect(await exitOf(child), stderr()).toBe(0);
      expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(false);
      expect(stderr()).not.toContain('nl-access-token');
    } finally {
      await neutralino.close();
    }
  });

  it('exits when the Neutralino socket closes', async () => {
    const neutralino = await fakeNeutralino();
    const { child, dataDir } = await launch(neutralino.port);
    await neutralino.connected;
    await neutralino.close();
    expect(await exitOf(child)).toBe(0);
    expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(false);
  });

  it('exits with an error when stdin is not the launch JSON', async () => {
    const dataDir = await context.temporaryDirectory();
    const child = spawn(process.execPath, ['--conditions=kanbots-source', '--import', 'tsx', extensionEntry], { cwd: repositoryRoot, env: { ...process.env, KANBOTS_HOME: dataDir }, stdio: ['pipe', 'ignore', 'pipe'] });
    children.push(child);
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdin!.end('{"nlPort": 1}');
    expect(await exitOf(child)).toBe(1);
    expect(stderr).toContain('The Kanbots extension stopped');
  });
});
