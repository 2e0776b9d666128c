import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createTestRepository } from '@kanbots/core/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openClient, rawGet, useHostContext } from './host-test-context.js';

/**
 * `npx kanbots` as its users get it: the package is built and `npm pack`ed, installed from the
 * tarball into a clean prefix outside the repository (its one optional dependency comes from the
 * npm cache), and the installed `kanbots` command is run from there.
 */

const run = promisify(execFile);
const repositoryRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
const version = (JSON.parse(readFileSync(join(repositoryRoot, 'shell', 'package.json'), 'utf8')) as { version: string }).version;

/** Polls a condition on a process's output (the output arrives in chunks, in no fixed order across streams). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolvePromise) => setTimeout(resolvePromise, 20));
}

describe('the kanbots npm package', () => {
  const context = useHostContext();
  const children: ChildProcess[] = [];
  let work = '';
  let tarball = '';
  let installed = '';
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'kanbots-npm-'));
    const packed = await run(process.execPath, [join(repositoryRoot, 'scripts', 'package-npm.mjs'), '--out', join(work, 'out')], { cwd: repositoryRoot });
    tarball = packed.stdout.split('\n')[0]!.trim();
    const prefix = join(work, 'prefix');
    await mkdir(prefix);
    await run('npm', ['install', '--prefix', prefix, tarball, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel', 'error'], { cwd: work });
    installed = join(prefix, 'node_modules', '.bin', 'kanbots');
  }, 480_000); // npm installs the database module: a build from source where its prebuilt binary cannot be downloaded
  afterAll(async () => {
    if (work !== '') await rm(work, { recursive: true, force: true });
  });

  function kanbots(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
    const child = spawn(installed, args, { cwd: options.cwd ?? work, env: { ...process.env, NODE_OPTIONS: '', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    const output = { stdout: '', stderr: '' };
    child.stdout!.on('data', (chunk: Buffer) => (output.stdout += chunk.toString('utf8')));
    child.stderr!.on('data', (chunk: Buffer) => (output.stderr += chunk.toString('utf8')));
    const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolvePromise) => child.once('exit', (code) => resolvePromise({ code, ...output })));
    const address = new Promise<URL>((resolvePromise, reject) => {
      child.stdout!.on('data', () => {
        const match = /is running at (\S+)\n/.exec(output.stdout);
        if (match) resolvePromise(new URL(match[1]!));
      });
      void exited.then(() => reject(new Error(`kanbots exited: ${output.stderr}`)));
    });
    address.catch(() => undefined);
    return { child, output, exited, address };
  }

  it('holds built output only: the command, one bundled file, the UI without source maps, the manifest', async () => {
    const { stdout } = await run('tar', ['-tzf', tarball]);
    const files = stdout.trim().split('\n').sort();
    expect(files).toContain('package/package.json');
    expect(files).toContain('package/bin/kanbots.js');
    expect(files).toContain('package/dist/host/cli.js');
    expect(files).toContain('package/dist/ui/index.html');
    expect(files.some((file) => /^package\/dist\/ui\/assets\/.+\.js$/.test(file))).toBe(true);
    expect(files.filter((file) => /\.(map|ts|tsx)$/.test(file) || file.includes('/src/') || file.includes('node_modules'))).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(installed, '..', '..', 'kanbots', 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({ name: 'kanbots', version, bin: { kanbots: 'bin/kanbots.js' }, engines: { node: '>=20.19' }, type: 'module' });
    expect(manifest.dependencies).toBeUndefined();
    expect(Object.keys(manifest.optionalDependencies as object)).toEqual(['@napi-rs/keyring', 'better-sqlite3']);
  });

  it('kanbots --version prints the version', async () => {
    const result = await kanbots(['--version']).exited;
    expect(result).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it('kanbots serve answers with the UI and the protocol; kanbots board reads the board meanwhile', { timeout: 60_000 }, async () => {
    const dataDir = await context.temporaryDirectory();
    const serve = kanbots(['serve', '--port', '0', '--data-dir', dataDir], { env: { KANBOTS_SECRET_STORE: 'file', KANBOTS_CONFIG_HOME: dataDir } });
    const url = await serve.address;
    const port = Number(url.port);
    const page = await rawGet(port, '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(page.body)?.[1];
    expect(script, page.body).toBeDefined();
    const asset = await rawGet(port, `/${script}`);
    expect(asset.status).toBe(200);
    expect(asset.body).not.toContain('sourceMappingURL');

    const client = await openClient(port, url.hash.replace('#token=', ''));
    context.track(client.socket);
    expect(client.received[0]).toMatchObject({ type: 'hello', protocolVersion: 1, snapshot: { board: { revision: 0 } } });
    expect(await client.command('c1', 'card.create', { title: 'From the npm package' })).toMatchObject({ ok: true });

    // The installed package keeps the board in its database (npm installed the native module).
    expect(existsSync(join(dataDir, 'kanbots.db'))).toBe(true);
    expect(existsSync(join(dataDir, 'board.json'))).toBe(false);
    const board = await kanbots(['board', '--data-dir', dataDir]).exited;
    expect(board.code, board.stderr).toBe(0);
    expect(board.stdout).toMatch(/Backlog \(1\)\n {2}- From the npm package/);

    serve.child.kill('SIGINT');
    expect((await serve.exited).code).toBe(0);
  });

  it('bare kanbots in a repository opens the board with that repository as the project of new cards', { timeout: 60_000 }, async () => {
    const repository = await createTestRepository();
    try {
      const dataDir = await context.temporaryDirectory();
      await mkdir(join(repository.path, 'src', 'deep'), { recursive: true });
      const open = kanbots(['--port', '0'], { cwd: join(repository.path, 'src', 'deep'), env: { KANBOTS_HOME: dataDir, KANBOTS_NO_BROWSER: '1', KANBOTS_SECRET_STORE: 'file', KANBOTS_CONFIG_HOME: dataDir } });
      const url = await open.address;
      await until(() => open.output.stderr.includes('Could not open the browser'));
      expect(open.output.stderr).toContain(`Project: ${repository.path} (new cards belong to it).`);
      expect(open.output.stderr).toContain('Could not open the browser (KANBOTS_NO_BROWSER=1 is set)');
      const client = await openClient(Number(url.port), url.hash.replace('#token=', ''));
      context.track(client.socket);
      const reply = await client.command('c1', 'card.create', { title: 'Works on the repository' });
      expect(reply).toMatchObject({ ok: true });
      const other = await client.command('c2', 'card.create', { title: 'Somewhere else', target: { repository: dataDir } });
      expect(other).toMatchObject({ ok: true });
      open.child.kill('SIGINT');
      expect((await open.exited).code).toBe(0);
      const board = await kanbots(['board', '--json', '--data-dir', dataDir]).exited;
      const stored = JSON.parse(board.stdout) as { cards: { title: string; projectId?: string; target?: { repository: string } }[]; projects: { id: string; repository: string }[] };
      const inProject = stored.cards.find((card) => card.title === 'Works on the repository');
      expect(stored.projects.find((project) => project.id === inProject?.projectId)?.repository).toBe(repository.path);
      expect(stored.cards.find((card) => card.title === 'Somewhere else')?.target).toEqual({ repository: dataDir });
    } finally {
      await repository.cleanup();
    }
  });
});
