import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openClient, useHostContext } from './host-test-context.js';

/**
 * `kanbots export` while Kanbots runs, then `kanbots import` elsewhere: the board comes back the
 * same; importing onto data refuses unless --replace; a running Kanbots' directory refuses import.
 */

const repositoryRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
const cliEntry = join(repositoryRoot, 'shell', 'src', 'host', 'cli.ts');

function startCli(args: string[]) {
  const child = spawn(process.execPath, ['--conditions=kanbots-source', '--import', 'tsx', cliEntry, ...args], { cwd: repositoryRoot, env: { ...process.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { stdout: '', stderr: '' };
  child.stdout!.on('data', (chunk: Buffer) => (output.stdout += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output.stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolvePromise) => child.once('exit', (code) => resolvePromise(code)));
  return { child, output, exited };
}

async function runCli(args: string[]) {
  const { output, exited } = startCli(args);
  return { code: await exited, ...output };
}

describe('kanbots export and import', { timeout: 120_000 }, () => {
  const context = useHostContext();
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('exports while Kanbots runs and imports into another data directory, which then holds the same board', async () => {
    const source = await context.temporaryDirectory();
    const target = await context.temporaryDirectory();
    const file = join(await context.temporaryDirectory(), 'kanbots-export.jsonl');
    const serve = startCli(['serve', '--port', '0', '--data-dir', source]);
    children.push(serve.child);
    const address = await new Promise<URL>((resolvePromise, reject) => {
      serve.child.stdout!.on('data', () => {
        const match = /Kanbots is running at (\S+)\n/.exec(serve.output.stdout);
        if (match) resolvePromise(new URL(match[1]!));
      });
      serve.child.once('exit', () => reject(new Error(`serve exited: ${serve.output.stderr}`)));
    });
    const client = await openClient(Number(address.port), address.hash.replace('#token=', ''));
    context.track(client.socket);
    expect(await client.command('c1', 'card.create', { title: 'Kept on export', labels: ['moving'] })).toMatchObject({ ok: true });
    await client.command('c2', 'board.rename', { name: 'Travelling board' });

    const exported = await runCli(['export', '--out', file, '--data-dir', source]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stderr).toMatch(/Exported 1 documents and 0 runs/);
    const lines = (await readFile(file, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { type: string; version: number });
    expect(lines.map((line) => line.type)).toEqual(['kanbots.export', 'document', 'kanbots.export.end']);
    expect(lines.every((line) => line.version === 1)).toBe(true);

    const intoRunning = await runCli(['import', file, '--data-dir', source]);
    expect(intoRunning.code).toBe(1);
    expect(intoRunning.stderr).toMatch(/is in use by process/);

    const imported = await runCli(['import', file, '--data-dir', target]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/^Imported 1 documents and 0 runs/);
    const board = await runCli(['board', '--data-dir', target]);
    expect(board.stdout).toContain('Travelling board (revision 2, 1 card)');
    expect(board.stdout).toMatch(/- Kept on export \[moving\]/);

    const again = await runCli(['import', file, '--data-dir', target]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already holds data \(1 documents, 0 runs\)\. Nothing was imported\./);
    const replaced = await runCli(['import', file, '--replace', '--data-dir', target]);
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(replaced.stderr).toMatch(/What was there before is kept in .*kanbots\.db\.before-import\./);

    const stdout = await runCli(['export', '--data-dir', target]);
    expect(stdout.code).toBe(0);
    expect(stdout.stdout.trim().split('\n').slice(1)).toEqual((await readFile(file, 'utf8')).trim().split('\n').slice(1));
    serve.child.kill('SIGINT');
    expect(await serve.exited).toBe(0);
  });
});
