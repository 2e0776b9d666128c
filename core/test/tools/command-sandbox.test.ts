import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/agents/tools/command-runner.js';
import { executeTool } from '../../src/agents/tools/define-tool.js';
import { createRunCommandTool } from '../../src/agents/tools/run-command-tool.js';
import { detectCommandSandbox } from '../../src/agents/tools/sandbox/detect-sandbox.js';
import { startCommandHost } from './command-host.js';

/**
 * What a command in the sandbox can reach, probed with real commands in a Kanbots-like layout: a
 * home with secrets in it, holding the repository (`~/code/repository`), the Kanbots data
 * directory (`~/.local/share/kanbots`) with the card's linked worktree on a `kanbots/…` branch,
 * and the Kanbots configuration directory with a secrets file; and a file outside it all. Every
 * probe prints a marker when it succeeds; the markers must never appear.
 */

let base: string;
let home: string;
let repository: string;
let dataDir: string;
let configDir: string;
let worktree: string;
let outsideFile: string;
const marker = `SANDBOX-SECRET-${process.pid}-${Date.now()}`;
const saved: Record<string, string | undefined> = {};

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
}

beforeAll(() => {
  base = realpathSync(mkdtempSync(path.join(tmpdir(), 'kanbots-sandbox-')));
  home = path.join(base, 'home');
  repository = path.join(home, 'code', 'repository');
  dataDir = path.join(home, '.local', 'share', 'kanbots');
  configDir = path.join(home, '.config', 'kanbots');
  outsideFile = path.join(base, 'outside.txt');
  for (const directory of [home, path.join(home, '.ssh'), repository, dataDir, configDir]) mkdirSync(directory, { recursive: true });
  writeFileSync(path.join(home, '.ssh', 'id_ed25519'), `${marker}-ssh-key`);
  writeFileSync(path.join(home, '.gitconfig'), '[user]\n\tname = Sandbox User\n\temail = sandbox-user@kanbots.invalid\n');
  writeFileSync(path.join(configDir, 'secrets.json'), JSON.stringify({ anthropic: `${marker}-anthropic` }));
  writeFileSync(path.join(dataDir, 'board.json'), JSON.stringify({ note: `${marker}-board` }));
  writeFileSync(outsideFile, `${marker}-outside`);
  for (const name of ['HOME', 'KANBOTS_HOME', 'KANBOTS_CONFIG_HOME']) saved[name] = process.env[name];
  process.env['HOME'] = home;
  process.env['KANBOTS_HOME'] = dataDir;
  process.env['KANBOTS_CONFIG_HOME'] = configDir;

  git(repository, 'init', '-q', '-b', 'main');
  git(repository, 'config', 'commit.gpgsign', 'false');
  writeFileSync(path.join(repository, 'README.md'), 'hello\n');
  git(repository, 'add', 'README.md');
  git(repository, 'commit', '-qm', 'initial');
  worktree = path.join(dataDir, 'worktrees', 'repository-1', 'card-1');
  mkdirSync(path.dirname(worktree), { recursive: true });
  git(repository, 'worktree', 'add', '-q', '-b', 'kanbots/card-1', worktree, 'main');
  // Uncommitted work in the user's own checkout, and another card's worktree beside this one.
  writeFileSync(path.join(repository, 'local-notes.txt'), `${marker}-user-checkout`);
  mkdirSync(path.join(dataDir, 'worktrees', 'repository-1', 'card-2'), { recursive: true });
  writeFileSync(path.join(dataDir, 'worktrees', 'repository-1', 'card-2', 'notes.txt'), `${marker}-other-card`);
});

afterAll(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  if (base !== undefined && existsSync(base)) rmSync(base, { recursive: true, force: true });
});

const run = (command: string, network: 'off' | 'on' = 'off') => runCommand(command, { cwd: worktree, sandbox: { network }, killGraceMs: 300 });

describe('the command sandbox (bubblewrap)', () => {
  it('is available on this machine (CI installs bubblewrap)', () => {
    expect(detectCommandSandbox()).toMatchObject({ kind: 'bubblewrap' });
  });

  it("cannot read the secrets in home, the Kanbots config and data directories, another card's worktree, or a file outside the worktree", async () => {
    const probes = [
      path.join(home, '.ssh', 'id_ed25519'),
      path.join(configDir, 'secrets.json'),
      path.join(dataDir, 'board.json'),
      path.join(dataDir, 'worktrees', 'repository-1', 'card-2', 'notes.txt'),
      path.join(repository, 'local-notes.txt'),
      outsideFile,
    ];
    const result = await run(`${probes.map((file) => `cat '${file}'`).join('; ')}; ls -a '${home}' '${dataDir}' '${path.dirname(worktree)}'; echo probed`);
    expect(result.sandbox.kind).toBe('bubblewrap');
    expect(result.stdout).toContain('probed');
    expect(result.stdout + result.stderr).not.toContain(marker);
    expect(result.stdout).not.toContain('board.json');
    expect(result.stdout).not.toContain('.ssh');
  });

  it("cannot read the host's environment through /proc (a new PID namespace)", async () => {
    const host = startCommandHost(
      { command: 'cat /proc/{{hostPid}}/environ; cat /proc/$PPID/environ; for file in /proc/[0-9]*/environ; do cat "$file"; done; echo probed', cwd: worktree },
      { KANBOTS_TEST_HOST_SECRET: `${marker}-host-environment` },
    );
    const result = await host.result;
    expect(result?.['hostEnvironmentHasSecret']).toBe(true);
    expect((result?.['sandbox'] as { kind: string }).kind).toBe('bubblewrap');
    expect(String(result?.['stdout'])).toContain('probed');
    expect(JSON.stringify(result)).not.toContain(marker);
  });

  it('cannot write outside the worktree, nor git config, hooks or the user\'s branches', async () => {
    const common = path.join(repository, '.git');
    const before = {
      config: readFileSync(path.join(common, 'config'), 'utf8'),
      main: git(repository, 'rev-parse', 'main'),
      outside: readFileSync(outsideFile, 'utf8'),
    };
    const attempts = [
      `echo PWNED > '${outsideFile}'`,
      `echo PWNED > '${path.join(base, 'new-outside.txt')}'`,
      `echo PWNED > '${path.join(home, '.bashrc')}'`,
      `echo PWNED > '${path.join(repository, 'README.md')}'`,
      `echo '[core] hooksPath = /tmp' >> '${path.join(common, 'config')}'`,
      'git config core.hooksPath /tmp',
      'git config core.fsmonitor "touch /tmp/fsmonitor-ran"',
      `printf '#!/bin/sh\\necho PWNED\\n' > '${path.join(common, 'hooks', 'post-checkout')}'`,
      `echo 'gitdir: /tmp/elsewhere' > .git`,
      'git branch -f main HEAD',
      'git update-ref refs/heads/main HEAD',
      `echo PWNED > /tmp/kanbots-sandbox-probe-${process.pid}`,
    ];
    const result = await run(attempts.map((attempt) => `(${attempt}) 2>/dev/null`).join('; ') + '; echo probed');
    expect(result.stdout).toContain('probed');
    // Paths outside the worktree that exist in the sandbox at all are on its private, throw-away
    // file systems; the host's files are what must not change.
    expect(existsSync(`/tmp/kanbots-sandbox-probe-${process.pid}`)).toBe(false);
    expect(readFileSync(outsideFile, 'utf8')).toBe(before.outside);
    expect(existsSync(path.join(base, 'new-outside.txt'))).toBe(false);
    expect(existsSync(path.join(home, '.bashrc'))).toBe(false);
    expect(readFileSync(path.join(repository, 'README.md'), 'utf8')).toBe('hello\n');
    expect(readFileSync(path.join(common, 'config'), 'utf8')).toBe(before.config);
    expect(existsSync(path.join(common, 'hooks', 'post-checkout'))).toBe(false);
    expect(readFileSync(path.join(worktree, '.git'), 'utf8')).toContain(path.join(common, 'worktrees'));
    expect(git(repository, 'rev-parse', 'main')).toBe(before.main);
  });

  it('commits in the linked worktree, with the identity of the hidden ~/.gitconfig', async () => {
    const result = await run('echo change > feature.txt && git add feature.txt && git commit -qm "agent commit" && git log -1 --format=%an/%ae');
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout.trim()).toBe('Sandbox User/sandbox-user@kanbots.invalid');
    expect(git(repository, 'log', '-1', '--format=%s', 'kanbots/card-1').trim()).toBe('agent commit');
    expect(git(repository, 'status', '--porcelain').trim()).toBe('?? local-notes.txt');
  });

  it('runs npm-style test commands: node on PATH, system directories readable, a writable private home', async () => {
    writeFileSync(path.join(worktree, 'package.json'), JSON.stringify({ name: 'probe', version: '1.0.0', scripts: { test: 'node -e "console.log(\'tests ran on\', process.version)"' } }));
    const result = await run('npm test --silent && touch "$HOME/.probe" && echo home-writable');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(`tests ran on ${process.version}`);
    expect(result.stdout).toContain('home-writable');
    expect(existsSync(path.join(home, '.probe'))).toBe(false);
  });

  describe('network', () => {
    let server: Server;
    let port: number;
    let connections = 0;
    beforeAll(async () => {
      server = createServer((socket) => {
        connections += 1;
        socket.end('HELLO-FROM-HOST\n');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as { port: number }).port;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    const probe = (): string =>
      `node -e "const s=require('net').connect(${port},'127.0.0.1');s.on('data',d=>{process.stdout.write('GOT '+d);process.exit(0)});s.on('error',e=>{console.log('NO NETWORK',e.code);process.exit(1)})"`;

    it('is off by default: a listener on the host loopback is unreachable', async () => {
      const before = connections;
      const result = await run(probe());
      expect(result.stdout).toContain('NO NETWORK');
      expect(result.stdout).not.toContain('HELLO-FROM-HOST');
      expect(connections).toBe(before);
      expect(result.sandbox.network).toBe('off');
    });

    it("is on when the run's policy allows it", async () => {
      const tool = createRunCommandTool();
      const outcome = await executeTool(tool, { command: probe() }, { worktree, signal: new AbortController().signal, policy: { default: 'allow', network: 'on' } });
      expect(outcome.data?.['stdout']).toContain('GOT HELLO-FROM-HOST');
      expect(outcome.content).toContain('network on');
      expect(connections).toBeGreaterThan(0);
    });
  });
});

describe('without a usable sandbox', () => {
  const missing = { bubblewrapPath: path.join(tmpdir(), 'no-such-dir', 'bwrap') };

  it('auto runs the command and says plainly on the result that it was not sandboxed', async () => {
    const tool = createRunCommandTool({ sandbox: missing });
    const outcome = await executeTool(tool, { command: 'echo ran' }, { worktree, signal: new AbortController().signal });
    expect(outcome.isError).toBe(false);
    expect(outcome.data?.['stdout']).toBe('ran\n');
    expect(outcome.content).toContain('Not sandboxed: bubblewrap is not installed');
    expect(outcome.data?.['sandbox']).toMatchObject({ kind: 'none' });
  });

  it('required refuses to run the command, with a clear error, and nothing happens', async () => {
    const tool = createRunCommandTool({ sandbox: missing });
    const outcome = await executeTool(tool, { command: 'touch refused-command-ran' }, { worktree, signal: new AbortController().signal, policy: { default: 'allow', sandbox: 'required' } });
    expect(outcome.isError).toBe(true);
    expect(outcome.content).toContain('Commands must run in a sandbox');
    expect(outcome.content).toContain('bubblewrap is not installed');
    expect((outcome.data?.['error'] as { name: string }).name).toBe('CommandSandboxUnavailableError');
    expect(existsSync(path.join(worktree, 'refused-command-ran'))).toBe(false);
  });

  it('off runs the command unsandboxed and says so', async () => {
    const result = await runCommand('echo ran', { cwd: worktree, sandbox: { mode: 'off' } });
    expect(result.stdout).toBe('ran\n');
    expect(result.sandbox).toMatchObject({ kind: 'none', notice: expect.stringContaining('the "sandbox" setting is "off"') });
  });
});
