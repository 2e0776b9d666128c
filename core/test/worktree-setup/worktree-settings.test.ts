import { afterEach, describe, expect, it } from 'vitest';
import { createTemporaryDirectory, type TemporaryDirectory } from '../../src/testing/git-fixtures.js';
import { readWorktreeSettings } from '../../src/worktree-setup/read-worktree-settings.js';
import { writeWorktreeSettings } from '../../src/worktree-setup/write-worktree-settings.js';
import { parse as parseToml } from 'smol-toml';
import { WorktreeSettingsError } from '../../src/worktree-setup/worktree-setup-errors.js';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

let folder: TemporaryDirectory | undefined;
afterEach(async () => {
  await folder?.cleanup();
  folder = undefined;
});

async function repositoryWith(files: Record<string, string>): Promise<string> {
  folder = await createTemporaryDirectory();
  for (const [name, content] of Object.entries(files)) {
    await mkdir(dirname(join(folder.path, name)), { recursive: true });
    await writeFile(join(folder.path, name), content);
  }
  return folder.path;
}

describe('readWorktreeSettings', () => {
  it('reads .kanbots/config.toml with defaults for what it leaves out', async () => {
    const repository = await repositoryWith({
      '.kanbots/config.toml': '[worktrees]\ncopy = [".env.local"]\nlinks = ["node_modules", "./packages/app/node_modules/"]\n\n[worktrees.scripts]\nsetup = "npm ci"\nrun = "npm run dev -- --port $KANBOTS_PORT"\n',
    });
    const loaded = await readWorktreeSettings(repository);
    expect(loaded.source).toEqual({ kind: 'kanbots', file: '.kanbots/config.toml' });
    expect(loaded.settings).toEqual({
      copy: ['.env.local'],
      links: ['node_modules', 'packages/app/node_modules'],
      linkMode: 'symlink',
      scripts: { setup: 'npm ci', run: 'npm run dev -- --port $KANBOTS_PORT' },
      setupTimeoutSeconds: 900,
      pool: { size: 0, diskBudgetMB: 4096 },
    });
  });

  it('reads .kanbots/config.json', async () => {
    const repository = await repositoryWith({ '.kanbots/config.json': JSON.stringify({ worktrees: { linkMode: 'reflink', links: ['node_modules'], setupTimeoutSeconds: 60, scripts: { archive: 'rm -f .env' } } }) });
    const loaded = await readWorktreeSettings(repository);
    expect(loaded.source.kind).toBe('kanbots');
    expect(loaded.settings).toMatchObject({ linkMode: 'reflink', links: ['node_modules'], setupTimeoutSeconds: 60, scripts: { archive: 'rm -f .env' } });
  });

  it('reads the warm pool, off unless asked for', async () => {
    const repository = await repositoryWith({ '.kanbots/config.toml': '[worktrees.pool]\nsize = 2\ndiskBudgetMB = 2048\n' });
    expect((await readWorktreeSettings(repository)).settings.pool).toEqual({ size: 2, diskBudgetMB: 2048 });
    const plain = await repositoryWith({ '.kanbots/config.toml': '[worktrees]\nlinks = ["node_modules"]\n' });
    expect((await readWorktreeSettings(plain)).settings.pool.size).toBe(0);
  });

  it('refuses a typo, a path leaving the repository, bad TOML and two files at once, saying where', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ '.kanbots/config.json': JSON.stringify({ worktrees: { link: ['node_modules'] } }) }, /config\.json.*worktrees: Unrecognized key: "link"/],
      [{ '.kanbots/config.toml': '[worktrees]\nlinks = ["../elsewhere"]\n' }, /worktrees\.links\.0: must stay inside the repository/],
      [{ '.kanbots/config.toml': '[worktrees]\nlinks = ["/abs"]\n' }, /must be relative to the repository/],
      [{ '.kanbots/config.toml': '[worktrees\n' }, /config\.toml cannot be used: it is not valid TOML/],
      [{ '.kanbots/config.toml': '', '.kanbots/config.json': '{}' }, /config\.json exists too; keep one of the two/],
      [{ '.kanbots/config.json': JSON.stringify({ worktrees: { linkMode: 'hardlink' } }) }, /worktrees\.linkMode/],
      [{ '.kanbots/config.toml': '[worktrees.pool]\nsize = 50\n' }, /worktrees\.pool\.size: must be at most 8/],
      [{ '.kanbots/config.toml': '[worktrees.pool]\nsize = 1\nbudget = 10\n' }, /worktrees\.pool: Unrecognized key: "budget"/],
    ];
    for (const [files, message] of cases) {
      const repository = await repositoryWith(files);
      const error = await readWorktreeSettings(repository).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(WorktreeSettingsError);
      expect((error as Error).message).toMatch(message);
      await folder?.cleanup();
      folder = undefined;
    }
  });

  it('reads Conductor\'s settings.toml when there are no Kanbots settings, and says so', async () => {
    const repository = await repositoryWith({ '.conductor/settings.toml': '[scripts]\nsetup = "npm install"\nrun = "npm run dev"\narchive = "rm -rf tmp"\n', 'conductor.json': '{"scripts":{"setup":"older"}}' });
    const loaded = await readWorktreeSettings(repository);
    expect(loaded.source).toEqual({ kind: 'conductor', file: '.conductor/settings.toml' });
    expect(loaded.settings.scripts).toEqual({ setup: 'npm install', run: 'npm run dev', archive: 'rm -rf tmp' });
    expect(loaded.notes).toEqual(["No Kanbots worktree settings: using the setup, run, archive scripts of Conductor's .conductor/settings.toml"]);
  });

  it('reads Conductor\'s older conductor.json', async () => {
    const repository = await repositoryWith({ 'conductor.json': JSON.stringify({ scripts: { setup: 'bun install', run: '' }, runScriptMode: 'nonconcurrent' }) });
    const loaded = await readWorktreeSettings(repository);
    expect(loaded.source).toEqual({ kind: 'conductor', file: 'conductor.json' });
    expect(loaded.settings.scripts).toEqual({ setup: 'bun install' });
  });

  it('reads Codex\'s local environment: setup (with its platform override), cleanup as archive, the Run action', async () => {
    const repository = await repositoryWith({
      '.codex/environments/environment.toml': [
        '# THIS IS AUTOGENERATED. DO NOT EDIT MANUALLY',
        'version = 1',
        'name = "demo"',
        '',
        '[setup]',
        'script = "npm install"',
        '',
        '[setup.linux]',
        'script = "npm ci"',
        '',
        '[cleanup]',
        "script = '''",
        'rm -f .env',
        "'''",
        '',
        '[[actions]]',
        'name = "Test"',
        'icon = "test"',
        'command = "npm test"',
        '',
        '[[actions]]',
        'name = "Start"',
        'icon = "run"',
        'command = "npm start"',
      ].join('\n'),
    });
    const linux = await readWorktreeSettings(repository, 'linux');
    expect(linux.source).toEqual({ kind: 'codex', file: '.codex/environments/environment.toml' });
    expect(linux.settings.scripts).toEqual({ setup: 'npm ci', run: 'npm start', archive: 'rm -f .env' });
    expect((await readWorktreeSettings(repository, 'darwin')).settings.scripts.setup).toBe('npm install');
  });

  it('prefers Kanbots\' own file over Conductor\'s and Codex\'s', async () => {
    const repository = await repositoryWith({ '.kanbots/config.json': '{}', '.conductor/settings.toml': '[scripts]\nsetup = "x"\n' });
    const loaded = await readWorktreeSettings(repository);
    expect(loaded.source.kind).toBe('kanbots');
    expect(loaded.settings.scripts).toEqual({});
  });

  it('has nothing to do for a repository without settings', async () => {
    const loaded = await readWorktreeSettings(await repositoryWith({}));
    expect(loaded).toEqual({ settings: { copy: [], links: [], linkMode: 'symlink', scripts: {}, setupTimeoutSeconds: 900, pool: { size: 0, diskBudgetMB: 4096 } }, source: { kind: 'none' }, notes: [] });
  });
});

describe('writeWorktreeSettings into .kanbots/config.toml', () => {
  const commented = [
    '# Kanbots settings of this project (kept by hand)',
    '[agents]',
    '# the default agent',
    'default = "claude"',
    '',
    '# How worktrees are made',
    '[worktrees]',
    '# what each worktree gets',
    'links = ["node_modules"]',
    '',
    '[worktrees.pool]',
    '# two is enough on this laptop',
    'size = 2',
    '',
    '[review]',
    'strict = true # reviews block the merge',
    '',
  ].join('\n');

  it('keeps every comment, the other sections and their order, and writes the new settings', async () => {
    const repository = await repositoryWith({ '.kanbots/config.toml': commented });
    const saved = await writeWorktreeSettings(repository, { copy: ['.env'], links: ['node_modules'], scripts: { setup: 'npm ci' }, pool: { size: 1 } });
    expect(saved.settings).toMatchObject({ copy: ['.env'], links: ['node_modules'], scripts: { setup: 'npm ci' }, pool: { size: 1 } });
    const text = await readFile(join(repository, '.kanbots/config.toml'), 'utf8');
    for (const comment of ['# Kanbots settings of this project (kept by hand)', '# the default agent', '# How worktrees are made', '# what each worktree gets', '# two is enough on this laptop', 'strict = true # reviews block the merge']) {
      expect(text).toContain(comment);
    }
    // The comment under [worktrees.pool] is still under it, and the sections keep their order.
    expect(text.indexOf('# two is enough on this laptop')).toBeGreaterThan(text.indexOf('[worktrees.pool]'));
    expect(text.indexOf('[agents]')).toBeLessThan(text.indexOf('[worktrees]'));
    expect(text.indexOf('[worktrees]')).toBeLessThan(text.indexOf('[review]'));
    expect(parseToml(text)).toEqual({ agents: { default: 'claude' }, review: { strict: true }, worktrees: { copy: ['.env'], links: ['node_modules'], scripts: { setup: 'npm ci' }, pool: { size: 1 } } });
  });

  it('keeps the comments when the settings go back to the defaults, and when worktrees were written inline', async () => {
    const repository = await repositoryWith({ '.kanbots/config.toml': commented });
    await writeWorktreeSettings(repository, {});
    const text = await readFile(join(repository, '.kanbots/config.toml'), 'utf8');
    expect(text).toContain('# two is enough on this laptop');
    expect(text).toContain('# the default agent');
    expect(parseToml(text)).toEqual({ agents: { default: 'claude' }, review: { strict: true } });
    const inline = await repositoryWith({ '.kanbots/config.toml': '# mine\nworktrees = { links = ["node_modules"] }\n' });
    await writeWorktreeSettings(inline, { links: ['vendor'] });
    expect(parseToml(await readFile(join(inline, '.kanbots/config.toml'), 'utf8'))).toEqual({ worktrees: { links: ['vendor'] } });
  });
});
