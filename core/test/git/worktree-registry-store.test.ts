import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WorktreeInfo } from '../../src/git/worktree-info.js';
import { WORKTREE_REGISTRY_FILE_NAME, WorktreeRegistry } from '../../src/git/worktree-registry.js';
import { exportStore, importIntoStore, parseExport } from '../../src/store/export-import.js';
import { openKanbotsStore, type OpenedStore } from '../../src/store/open-kanbots-store.js';
import { createTemporaryDirectory, type TemporaryDirectory } from '../../src/testing/git-fixtures.js';
import { readRegistry } from './read-registry.js';

/**
 * The worktree registry is a document of the data directory's database: an entry is durable when
 * `put` resolves (the worktree manager registers before it runs git and relies on it), parallel
 * updates lose nothing, and the `worktrees.json` of a Kanbots before the database is taken in
 * once and left as it was.
 */

let data: TemporaryDirectory;
let store: OpenedStore | undefined;
beforeEach(async () => {
  data = await createTemporaryDirectory();
});
afterEach(async () => {
  store?.close();
  store = undefined;
  await data.cleanup();
});

function entry(index: number, state: WorktreeInfo['state'] = 'active'): WorktreeInfo {
  return { id: `wt_${index}`, cardId: `card_${index}`, repository: '/repository', path: `/data/worktrees/wt_${index}`, branch: `kanbots/card-${index}`, baseBranch: 'main', baseCommit: 'b'.repeat(40), createdAt: index, state };
}

describe('the worktree registry in the store', () => {
  it('keeps entries in the database, not in worktrees.json, through parallel updates, a reopen and an import', async () => {
    store = await openKanbotsStore(data.path);
    const registry = new WorktreeRegistry(data.path, store);
    await Promise.all([...Array.from({ length: 20 }, (_, index) => registry.put(entry(index + 1))), registry.addRepository('/another')]);
    await registry.put({ ...entry(3), state: 'removing' });
    await registry.delete('wt_4');
    store.close();
    store = await openKanbotsStore(data.path);
    const reopened = new WorktreeRegistry(data.path, store);
    const content = await reopened.read();
    expect(content.worktrees.map((worktree) => worktree.id).sort()).toEqual(Array.from({ length: 20 }, (_, index) => `wt_${index + 1}`).filter((id) => id !== 'wt_4').sort());
    expect((await reopened.get('wt_3')).state).toBe('removing');
    expect(content.repositories.sort()).toEqual(['/another', '/repository']);
    expect(readRegistry(data.path)?.worktrees).toHaveLength(19);
    await expect(readFile(join(data.path, WORKTREE_REGISTRY_FILE_NAME))).rejects.toMatchObject({ code: 'ENOENT' });
    // Paths of this machine: not exported, and an import onto this data directory keeps them.
    const text = [...exportStore(store, { now: 0 })].join('\n');
    expect(text).not.toContain('wt_1');
    await importIntoStore(store, parseExport(text), { now: 1, replace: true });
    expect((await new WorktreeRegistry(data.path, store).read()).worktrees).toHaveLength(19);
  });

  it("takes in an earlier Kanbots' worktrees.json once and leaves the file as it was", async () => {
    const earlier = JSON.stringify({ kind: 'kanbots.worktrees', schemaVersion: 1, data: { repositories: ['/repository'], worktrees: [entry(1, 'creating')] } }, null, 2);
    await writeFile(join(data.path, WORKTREE_REGISTRY_FILE_NAME), earlier);
    store = await openKanbotsStore(data.path);
    const registry = new WorktreeRegistry(data.path, store);
    expect((await registry.get('wt_1')).state).toBe('creating');
    await registry.put(entry(1, 'active'));
    expect(readRegistry(data.path)?.worktrees).toEqual([entry(1, 'active')]);
    expect(await readFile(join(data.path, WORKTREE_REGISTRY_FILE_NAME), 'utf8')).toBe(earlier);
    store.close();
    store = await openKanbotsStore(data.path);
    expect((await new WorktreeRegistry(data.path, store).get('wt_1')).state).toBe('active');
  });

  it('holds every entry whose put resolved when the process is killed -9 mid-write', { timeout: 60_000 }, async () => {
    for (const delayMs of [150, 400, 900]) {
      const trial = await createTemporaryDirectory();
      try {
        const child = spawn(process.execPath, ['--conditions=kanbots-source', '--import', 'tsx', fileURLToPath(new URL('./registry-writer-child.ts', import.meta.url)), trial.path], { stdio: ['ignore', 'pipe', 'pipe'] });
        let acknowledged: string[] = [];
        let output = '';
        let killScheduled = false;
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          acknowledged = output.split('\n').slice(0, -1);
          if (killScheduled) return;
          killScheduled = true;
          setTimeout(() => child.kill('SIGKILL'), delayMs);
        });
        let errors = '';
        child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
        const exit = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
        expect(errors).toBe('');
        expect(exit).toBe('SIGKILL');
        expect(acknowledged.length).toBeGreaterThan(1);
        const stored = new Set(readRegistry(trial.path)?.worktrees.map((worktree) => worktree.id));
        for (const id of acknowledged) expect(stored.has(id), `${id} was acknowledged`).toBe(true);
        // Nothing beyond the one put that may have been in flight.
        expect(stored.size - acknowledged.length).toBeLessThanOrEqual(1);
      } finally {
        await trial.cleanup();
      }
    }
  });
});
