import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors.js';
import { RunPreflightError } from '../../src/runs/preflight-problem.js';
import type { ProviderFacts } from '../../src/runs/preflight-models.js';
import { runTestGit } from '../../src/testing/git-fixtures.js';
import { listProviderModels } from '../../src/settings/list-provider-models.js';
import { startScriptedModelServer, type ScriptedModelServer } from '../../src/testing/scripted-model-server/index.js';
import { createRunFixture, type RunFixture } from './run-fixture.js';

/**
 * The check before a run, on real repositories: every misconfiguration is found before anything
 * of the run exists (no run, no worktree, no model request), each with its field and its fix.
 */

describe('the check before a run', () => {
  let fixture: RunFixture | undefined;
  afterEach(async () => {
    await fixture?.cleanup();
    fixture = undefined;
  });

  async function nothingCreated(current: RunFixture): Promise<void> {
    expect(current.kanbots.runs.list()).toEqual([]);
    expect(await current.kanbots.worktrees.list()).toEqual([]);
    expect(current.server.requests).toEqual([]);
    const card = current.kanbots.board.getBoard().cards.find((candidate) => candidate.id === current.cardId)!;
    const column = current.kanbots.board.getBoard().columns.find((candidate) => candidate.id === card.columnId)!;
    expect(column.name).not.toBe('In progress');
  }

  it('passes a ready card and its run then starts', async () => {
    fixture = await createRunFixture();
    expect(await fixture.kanbots.check(fixture.cardId, 'dev-review')).toEqual([]);
  });

  it('finds a folder that is not a git repository, refuses run.start with the same problem, and creates nothing', async () => {
    fixture = await createRunFixture();
    const folder = join(fixture.dataDir, '..', 'plain-folder');
    await mkdir(folder, { recursive: true });
    const problems = await fixture.kanbots.check(fixture.cardId, 'solo', { repository: folder });
    expect(problems).toEqual([
      expect.objectContaining({ code: 'repository_not_git', field: 'repository', message: expect.stringContaining('is not a git repository'), fix: expect.objectContaining({ kind: 'command', command: expect.stringContaining('git -C') }) }),
    ]);
    const start = fixture.kanbots.run(fixture.cardId, 'solo', { repository: folder });
    await expect(start).rejects.toBeInstanceOf(RunPreflightError);
    await expect(start).rejects.toBeInstanceOf(ConfigurationError);
    const error = (await start.catch((caught: unknown) => caught)) as RunPreflightError;
    expect(error.problems).toEqual(problems);
    expect(error.toData().details).toEqual({ preflight: true, problems });
    await nothingCreated(fixture);
    expect(await readdir(folder)).toEqual([]);
  });

  it('finds a path that does not exist, and a repository without a commit', async () => {
    fixture = await createRunFixture();
    const missing = join(fixture.dataDir, '..', 'no-such-folder');
    expect((await fixture.kanbots.check(fixture.cardId, 'solo', { repository: missing })).map((problem) => problem.code)).toEqual(['repository_not_found']);
    const empty = join(fixture.dataDir, '..', 'empty-repository');
    await mkdir(empty, { recursive: true });
    await runTestGit(empty, ['init', '--quiet', '-b', 'main']);
    const [problem] = await fixture.kanbots.check(fixture.cardId, 'solo', { repository: empty });
    expect(problem).toMatchObject({ code: 'repository_empty', field: 'repository', fix: { kind: 'command' } });
    await expect(fixture.kanbots.run(fixture.cardId, 'solo', { repository: empty })).rejects.toThrow(/without any commit/);
    await nothingCreated(fixture);
  });

  it('finds a card without a repository', async () => {
    fixture = await createRunFixture();
    const bare = await fixture.kanbots.board.dispatch({ type: 'card.create', title: 'No target' });
    const problems = await fixture.kanbots.check(bare.createdId!, 'solo');
    expect(problems.map((problem) => [problem.code, problem.field])).toEqual([['repository_missing', 'repository']]);
  });

  it('finds a base branch that does not exist and offers the closest branches first', async () => {
    fixture = await createRunFixture();
    await fixture.repository.git(['branch', 'feature/login']);
    await fixture.repository.git(['branch', 'mian-old']);
    const [problem, ...rest] = await fixture.kanbots.check(fixture.cardId, 'solo', { baseBranch: 'mian' });
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ code: 'base_branch_missing', field: 'baseBranch', message: expect.stringContaining('"mian" does not exist') });
    expect(problem!.fix).toMatchObject({ kind: 'choose' });
    const options = problem!.fix!.kind === 'choose' ? problem!.fix!.options : [];
    expect(options.slice(0, 2).sort()).toEqual(['main', 'mian-old']);
    expect(options).toContain('feature/login');
    await expect(fixture.kanbots.run(fixture.cardId, 'solo', { baseBranch: 'mian' })).rejects.toBeInstanceOf(RunPreflightError);
    await nothingCreated(fixture);
  });

  it('finds a persona that does not exist, for its role', async () => {
    fixture = await createRunFixture();
    const [problem] = await fixture.kanbots.check(fixture.cardId, 'dev-review', { personas: { reviewer: 'nitpicker' } });
    expect(problem).toMatchObject({ code: 'persona_missing', field: 'personas', roles: ['reviewer'], message: expect.stringContaining('"nitpicker"') });
    expect(problem!.fix).toMatchObject({ kind: 'choose', options: expect.arrayContaining(['reviewer', 'developer']) });
  });

  it("reads the repository's own personas as a run does", async () => {
    fixture = await createRunFixture();
    await mkdir(join(fixture.repository.path, '.kanbots', 'personas'), { recursive: true });
    await writeFile(join(fixture.repository.path, '.kanbots', 'personas', 'nitpicker.md'), '---\nname: nitpicker\ndescription: Reviews every comma\nrole: reviewer\n---\nYou review every comma.\n');
    expect(await fixture.kanbots.check(fixture.cardId, 'dev-review', { personas: { reviewer: 'nitpicker' } })).toEqual([]);
  });

  it('finds a reviewer given to an agent CLI', async () => {
    fixture = await createRunFixture();
    const problems = await fixture.kanbots.check(fixture.cardId, 'dev-review', { models: { reviewer: 'codex:gpt-5.5' } });
    expect(problems[0]).toMatchObject({ code: 'cli_role_not_allowed', field: 'model', roles: ['reviewer'] });
  });

  it('lists every problem at once: repository, persona and model', async () => {
    fixture = await createRunFixture();
    const problems = await fixture.kanbots.check(fixture.cardId, 'dev-review', { baseBranch: 'nope', personas: { developer: 'ghost' }, models: { reviewer: 'codex' } });
    expect(problems.map((problem) => problem.code)).toEqual(['base_branch_missing', 'persona_missing', 'cli_role_not_allowed', expect.stringMatching(/^cli_/)]);
  });
});

describe('the check before a run: provider keys and models (scripted model server)', () => {
  let fixture: RunFixture | undefined;
  let provider: ScriptedModelServer | undefined;
  afterEach(async () => {
    await fixture?.cleanup();
    await provider?.close();
    fixture = undefined;
    provider = undefined;
  });

  const key = 'sk-ant-preflight-valid-key-0001';

  function withFacts(facts: Partial<ProviderFacts>): Promise<RunFixture> {
    return createRunFixture({
      providerFacts: async (name) => (name === 'anthropic' ? { label: 'Anthropic', settingsName: 'anthropic', enabled: true, key: 'set', keyVariable: 'ANTHROPIC_API_KEY', baseURLMissing: false, ...facts } : undefined),
    });
  }

  it('finds a provider without a key and points at its key in Settings', async () => {
    fixture = await withFacts({ key: 'missing' });
    const problems = await fixture.kanbots.check(fixture.cardId, 'dev-review');
    expect(problems).toEqual([
      {
        code: 'provider_no_key',
        field: 'provider',
        roles: ['developer', 'reviewer'],
        message: 'There is no Anthropic API key yet, and the developer and reviewer would use Anthropic. Add the key in Settings, or set ANTHROPIC_API_KEY before starting Kanbots.',
        fix: { kind: 'settings', target: 'providers.anthropic.apiKey', label: 'Add the Anthropic key in Settings' },
      },
    ]);
    await expect(fixture.kanbots.run(fixture.cardId, 'dev-review')).rejects.toThrow(/no Anthropic API key/);
    expect(fixture.kanbots.runs.list()).toEqual([]);
  });

  it('finds a provider that is turned off', async () => {
    fixture = await withFacts({ enabled: false });
    const [problem] = await fixture.kanbots.check(fixture.cardId, 'solo');
    expect(problem).toMatchObject({ code: 'provider_disabled', fix: { kind: 'settings', target: 'providers.anthropic.enabled' } });
  });

  it('asks the provider for its models: a name it does not list is a problem with the close ones to choose from', async () => {
    const models = ['claude-sonnet-4-5', 'claude-opus-4-1', 'dev-model'];
    const server = (provider = await startScriptedModelServer({ models, apiKeys: [key] }));
    fixture = await withFacts({ listModels: () => listProviderModels({ provider: 'anthropic', apiKey: key, baseURL: server.anthropicBaseUrl }) });
    expect(await fixture.kanbots.check(fixture.cardId, 'solo', { model: 'anthropic:claude-sonnet-4-5' })).toEqual([]);
    const [problem] = await fixture.kanbots.check(fixture.cardId, 'solo', { model: 'anthropic:claude-sonet-4-5' });
    expect(problem).toMatchObject({ code: 'model_not_listed', field: 'model', roles: ['developer'], message: expect.stringContaining('Did you mean "claude-sonnet-4-5"') });
    expect(problem!.fix).toMatchObject({ kind: 'choose', options: expect.arrayContaining(models) });
    expect(server.requests.map((request) => [request.method, request.path, request.outcome])).toEqual([
      ['GET', '/v1/models', 'auxiliary'],
      ['GET', '/v1/models', 'auxiliary'],
    ]);
    expect(server.requests.every((request) => request.headers['anthropic-version'] !== undefined)).toBe(true);
    expect(fixture.server.requests).toEqual([]);
  });

  it('finds a key the provider refuses (HTTP 401) before the run', async () => {
    const server = (provider = await startScriptedModelServer({ models: ['dev-model'], apiKeys: [key] }));
    fixture = await withFacts({ listModels: () => listProviderModels({ provider: 'anthropic', apiKey: 'sk-ant-wrong-key-0000000', baseURL: server.anthropicBaseUrl }) });
    const [problem] = await fixture.kanbots.check(fixture.cardId, 'solo');
    expect(problem).toMatchObject({ code: 'provider_key_refused', message: 'Anthropic refused the key (HTTP 401). Check it in Settings.', fix: { kind: 'settings', target: 'providers.anthropic.apiKey' } });
    expect(server.requests.map((request) => request.outcome)).toEqual(['refused']);
  });

  it('does not block a run when the provider cannot be asked (unreachable)', async () => {
    fixture = await withFacts({ listModels: () => listProviderModels({ provider: 'anthropic', apiKey: key, baseURL: 'http://127.0.0.1:9' }) });
    expect(await fixture.kanbots.check(fixture.cardId, 'solo')).toEqual([]);
  });
});
