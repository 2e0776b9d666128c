import { existsSync } from 'node:fs';
import { chmod, readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSettingsService } from '../../src/settings/settings-service.js';
import { createRunFixture, finish, write, type RunFixture } from '../runs/run-fixture.js';

/**
 * The data directory holds the database (board, settings, run records, agent conversations): nobody but
 * the user may read it. Everything Kanbots creates there is 0700 (folders) or 0600 (files), and a
 * data directory an earlier version left 0755/0644 is closed when Kanbots opens it. Worktree
 * contents are the user's files and keep their modes.
 */

let fixture: RunFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

async function modesUnder(directory: string, skip: (name: string) => boolean): Promise<Record<string, string>> {
  const modes: Record<string, string> = { '.': ((await stat(directory)).mode & 0o777).toString(8) };
  for (const entry of await readdir(directory, { withFileTypes: true, recursive: true })) {
    const name = relative(directory, join(entry.parentPath, entry.name));
    if (skip(name)) continue;
    // Records are written off the event loop: a temporary file seen by readdir may be renamed
    // into place before it is looked at. What is still there is checked.
    const mode = await stat(join(directory, name)).then(
      (found) => found.mode & 0o777,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT' && name.endsWith('.tmp')) return undefined;
        throw error;
      },
    );
    if (mode !== undefined) modes[name] = mode.toString(8);
  }
  return modes;
}

/** A worktree (`worktrees/<repository>/<worktree>`) and what is in it: the user's files, checked out by git. */
const insideAWorktree = (name: string) => /^worktrees\/[^/]+\/./.test(name);

describe.skipIf(process.platform === 'win32')('data directory permissions', () => {
  it('creates every folder 0700 and every record 0600, and closes a directory left open by an earlier version', async () => {
    fixture = await createRunFixture();
    const settings = await openSettingsService({ dataDir: fixture.dataDir });
    await settings.update({ defaults: { workflow: 'solo' } });
    await fixture.repository.writeFiles({ 'run.sh': '#!/bin/sh\necho hi\n' });
    await chmod(join(fixture.repository.path, 'run.sh'), 0o755);
    await fixture.repository.commitAll('an executable script');
    fixture.server.script('dev-model', [write('src/app.txt', 'line 1\ntwo\nline 3\n'), finish('Done.')]);
    const run = await fixture.kanbots.run(fixture.cardId, 'solo', { policy: { default: 'allow' } });
    await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'needs_you');

    const fresh = await modesUnder(fixture.dataDir, insideAWorktree);
    const isFile = (name: string) => /\.[a-z-]+$/.test(name);
    const expected = (modes: Record<string, string>) => Object.fromEntries(Object.keys(modes).map((name) => [name, name === '.' || !isFile(name) ? '700' : '600']));
    // The database (with its write-ahead log) holds the board, the settings, the run and the worktree registry.
    expect(Object.keys(fresh)).toEqual(expect.arrayContaining(['kanbots.db', 'kanbots.db-wal', 'kanbots.db-shm', 'kanbots.lock']));
    expect(Object.keys(fresh)).not.toContain('worktrees.json');
    const records = Object.fromEntries(Object.entries(fresh).filter(([name]) => !name.startsWith('worktrees/')));
    expect(records).toEqual(expected(records));

    // An earlier version's modes: everything open to the group and others.
    await fixture.kanbots.close();
    for (const name of Object.keys(fresh)) if (name !== 'kanbots.lock' && existsSync(join(fixture.dataDir, name))) await chmod(join(fixture.dataDir, name), isFile(name) ? 0o644 : 0o755);
    await fixture.reopen();
    const reopened = await modesUnder(fixture.dataDir, insideAWorktree);
    expect(reopened).toEqual(expected(reopened));
    const worktree = (await readdir(join(fixture.dataDir, 'worktrees'), { recursive: true })).find((name) => name.endsWith('run.sh'))!;
    expect(((await stat(join(fixture.dataDir, 'worktrees', worktree))).mode & 0o777).toString(8)).toBe('755');
  });
});
