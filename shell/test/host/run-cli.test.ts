import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openSettingsService } from '@kanbots/core';
import { createTestRepository, startScriptedModelServer, type ScriptedModelServer, type ScriptedReply, type TestRepository } from '@kanbots/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCliArguments } from '../../src/host/cli-arguments.js';
import { useHostContext } from './host-test-context.js';

/**
 * `kanbots run` as a user runs it: a real child process against a real git repository, the agents
 * talking to the scripted model server through the real Anthropic adapter (base URL from the data
 * directory's settings, a dummy key from the environment).
 */

const repositoryRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
const cliEntry = join(repositoryRoot, 'shell', 'src', 'host', 'cli.ts');
// Absolute, because the command runs in the test repository, where `--import tsx` would not resolve.
const tsxLoader = pathToFileURL(join(repositoryRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

const edit: ScriptedReply = { toolCalls: [{ name: 'edit_file', input: { path: 'src/app.txt', old_string: 'line 2', new_string: 'line two' } }] };
const finish = (summary: string): ScriptedReply => ({ toolCalls: [{ name: 'finish', input: { summary } }] });
const requestChanges: ScriptedReply = {
  toolCalls: [{ name: 'submit_review', input: { verdict: 'request_changes', summary: 'Not yet.', findings: [{ file: 'src/app.txt', line: 2, severity: 'major', message: 'Say "second line" instead.' }] } }],
};
const approve: ScriptedReply = { toolCalls: [{ name: 'submit_review', input: { verdict: 'approve', summary: 'Reads well.', findings: [] } }] };

describe('kanbots run', () => {
  const context = useHostContext();
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function setup(): Promise<{ repository: TestRepository; server: ScriptedModelServer; dataDir: string; env: Record<string, string> }> {
    const repository = await createTestRepository();
    const server = await startScriptedModelServer();
    cleanups.push(() => server.close(), () => repository.cleanup());
    const dataDir = await context.temporaryDirectory();
    await (await openSettingsService({ dataDir })).update({ providers: { anthropic: { baseURL: server.anthropicBaseUrl } } });
    const env = { ...repository.gitEnvironment, ANTHROPIC_API_KEY: 'not-a-real-key', KANBOTS_SECRET_STORE: 'file', KANBOTS_CONFIG_HOME: await context.temporaryDirectory() };
    return { repository, server, dataDir, env };
  }

  function kanbots(args: string[], env: Record<string, string>, cwd = repositoryRoot) {
    const child = spawn(process.execPath, ['--conditions=kanbots-source', '--import', tsxLoader, cliEntry, ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = { stdout: '', stderr: '' };
    child.stdout!.on('data', (chunk: Buffer) => (output.stdout += chunk.toString('utf8')));
    child.stderr!.on('data', (chunk: Buffer) => (output.stderr += chunk.toString('utf8')));
    const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolvePromise) => child.once('exit', (code) => resolvePromise({ code, ...output })));
    return { child, output, exited };
  }

  it('takes a card from task to gate: changes requested once, then approved; prints a line per step; exit 0; nothing merged', { timeout: 90_000 }, async () => {
    const { repository, server, dataDir, env } = await setup();
    server.script('developer-model', [edit, finish('Spelled it out.'), { toolCalls: [{ name: 'write_file', input: { path: 'src/app.txt', content: 'line 1\nsecond line\nline 3\n' } }] }, finish('Now it says second line.')]);
    server.script('reviewer-model', [requestChanges, approve]);
    const before = await repository.git(['rev-parse', 'main']);

    await mkdir(join(repository.path, 'src', 'deep'), { recursive: true });
    // Started in a subdirectory: the repository is its top level.
    const result = await kanbots(['run', 'Spell out line two', '--developer', 'anthropic:developer-model', '--reviewer', 'anthropic:reviewer-model', '--data-dir', dataDir], env, join(repository.path, 'src', 'deep')).exited;
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^started dev-review on "Spell out line two" in .+ \(card card_\w+, run run_\w+\)$/);
    expect(lines).toContain('developer edits src/app.txt');
    expect(lines).toContain('developer finishes: Spelled it out.');
    expect(lines).toContain('review round 1: changes requested — Not yet.');
    expect(lines).toContain('  - src/app.txt:2 (major) Say "second line" instead.');
    expect(lines).toContain('developer writes src/app.txt');
    expect(lines).toContain('review round 2: approved — Reads well.');
    expect(lines.some((line) => line.startsWith('stopped for you: '))).toBe(true);
    expect(lines.at(-1)).toMatch(/^approved; the change is on branch \S+ \(merge it with --merge, open a pull request with --pr, or use the board\) \(exit code 0\)$/);
    expect(lines.indexOf('review round 1: changes requested — Not yet.')).toBeLessThan(lines.indexOf('review round 2: approved — Reads well.'));
    server.assertComplete();
    expect(await repository.git(['rev-parse', 'main'])).toBe(before);

    const board = await kanbots(['board', '--json', '--data-dir', dataDir], env).exited;
    const parsed = JSON.parse(board.stdout) as { cards: { title: string; columnId: string; target?: { repository: string } }[]; columns: { id: string; name: string }[] };
    expect(parsed.cards).toHaveLength(1);
    expect(parsed.cards[0]!.target?.repository).toBe(repository.path);
    expect(parsed.columns.find((column) => column.id === parsed.cards[0]!.columnId)?.name).toBe('Review');
  });

  it('--merge --json: JSON lines, one per event, ending with the outcome, keys redacted; the base branch has the change', { timeout: 90_000 }, async () => {
    const { repository, server, dataDir, env } = await setup();
    // The developer echoes the API key: it must not reach the output.
    server.script('developer-model', [edit, finish('Spelled it out; the key was not-a-real-key.')]);
    server.script('reviewer-model', [approve]);

    const result = await kanbots(['run', 'Spell out line two', '--repo', repository.path, '--developer', 'anthropic:developer-model', '--reviewer', 'anthropic:reviewer-model', '--merge', '--json', '--data-dir', dataDir], env).exited;
    expect(result.code, result.stderr).toBe(0);
    const events = result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as { type: string; [key: string]: unknown });
    expect(events[0]).toMatchObject({ type: 'kanbots.run.started', workflow: 'dev-review', repository: repository.path });
    expect(events.some((event) => event.type === 'run.review.submitted')).toBe(true);
    expect(events.some((event) => event.type === 'run.gate.opened')).toBe(true);
    expect(events.some((event) => event.type === 'run.finished' && event.outcome === 'merged')).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'kanbots.run.ended', outcome: 'approved', exitCode: 0, status: 'merged', reviews: 1 });
    expect(events.some((event) => event.type === 'run.agent.event' && String((event.event as { type: string }).type).startsWith('agent.text.'))).toBe(false);
    expect(await repository.git(['show', 'main:src/app.txt'])).toBe('line 1\nline two\nline 3\n');
    expect(result.stdout).not.toContain('not-a-real-key');
    expect(result.stdout).toContain('the key was [REDACTED]');
  });

  it('exits 3 when changes are still requested at the round limit, and refuses commands nobody can approve', { timeout: 90_000 }, async () => {
    const { repository, server, dataDir, env } = await setup();
    server.script('developer-model', [{ toolCalls: [{ name: 'run_command', input: { command: 'echo hello' } }] }, edit, finish('Done.')]);
    server.script('reviewer-model', [requestChanges]);

    const result = await kanbots(['run', 'Spell out line two', '--max-rounds', '1', '--developer', 'anthropic:developer-model', '--reviewer', 'anthropic:reviewer-model', '--data-dir', dataDir], env, repository.path).exited;
    expect(result.code, result.stderr).toBe(3);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines, result.stdout).toContain('developer asks to run `echo hello`');
    expect(lines.some((line) => line.startsWith('developer: refused (kanbots run is headless'))).toBe(true);
    expect(lines.at(-1)).toMatch(/^not approved: .+ \(exit code 3\)$/);
    server.assertComplete();
  });

  it('exits 4 after Ctrl-C, having cancelled the run', { timeout: 90_000 }, async () => {
    const { repository, server, dataDir, env } = await setup();
    server.script('developer-model', [{ fault: 'hang' }]);
    const running = kanbots(['run', 'Wait forever', '--developer', 'anthropic:developer-model', '--json', '--data-dir', dataDir], env, repository.path);
    await new Promise<void>((resolvePromise) => {
      const check = () => (running.output.stdout.includes('kanbots.run.started') && server.requests.length > 0 ? resolvePromise() : setTimeout(check, 50));
      check();
    });
    running.child.kill('SIGINT');
    const result = await running.exited;
    expect(result.code, result.stderr).toBe(4);
    expect(JSON.parse(result.stdout.trimEnd().split('\n').at(-1)!)).toMatchObject({ type: 'kanbots.run.ended', outcome: 'cancelled', status: 'cancelled' });
  });

  it('refuses bad arguments with a clear usage error', () => {
    const cases: [string[], RegExp][] = [
      [['run'], /Missing task/],
      [['run', 'a task', 'stray'], /Unexpected argument "stray"/],
      [['run', 'a task', '--workflow', 'best-of-seven'], /--workflow must be one of dev-review, solo/],
      [['run', 'a task', '--workflow', 'solo', '--reviewer', 'x'], /--reviewer does not apply to the solo workflow/],
      [['run', 'a task', '--max-rounds', '0'], /--max-rounds must be a number from 1 to 20/],
      [['run', 'a task', '--developer', ' '], /--developer needs a value/],
      [['run', 'a task', '--port', '1'], /--port does not apply to "kanbots run"/],
      [['serve', '--merge'], /--merge does not apply to "kanbots serve"/],
    ];
    for (const [args, message] of cases) expect(() => parseCliArguments(args), args.join(' ')).toThrow(message);
    expect(parseCliArguments(['run', 'Fix it', '--developer', 'claude-code', '--reviewer', 'anthropic:claude-sonnet-4-6', '--merge'])).toEqual({
      kind: 'run',
      task: 'Fix it',
      repo: '.',
      workflow: 'dev-review',
      developer: 'claude-code',
      reviewer: 'anthropic:claude-sonnet-4-6',
      maxRounds: undefined,
      json: false,
      merge: true,
      pullRequest: false,
      allowCommands: false,
      dataDir: undefined,
      workflowModules: [],
    });
    // A workflow of a --workflows module may be named; the built-ins the terminal cannot play may not.
    expect(parseCliArguments(['run', 'Fix it', '--workflows', 'examples/test-fix-loop-workflow.ts', '--workflow', 'test-fix-loop'])).toMatchObject({
      workflow: 'test-fix-loop',
      workflowModules: ['examples/test-fix-loop-workflow.ts'],
    });
    expect(() => parseCliArguments(['run', 'Fix it', '--workflow', 'test-fix-loop'])).toThrow(/--workflow must be one of dev-review, solo, got "test-fix-loop"/);
    expect(() => parseCliArguments(['run', 'Fix it', '--workflows', 'mine.ts', '--workflow', 'best-of-n'])).toThrow(/or a workflow of the --workflows modules/);
    expect(parseCliArguments(['serve', '--workflows', 'a.ts', '--workflows', 'b.ts'])).toMatchObject({ kind: 'serve', workflowModules: ['a.ts', 'b.ts'] });
  });

  it('exits 2 on bad usage or a --repo that is not a git repository, changing nothing', { timeout: 90_000 }, async () => {
    const dataDir = await context.temporaryDirectory();
    const cases: [string[], RegExp][] = [
      [['run'], /Missing task/],
      [['run', 'a task', '--repo', join(dataDir, 'nowhere'), '--data-dir', dataDir], /--repo .*nowhere: no such directory/],
      [['run', 'a task', '--repo', dataDir, '--data-dir', dataDir], /--repo .+: .*git/i],
    ];
    for (const [args, message] of cases) {
      const result = await kanbots(args, {}).exited;
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(message);
      expect(result.stdout, args.join(' ')).toBe('');
    }
    // Refused before the data directory is touched: there is not even a board.
    const board = await kanbots(['board', '--json', '--data-dir', dataDir], {}).exited;
    expect(board.code).toBe(1);
    expect(board.stderr).toContain('No board yet');
  });
});
