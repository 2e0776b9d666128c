import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type ServerMessage } from '@kanbots/core/internals';
import { readBoardFile } from '../../src/host/read-board-file.js';
import { MemorySecretStore } from '@kanbots/core';
import { createTestRepository, type TestRepository } from '@kanbots/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { openClient, useHostContext, type ProtocolTestClient } from './host-test-context.js';

/** Picking a project's repository over the protocol, through a real host, real git repositories in temp dirs. */
describe('project commands', () => {
  const context = useHostContext();
  const repositories: TestRepository[] = [];
  afterEach(async () => {
    for (const repository of repositories.splice(0)) await repository.cleanup();
  });

  async function repository(): Promise<TestRepository> {
    const created = await createTestRepository();
    repositories.push(created);
    return created;
  }

  async function start(options: { dataDir?: string; defaultRepository?: string } = {}) {
    const dataDir = options.dataDir ?? (await context.temporaryDirectory('kanbots-data-'));
    const configDir = await context.temporaryDirectory('kanbots-config-');
    const host = await context.start({ dataDir, configDir, secretStore: new MemorySecretStore(), env: {}, offerDemo: false, ...(options.defaultRepository === undefined ? {} : { defaultRepository: options.defaultRepository }) });
    const client = await openClient(host.port, host.token);
    context.track(client.socket);
    return { host, client, dataDir };
  }

  /** Waits at most 5 s for a message; on timeout says what arrived instead. */
  async function within(client: ProtocolTestClient, what: string, predicate: (message: ServerMessage) => boolean): Promise<ServerMessage> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no ${what} within 5 s; received: ${client.received.map((message) => message.type === 'event' ? `event ${message.topic}` : message.type).join(', ')}`)), 5_000);
    });
    try {
      return await Promise.race([client.next(predicate), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  it('repositories.check answers a repository’s top level and branches, or why a folder is not one', async () => {
    const repo = await repository();
    await repo.git(['branch', 'release']);
    const plain = await context.temporaryDirectory('kanbots-plain-');
    await mkdir(join(repo.path, 'src', 'nested'), { recursive: true });
    const { client } = await start();
    expect(await client.command('c1', 'repositories.check', { path: join(repo.path, 'src', 'nested') })).toMatchObject({
      ok: true,
      result: { ok: true, path: repo.path, name: 'repository', branches: ['main', 'release'], currentBranch: 'main', defaultBranch: 'main', personas: [] },
    });
    expect(await client.command('c2', 'repositories.check', { path: plain })).toMatchObject({ ok: true, result: { ok: false, problem: 'not_a_repository', message: expect.stringContaining('not a git repository') } });
    expect(await client.command('c3', 'repositories.check', { path: join(plain, 'gone') })).toMatchObject({ ok: true, result: { ok: false, problem: 'not_found' } });
    expect(await client.command('c4', 'repositories.check', { path: '' })).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
  });

  it('project.add refuses a folder that is not a repository and changes nothing; a repository becomes a project its cards belong to', async () => {
    const repo = await repository();
    const plain = await context.temporaryDirectory('kanbots-plain-');
    const { client, dataDir } = await start();
    const refused = await client.command('a1', 'project.add', { repository: plain, baseBranch: 'main' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'validation_failed', message: expect.stringContaining('not a git repository') } });
    expect(await client.command('a2', 'project.add', { repository: repo.path, baseBranch: 'gone' })).toMatchObject({ ok: false, error: { message: expect.stringContaining('no branch “gone”') } });
    expect(client.received.some((message) => message.type === 'event' && message.topic === 'board.changed')).toBe(false);

    const added = await client.command('a3', 'project.add', { repository: `${repo.path}/src`, baseBranch: 'main' });
    expect(added).toMatchObject({ ok: true, result: { command: 'project.add', projects: [{ name: 'repository', repository: repo.path, baseBranch: 'main' }] } });
    const projectId = (added as { result: { createdId: string } }).result.createdId;
    await within(client, 'board.changed for the project', (message) => message.type === 'event' && message.topic === 'board.changed');
    const card = await client.command('a4', 'card.create', { title: 'Add a checkout', projectId });
    expect(card).toMatchObject({ ok: true, result: { upsertedCards: [{ title: 'Add a checkout', projectId }] } });
    expect(await client.command('a5', 'project.add', { repository: repo.path, baseBranch: 'main' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const stored = (await readBoardFile(dataDir))!;
    expect(stored.projects).toHaveLength(1);
    expect(stored.cards[0]?.projectId).toBe(projectId);
  });

  it('started inside a repository (npx kanbots), it is a project once, and new cards without a project belong to it', async () => {
    const repo = await repository();
    const dataDir = await context.temporaryDirectory('kanbots-data-');
    const first = await start({ dataDir, defaultRepository: repo.path });
    const created = await first.client.command('d1', 'card.create', { title: 'In the started-in repository' });
    const projects = first.host.kanbots.board.getBoard().projects;
    expect(projects).toMatchObject([{ name: 'repository', repository: repo.path, baseBranch: 'main' }]);
    expect(created).toMatchObject({ ok: true, result: { upsertedCards: [{ projectId: projects[0]!.id }] } });
    await first.host.stop();
    const second = await start({ dataDir, defaultRepository: join(repo.path, 'src') });
    expect(second.host.kanbots.board.getBoard().projects).toEqual(projects);
  });

  it('repositories.recent lists repositories cards worked on that are not projects yet', async () => {
    const shop = await repository();
    const api = await repository();
    const { client } = await start();
    await client.command('r1', 'card.create', { title: 'Old card', target: { repository: shop.path } });
    await client.command('r2', 'project.add', { repository: api.path, baseBranch: 'main' });
    await client.command('r3', 'card.create', { title: 'Older card', target: { repository: api.path } });
    expect(await client.command('r4', 'repositories.recent', {})).toEqual({ type: 'reply', id: 'r4', ok: true, result: { repositories: [{ path: shop.path, name: 'repository' }] } });
  });
});
