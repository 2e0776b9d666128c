import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCK_FILE_NAME } from '@kanbots/core';
import { afterEach, describe, expect, it } from 'vitest';
import { openClient, useHostContext } from './host-test-context.js';

const repositoryRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
const cliEntry = join(repositoryRoot, 'shell', 'src', 'host', 'cli.ts');
const shellVersion = (JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(join(repositoryRoot, 'shell', 'package.json'), 'utf8'))) as { version: string }).version;

function startCli(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--conditions=kanbots-source', '--import', 'tsx', cliEntry, ...args], {
    cwd: repositoryRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout!.on('data', (chunk: Buffer) => (output.stdout += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output.stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolvePromise) => child.once('exit', (code) => resolvePromise(code)));
  return { child, output, exited };
}

async function runCli(args: string[], env: Record<string, string> = {}) {
  const { output, exited } = startCli(args, env);
  const code = await exited;
  return { code, ...output };
}

// Each case starts a real process through tsx: seconds each on a loaded machine.
describe('the kanbots command line', { timeout: 60_000 }, () => {
  const context = useHostContext();
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('--help prints the usage; --version the version', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('kanbots serve [--port N] [--open] [--repo DIR] [--workflows MODULE]… [--data-dir DIR]');
    expect(help.stdout).toContain('kanbots board [--json]');
    const version = await runCli(['--version']);
    expect(version).toMatchObject({ code: 0, stdout: `${shellVersion}\n` });
  });

  it('exits with 2 and a clear message on bad usage', async () => {
    const cases: [string[], RegExp][] = [
      [['frobnicate'], /Unknown command "frobnicate"/],
      [['serve', '--colour'], /Unknown option '--colour'/],
      [['serve', '--port', 'eighty'], /--port must be a number/],
      [['serve', '--port', '70000'], /--port must be a number/],
      [['board', '--open'], /--open does not apply to "kanbots board"/],
      [['board', 'extra'], /Unexpected argument "extra"/],
      [['serve', '--repo', ''], /--repo needs a directory/],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(message);
      expect(result.stdout).toBe('');
    }
  });

  it('board says when there is no board yet', async () => {
    const dataDir = await context.temporaryDirectory();
    const result = await runCli(['board', '--data-dir', dataDir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No board yet');
  });

  it('serve prints the address with the token, serves clients, board reads it meanwhile, Ctrl-C stops cleanly', async () => {
    const dataDir = await context.temporaryDirectory();
    const serve = startCli(['serve', '--port', '0', '--data-dir', dataDir]);
    children.push(serve.child);
    const line = await new Promise<string>((resolvePromise, reject) => {
      serve.child.stdout!.on('data', () => {
        const match = /Kanbots is running at (\S+)\n/.exec(serve.output.stdout);
        if (match) resolvePromise(match[1]!);
      });
      serve.child.once('exit', () => reject(new Error(`serve exited: ${serve.output.stderr}`)));
    });
    const url = new URL(line);
    expect(url.hostname).toBe('127.0.0.1');
    const token = url.hash.replace('#token=', '');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(serve.output.stderr).not.toContain(token);

    const client = await openClient(Number(url.port), token);
    context.track(client.socket);
    expect(await client.command('c1', 'card.create', { title: 'Printed by the CLI', labels: ['cli'] })).toMatchObject({ ok: true });
    await client.command('c2', 'board.rename', { name: 'Team board' });

    const text = await runCli(['board', '--data-dir', dataDir]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Team board (revision 2, 1 card)');
    expect(text.stdout).toMatch(/Backlog \(1\)\n {2}- Printed by the CLI \[cli\] {2}\(card_\w+\)/);
    expect(text.stdout).toContain('In progress (0)\n  (empty)');
    const json = await runCli(['board', '--json', '--data-dir', dataDir]);
    expect(JSON.parse(json.stdout)).toMatchObject({ name: 'Team board', revision: 2, cards: [{ title: 'Printed by the CLI' }] });

    expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(true);
    serve.child.kill('SIGINT');
    expect(await serve.exited).toBe(0);
    expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(false);
  });

  it('serve on a data directory another Kanbots holds fails with a readable reason (exit 1)', async () => {
    const dataDir = await context.temporaryDirectory();
    await context.start({ dataDir });
    const result = await runCli(['serve', '--port', '0', '--data-dir', dataDir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is in use by process');
  });
});
