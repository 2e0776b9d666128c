import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MemorySecretStore } from '@kanbots/core';
import { createTestRepository, type TestRepository } from '@kanbots/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { openClient, useHostContext } from './host-test-context.js';

/** The Worktrees view's commands through a real host, on a real repository in a temp dir. */
describe('worktree commands', () => {
  const context = useHostContext();
  const repositories: TestRepository[] = [];
  afterEach(async () => {
    for (const repository of repositories.splice(0)) await repository.cleanup();
  });

  it('lists every worktree with its card and size, and removes one only after committing its work to the branch it keeps', async () => {
    const repo = await createTestRepository();
    repositories.push(repo);
    const dataDir = await context.temporaryDirectory('kanbots-data-');
    const configDir = await context.temporaryDirectory('kanbots-config-');
    const host = await context.start({ dataDir, configDir, secretStore: new MemorySecretStore(), env: {}, offerDemo: false });
    const client = await openClient(host.port, host.token);
    context.track(client.socket);
    const card = await host.kanbots.board.dispatch({ type: 'card.create', title: 'Tidy the README', target: { repository: repo.path } });
    const worktree = await host.kanbots.worktrees.createWorktree({ repository: repo.path, cardId: card.createdId!, title: 'Tidy the README' });
    await repo.writeFiles({ 'notes.txt': 'work nobody committed\n' }, worktree.path);

    const listed = await client.command('w1', 'worktrees.list', {});
    expect(listed).toMatchObject({
      ok: true,
      result: { worktrees: [{ id: worktree.id, cardId: card.createdId, cardTitle: 'Tidy the README', branch: worktree.branch, baseBranch: 'main', state: 'active', inUse: false }] },
    });
    const view = (listed as { result: { worktrees: { diskBytes: number }[]; totalBytes: number } }).result;
    expect(view.worktrees[0]!.diskBytes).toBeGreaterThan(0);
    expect(view.totalBytes).toBe(view.worktrees[0]!.diskBytes);

    expect(await client.command('w2', 'worktrees.remove', { id: 'wt_nope' })).toMatchObject({ ok: false, error: { code: 'git_worktree_not_found' } });
    const removed = await client.command('w3', 'worktrees.remove', { id: worktree.id });
    expect(removed).toMatchObject({ ok: true, result: { branch: worktree.branch, snapshotCommit: expect.stringMatching(/^[0-9a-f]{40}$/) } });
    expect(existsSync(worktree.path)).toBe(false);
    // The work is on the branch, which stays.
    expect(await repo.git(['show', `${worktree.branch}:notes.txt`])).toBe('work nobody committed\n');
    expect(await client.command('w4', 'worktrees.list', {})).toMatchObject({ ok: true, result: { worktrees: [], totalBytes: 0 } });
  });

  it('reads and writes a project’s worktree settings in its repository, checked with the schema, refused in words', async () => {
    const repo = await createTestRepository();
    repositories.push(repo);
    const other = await createTestRepository();
    repositories.push(other);
    const host = await context.start({ dataDir: await context.temporaryDirectory('kanbots-data-'), configDir: await context.temporaryDirectory('kanbots-config-'), secretStore: new MemorySecretStore(), env: {}, offerDemo: false });
    const client = await openClient(host.port, host.token);
    context.track(client.socket);
    await host.kanbots.board.dispatch({ type: 'project.add', repository: repo.path, name: 'shop', baseBranch: 'main' });

    expect(await client.command('s1', 'worktreeSettings.read', { repository: repo.path })).toMatchObject({
      ok: true,
      result: { repository: repo.path, source: { kind: 'none' }, editable: true, settings: { copy: [], links: [], linkMode: 'symlink', scripts: {}, setupTimeoutSeconds: 900, pool: { size: 0 } } },
    });
    // Only a project's repository.
    expect(await client.command('s2', 'worktreeSettings.read', { repository: other.path })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await client.command('s3', 'worktreeSettings.write', { repository: other.path, settings: {} })).toMatchObject({ ok: false, error: { code: 'not_found' } });

    // A wrong field: refused in words, nothing written.
    const refused = await client.command('s4', 'worktreeSettings.write', { repository: repo.path, settings: { links: ['../outside'], pool: { size: 99 } } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'worktree_settings_rejected' } });
    expect((refused as { error: { message: string } }).error.message).toBe(
      'The worktree settings were not saved: Links, line 1: must stay inside the repository (no ".."); Warm pool size: must be at most 8',
    );
    expect(existsSync(join(repo.path, '.kanbots'))).toBe(false);

    // Written to .kanbots/config.toml, defaults left out, another section of the file kept.
    await repo.writeFiles({ '.kanbots/config.toml': '[board]\ntheme = "dark"\n' });
    const written = await client.command('s5', 'worktreeSettings.write', {
      repository: repo.path,
      settings: { copy: ['.env.local'], links: ['node_modules'], linkMode: 'symlink', scripts: { setup: 'npm ci', run: 'npm run dev -- --port $KANBOTS_PORT' }, setupTimeoutSeconds: 900, pool: { size: 2, diskBudgetMB: 4096 } },
    });
    expect(written).toMatchObject({ ok: true, result: { source: { kind: 'kanbots', file: '.kanbots/config.toml' }, editable: true, settings: { links: ['node_modules'], pool: { size: 2 } } } });
    expect(await readFile(join(repo.path, '.kanbots/config.toml'), 'utf8')).toBe(
      '[board]\ntheme = "dark"\n\n[worktrees]\ncopy = [ ".env.local" ]\nlinks = [ "node_modules" ]\n\n[worktrees.scripts]\nsetup = "npm ci"\nrun = "npm run dev -- --port $KANBOTS_PORT"\n\n[worktrees.pool]\nsize = 2\n',
    );

    // A file Kanbots cannot use is shown read-only, with what is wrong, and never overwritten.
    await writeFile(join(repo.path, '.kanbots/config.toml'), '[worktrees\n');
    const broken = await client.command('s6', 'worktreeSettings.read', { repository: repo.path });
    expect(broken).toMatchObject({ ok: true, result: { editable: false, problem: expect.stringContaining('it is not valid TOML') } });
    expect(await client.command('s7', 'worktreeSettings.write', { repository: repo.path, settings: {} })).toMatchObject({ ok: false, error: { code: 'worktree_settings_invalid' } });
    expect(await readFile(join(repo.path, '.kanbots/config.toml'), 'utf8')).toBe('[worktrees\n');

    // Conductor's settings: read-only, saying where they come from.
    await writeFile(join(repo.path, '.kanbots/config.toml'), '');
    await (await import('node:fs/promises')).rm(join(repo.path, '.kanbots'), { recursive: true });
    await repo.writeFiles({ '.conductor/settings.toml': '[scripts]\nsetup = "pnpm install"\n' });
    expect(await client.command('s8', 'worktreeSettings.read', { repository: repo.path })).toMatchObject({
      ok: true,
      result: { source: { kind: 'conductor', file: '.conductor/settings.toml' }, editable: false, settings: { scripts: { setup: 'pnpm install' } } },
    });
    const foreign = await client.command('s9', 'worktreeSettings.write', { repository: repo.path, settings: {} });
    expect(foreign).toMatchObject({ ok: false, error: { code: 'worktree_settings_rejected', message: expect.stringContaining("they come from Conductor's .conductor/settings.toml, which Kanbots only reads") } });
    expect(existsSync(join(repo.path, '.kanbots'))).toBe(false);
  });
});
