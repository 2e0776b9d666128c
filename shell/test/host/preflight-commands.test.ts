import { join } from 'node:path';
import { type Board } from '@kanbots/core';
import { createTestRepository, startScriptedModelServer, type ScriptedModelServer } from '@kanbots/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { openClient, useHostContext } from './host-test-context.js';

/**
 * The checks before a run over the protocol, through a real host: `run.check` answers the same
 * problems `run.start` refuses with, before any run exists and before the card moves; the host
 * asks the user's provider for its models with the stored key; `agents.status` lists the CLIs a
 * machine does not have (the real CLIs, found and not logged in, are in core's tests and the e2e test).
 */

describe('checks before a run over the protocol', () => {
  const context = useHostContext();
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  const key = 'sk-ant-api03-PreflightHostKey-0123456789wxyz';

  async function start(options: { server?: ScriptedModelServer } = {}) {
    const repository = await createTestRepository();
    closers.push(() => repository.cleanup());
    const host = await context.start({
      dataDir: await context.temporaryDirectory('kanbots-data-'),
      configDir: await context.temporaryDirectory('kanbots-config-'),
      secretStore: 'file',
      env: {},
      kanbots: { gitEnvironment: repository.gitEnvironment },
    });
    const client = await openClient(host.port, host.token);
    context.track(client.socket);
    const ok = async (id: string, name: string, args: unknown) => {
      const reply = await client.command(id, name, args);
      if (!reply.ok) throw new Error(`${name} failed: ${reply.error.message}`);
      return reply.result;
    };
    if (options.server !== undefined) await ok('u0', 'settings.update', { patch: { providers: { anthropic: { baseURL: options.server.anthropicBaseUrl } } } });
    const cardId = ((await ok('c1', 'card.create', { title: 'Checked first', target: { repository: repository.path } })) as { createdId: string }).createdId;
    const column = async () => {
      const board = ((await ok('snap', 'snapshot.get', {})) as { snapshot: { board: Board } }).snapshot.board;
      const card = board.cards.find((candidate) => candidate.id === cardId)!;
      return board.columns.find((candidate) => candidate.id === card.columnId)!.name;
    };
    return { client, ok, cardId, repository, column };
  }

  it('answers the problems run.start refuses with, and nothing moves or starts', { timeout: 60_000 }, async () => {
    const { client, ok, cardId, column } = await start();
    const before = await column();
    const args = { cardId, workflow: 'dev-review', options: { provider: 'anthropic', model: 'claude-sonnet-4-6', baseBranch: 'develop' } };
    const { problems } = (await ok('k1', 'run.check', args)) as { problems: { code: string; field: string; fix?: unknown }[] };
    expect(problems.map((problem) => [problem.code, problem.field])).toEqual([
      ['base_branch_missing', 'baseBranch'],
      ['provider_no_key', 'provider'],
    ]);
    expect(problems[1]!.fix).toEqual({ kind: 'settings', target: 'providers.anthropic.apiKey', label: 'Add the Anthropic key in Settings' });
    const refused = await client.command('s1', 'run.start', args);
    expect(refused).toMatchObject({ ok: false, error: { name: 'ConfigurationError', code: 'configuration', details: { preflight: true, problems } } });
    expect(((await ok('l1', 'runs.list', {})) as { runs: unknown[] }).runs).toEqual([]);
    expect(await column()).toBe(before);
  });

  it('asks the provider for its models with the stored key: an unknown model, then a refused key', { timeout: 60_000 }, async () => {
    const server = await startScriptedModelServer({ models: ['claude-sonnet-4-6', 'claude-opus-4-1'], apiKeys: [key] });
    closers.push(() => server.close());
    const { ok, cardId } = await start({ server });
    await ok('s1', 'secrets.set', { name: 'anthropic.apiKey', value: key });
    let checks = 0;
    const check = async (model: string) => ((await ok(`k${(checks += 1)}`, 'run.check', { cardId, workflow: 'solo', options: { provider: 'anthropic', model } })) as { problems: { code: string; message: string }[] }).problems;
    expect(await check('claude-sonnet-4-6')).toEqual([]);
    expect(await check('claude-sonnet-4.6')).toEqual([expect.objectContaining({ code: 'model_not_listed', message: expect.stringContaining('Did you mean "claude-sonnet-4-6"') })]);
    expect(server.requests.map((request) => [request.method, request.path])).toEqual([['GET', '/v1/models']]);
    await ok('s2', 'secrets.set', { name: 'anthropic.apiKey', value: 'sk-ant-api03-NotTheRightKey-000000000000' });
    expect(await check('claude-sonnet-4-6')).toEqual([expect.objectContaining({ code: 'provider_key_refused', message: 'Anthropic refused the key (HTTP 401). Check it in Settings.' })]);
  });
});

describe('agents.status on a machine without the CLIs', () => {
  const context = useHostContext();
  it('lists both as not found, with the command that installs each', { timeout: 30_000 }, async () => {
    const empty = await context.temporaryDirectory('kanbots-empty-path-');
    const host = await context.start({
      dataDir: await context.temporaryDirectory('kanbots-data-'),
      configDir: await context.temporaryDirectory('kanbots-config-'),
      secretStore: 'file',
      env: {},
      kanbots: { executors: { env: { PATH: join(empty, 'bin'), HOME: empty } } },
    });
    const client = await openClient(host.port, host.token);
    context.track(client.socket);
    const reply = await client.command('a1', 'agents.status', {});
    expect(reply).toMatchObject({
      ok: true,
      result: {
        clis: [
          { name: 'claude-code', installed: false, problem: 'claude was not found on this computer.', installCommand: 'npm install -g @anthropic-ai/claude-code' },
          { name: 'codex', installed: false, problem: 'codex was not found on this computer.', installCommand: 'npm install -g @openai/codex' },
        ],
      },
    });
  });
});
