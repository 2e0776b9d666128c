import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, LOCK_FILE_NAME, readDataDirLockOwner } from '../../src/store/data-dir-lock.js';
import { DataDirLockedError } from '../../src/store/store-errors.js';

const lockModule = pathToFileURL(fileURLToPath(new URL('../../src/store/data-dir-lock.ts', import.meta.url))).href;
const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

let dataDir: string;
const children: ChildProcess[] = [];
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kanbots-lock-'));
});
afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  }
  await rm(dataDir, { recursive: true, force: true });
});

/** Another Kanbots process: takes the lock with our own code, says "locked", then waits to be killed. */
async function startLockHolder(directory: string): Promise<ChildProcess> {
  const script = `const { acquireDataDirLock } = await import(${JSON.stringify(lockModule)});
await acquireDataDirLock(${JSON.stringify(directory)});
process.stdout.write('locked\\n');
setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repositoryRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('locked')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`lock holder exited with ${code}: ${errors}`)));
  });
  return child;
}

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await once(child, 'exit');
  return child.pid!;
}

describe('data directory lock', () => {
  it('refuses a second process while the first is alive, naming its pid, and takes over once it died', async () => {
    const holder = await startLockHolder(dataDir);
    const error = await acquireDataDirLock(dataDir).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DataDirLockedError);
    const locked = error as DataDirLockedError;
    expect(locked.owner.pid).toBe(holder.pid);
    expect(locked.code).toBe('data_dir_locked');
    expect(locked.message).toContain(`process ${holder.pid}`);
    expect(locked.message).toMatch(/Close that Kanbots first.*delete .*kanbots\.lock/);

    holder.kill('SIGKILL'); // a crash: the lock file stays behind
    await once(holder, 'exit');
    expect((await readDataDirLockOwner(dataDir))?.pid).toBe(holder.pid);
    const lock = await acquireDataDirLock(dataDir);
    expect(JSON.parse(await readFile(join(dataDir, LOCK_FILE_NAME), 'utf8'))).toEqual({ pid: process.pid, hostname: hostname(), startedAt: lock.owner.startedAt });
    await lock.release();
  });

  it('refuses a second lock in the same process until the first is released', async () => {
    const first = await acquireDataDirLock(dataDir);
    await expect(acquireDataDirLock(dataDir)).rejects.toBeInstanceOf(DataDirLockedError);
    await first.release();
    await first.release(); // idempotent
    const second = await acquireDataDirLock(dataDir);
    await first.release(); // an old handle never removes someone else's lock
    expect(await readDataDirLockOwner(dataDir)).toEqual(second.owner);
    await second.release();
    expect(await readDataDirLockOwner(dataDir)).toBeUndefined();
  });

  it('takes over a stale lock: a dead pid, our own pid from an earlier life, or a torn lock file', async () => {
    const lockPath = join(dataDir, LOCK_FILE_NAME);
    for (const content of [
      JSON.stringify({ pid: await deadPid(), hostname: hostname(), startedAt: 1 }),
      JSON.stringify({ pid: process.pid, hostname: hostname(), startedAt: 1 }),
      '{"pid": 12',
    ]) {
      await writeFile(lockPath, content);
      const lock = await acquireDataDirLock(dataDir);
      expect(await readDataDirLockOwner(dataDir)).toEqual(lock.owner);
      await lock.release();
    }
  });

  it('refuses a lock held from another host, since it cannot check that process', async () => {
    await writeFile(join(dataDir, LOCK_FILE_NAME), JSON.stringify({ pid: 4242, hostname: 'some-other-host', startedAt: 1 }));
    const error = await acquireDataDirLock(dataDir).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DataDirLockedError);
    expect((error as Error).message).toContain('process 4242 on some-other-host');
  });
});
