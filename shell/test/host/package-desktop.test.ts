import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { LOCK_FILE_NAME } from '@kanbots/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fakeNeutralino } from './fake-neutralino.js';
import { useHostContext } from './host-test-context.js';

/**
 * `npm run package` end to end: the script builds the desktop package (with a placeholder
 * standing in for the Neutralino runtime binary, which cannot be downloaded here), the archive is
 * unpacked outside the repository, and the packaged host — started the way Neutralino starts it,
 * through the launcher named in neutralino.config.json — connects to a Neutralino peer and answers.
 */

const run = promisify(execFile);
const repositoryRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
const script = join(repositoryRoot, 'scripts', 'package-desktop.mjs');
const platform = ({ 'linux-x64': 'linux_x64', 'linux-arm64': 'linux_arm64', 'darwin-x64': 'mac_x64', 'darwin-arm64': 'mac_arm64' } as Record<string, string>)[`${process.platform}-${process.arch}`];
const asar = createRequire(createRequire(join(repositoryRoot, 'shell', 'package.json')).resolve('@neutralinojs/neu/package.json'))('@electron/asar') as {
  listPackage(archive: string, options: { isPack: boolean }): string[];
  extractFile(archive: string, file: string): Buffer;
};

interface PackagedConfig {
  extensions: { id: string; commandLinux?: string; commandDarwin?: string; commandWindows?: string }[];
  documentRoot: string;
  cli: { binaryName: string };
}

describe.skipIf(platform === undefined)('npm run package', () => {
  const context = useHostContext();
  const children: ChildProcess[] = [];
  let work = '';
  let out = '';
  let unpacked = '';
  let output = { stdout: '', stderr: '' };
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'kanbots-package-'));
    const runtimes = join(work, 'runtimes');
    await mkdir(runtimes);
    await writeFile(join(runtimes, `neutralino-${platform}`), '#!/bin/sh\necho "placeholder Neutralino runtime"\n', { mode: 0o755 });
    out = join(work, 'out');
    output = await run(process.execPath, [script, '--platform', `${platform},win_x64`, '--out', out], {
      cwd: repositoryRoot,
      env: { ...process.env, KANBOTS_NEUTRALINO_BIN_DIR: runtimes },
    });
    unpacked = join(work, 'unpacked');
    await mkdir(unpacked);
    await run('tar', ['-xzf', join(out, `kanbots-${platform}.tar.gz`), '-C', unpacked]);
  }, 180_000);
  afterAll(async () => {
    if (work !== '') await rm(work, { recursive: true, force: true });
  });

  it('makes a .tar.gz per platform (and a .zip for Windows), prints sizes, and says when a runtime is missing', () => {
    expect(existsSync(join(out, `kanbots-${platform}.tar.gz`))).toBe(true);
    expect(existsSync(join(out, 'kanbots-win_x64.tar.gz'))).toBe(true);
    expect(existsSync(join(out, 'kanbots-win_x64.zip'))).toBe(true);
    expect(output.stdout).toMatch(new RegExp(`kanbots-${platform}: [\\d.]+ [KM]B unpacked`));
    expect(output.stdout).toMatch(new RegExp(`kanbots-${platform}\\.tar\\.gz {2}[\\d.]+ [KM]B`));
    expect(output.stderr).toContain('The Neutralino runtime for win_x64 is MISSING');
    expect(output.stderr).not.toContain(`runtime for ${platform} is MISSING`);
  });

  it('unpacks into a folder with the runtime, the resources, the launcher and a one-file host, and nothing from the repository', () => {
    const app = join(unpacked, `kanbots-${platform}`);
    expect(relative(repositoryRoot, app).startsWith('..')).toBe(true);
    const runtime = join(app, `kanbots-${platform}`);
    expect(readFileSync(runtime, 'utf8')).toContain('placeholder Neutralino runtime');
    accessSync(runtime, constants.X_OK);
    const host = join(app, 'shell', 'dist', 'host');
    expect(statSync(join(host, 'neutralino-extension.js')).size).toBeGreaterThan(100_000);
    expect(readFileSync(join(host, 'neutralino-extension.js'), 'utf8')).not.toMatch(/from ["']@kanbots\/core["']/);
    expect(existsSync(join(app, 'node_modules'))).toBe(false);
  });

  it('ships the OS keychain module next to the host, where the bundled host loads it from', { timeout: 60_000 }, async () => {
    const host = join(unpacked, `kanbots-${platform}`, 'shell', 'dist', 'host');
    await writeFile(join(host, 'keychain-probe.mjs'), "const keyring = await import('@napi-rs/keyring');\nprocess.stdout.write(typeof keyring.Entry);\n");
    try {
      const { stdout } = await run(process.execPath, [join(host, 'keychain-probe.mjs')], { cwd: tmpdir(), env: { ...process.env, NODE_OPTIONS: '', NODE_PATH: '' } });
      expect(stdout).toBe('function');
    } finally {
      await rm(join(host, 'keychain-probe.mjs'));
    }
  });

  it('ships the database module next to the host, where the bundled host loads it from', { timeout: 60_000 }, async () => {
    const host = join(unpacked, `kanbots-${platform}`, 'shell', 'dist', 'host');
    await writeFile(join(host, 'database-probe.mjs'), "import { createRequire } from 'node:module';\nconst Database = createRequire(import.meta.url)('better-sqlite3');\nconst database = new Database(':memory:');\nprocess.stdout.write(String(database.prepare('SELECT 40 + 2 AS answer').get().answer));\ndatabase.close();\n");
    try {
      const { stdout } = await run(process.execPath, [join(host, 'database-probe.mjs')], { cwd: tmpdir(), env: { ...process.env, NODE_OPTIONS: '', NODE_PATH: '' } });
      expect(stdout).toBe('42');
    } finally {
      await rm(join(host, 'database-probe.mjs'));
    }
  });

  it('resources.neu holds the config and the UI (index.html + JS), no source map and no development state', () => {
    const resources = join(unpacked, `kanbots-${platform}`, 'resources.neu');
    const files = asar.listPackage(resources, { isPack: false }).map((file) => file.split('\\').join('/'));
    const config = JSON.parse(asar.extractFile(resources, 'neutralino.config.json').toString('utf8')) as PackagedConfig;
    const documentRoot = config.documentRoot.replace(/^\/+|\/+$/g, '');
    expect(files).toContain(`/${documentRoot}/index.html`);
    const scripts = files.filter((file) => file.startsWith(`/${documentRoot}/`) && file.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    const index = asar.extractFile(resources, `${documentRoot}/index.html`).toString('utf8');
    expect(scripts.some((script) => index.includes(script.slice(documentRoot.length + 2)))).toBe(true);
    expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
    expect(files.filter((file) => /window_state|\.storage|\.tmp\b|auth_info/.test(file))).toEqual([]);
    for (const script of scripts) expect(asar.extractFile(resources, script.slice(1)).toString('utf8')).not.toContain('sourceMappingURL');
  });

  it('the extension command of the packaged config resolves to a file in the package on every platform', () => {
    const app = join(unpacked, `kanbots-${platform}`);
    const config = JSON.parse(asar.extractFile(join(app, 'resources.neu'), 'neutralino.config.json').toString('utf8')) as PackagedConfig;
    const commands = config.extensions.flatMap((extension) => [extension.commandLinux, extension.commandDarwin, extension.commandWindows].filter((command): command is string => typeof command === 'string'));
    expect(commands.length).toBeGreaterThanOrEqual(3);
    for (const command of commands) {
      const path = /"\$\{NL_PATH\}([^"]+)"/.exec(command)?.[1];
      expect(path, command).toBeDefined();
      expect(existsSync(join(app, ...path!.split(/[\\/]/).filter(Boolean))), command).toBe(true);
    }
  });

  it('the packaged host, started through its launcher from the unpacked folder, connects to Neutralino and answers a command', { timeout: 60_000 }, async () => {
    const app = join(unpacked, `kanbots-${platform}`);
    const dataDir = await context.temporaryDirectory();
    const neutralino = await fakeNeutralino();
    try {
      const child = spawn('sh', [join(app, 'shell', 'extension', 'kanbots-host.sh')], {
        cwd: app,
        // Its own config directory (the secrets file), and no restart: a host that dies fails the test with its reason.
        env: { ...process.env, KANBOTS_HOME: dataDir, KANBOTS_CONFIG_HOME: dataDir, KANBOTS_SECRET_STORE: 'file', KANBOTS_HOST_MAX_RESTARTS: '0', NODE_OPTIONS: '' },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      children.push(child);
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.stdin!.end(JSON.stringify({ nlPort: String(neutralino.port), nlToken: 'nl-access-token', nlConnectToken: 'nl-connect-token', nlExtensionId: 'js.kanbots.host' }));
      const died = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`host exited (${code}): ${stderr}`))));
      died.catch(() => undefined);
      await Promise.race([neutralino.connected, died]);
      neutralino.emit('appClientConnect', {});
      const [hello] = await Promise.race([neutralino.until((messages) => messages.some((message) => message.type === 'hello')), died]);
      expect(hello).toMatchObject({ type: 'hello', protocolVersion: 1 });
      neutralino.emit('kanbots.message', { type: 'command', id: 'c1', name: 'card.create', args: { title: 'From the package' } });
      const messages = await Promise.race([neutralino.until((received) => received.some((message) => message.type === 'reply')), died]);
      expect(messages.find((message) => message.type === 'reply')).toMatchObject({ id: 'c1', ok: true, result: { revision: 1 } });
      expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(true);
      const exited = new Promise<number | null>((resolvePromise) => child.once('exit', (code) => resolvePromise(code)));
      neutralino.emit('windowClose');
      expect(await exited, stderr).toBe(0);
      expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(false);
    } finally {
      await neutralino.close();
    }
  });

  it('the launcher says plainly that Node.js is missing when no node is on PATH', { timeout: 60_000 }, async () => {
    const app = join(unpacked, `kanbots-${platform}`);
    const result = await new Promise<{ code: number | null; stderr: string }>((resolvePromise) => {
      const child = spawn('/bin/sh', [join(app, 'shell', 'extension', 'kanbots-host.sh')], { cwd: app, env: { PATH: join(app, 'no-such-directory') }, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.once('exit', (code) => resolvePromise({ code, stderr }));
    });
    expect(result.code).toBe(127);
    expect(result.stderr).toContain('Kanbots needs Node.js 20.19 or newer, and no "node" was found on PATH');
  });

  it('the launcher says plainly that the Node.js on PATH is too old', { timeout: 60_000 }, async () => {
    const app = join(unpacked, `kanbots-${platform}`);
    // A stand-in for an old Node: reports v18.20.4 and fails the version check the launcher runs.
    const oldNode = join(work, 'old-node');
    await mkdir(oldNode, { recursive: true });
    await writeFile(join(oldNode, 'node'), '#!/bin/sh\nif [ "$1" = "--version" ]; then echo v18.20.4; exit 0; fi\nexit 1\n', { mode: 0o755 });
    const result = await new Promise<{ code: number | null; stderr: string }>((resolvePromise) => {
      const child = spawn('/bin/sh', [join(app, 'shell', 'extension', 'kanbots-host.sh')], { cwd: app, env: { PATH: oldNode }, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.once('exit', (code) => resolvePromise({ code, stderr }));
    });
    expect(result.code).toBe(127);
    expect(result.stderr).toContain('Kanbots needs Node.js 20.19 or newer; the "node" on PATH is v18.20.4');
  });
});
