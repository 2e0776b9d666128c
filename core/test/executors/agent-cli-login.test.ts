import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAgentCliLogin, parseClaudeAuthStatus, parseCodexLoginStatus } from '../../src/executors/agent-cli-login.js';
import { ensureAgentCli } from '../support/agent-clis.js';

/**
 * Whether Claude Code and Codex are logged in, asked of the real CLIs (installed on demand into
 * .cache/agent-clis) with a private, empty home — the state of a machine where nobody logged in —
 * and after a login the CLI itself wrote. The parsers are held to the outputs the CLIs printed.
 */

describe('reading the login state the CLIs print', () => {
  it('Claude Code: `claude auth status --json`', () => {
    expect(parseClaudeAuthStatus('{\n  "loggedIn": false,\n  "authMethod": "none",\n  "apiProvider": "firstParty"\n}\n', 1)).toEqual({ state: 'not-logged-in' });
    expect(parseClaudeAuthStatus('{"loggedIn": true, "authMethod": "claude.ai", "apiProvider": "firstParty", "subscriptionType": "pro"}', 0)).toEqual({ state: 'logged-in', method: 'a Claude account' });
    expect(parseClaudeAuthStatus('{"loggedIn": true, "authMethod": "api_key", "apiKeySource": "ANTHROPIC_API_KEY"}', 0)).toEqual({ state: 'logged-in', method: 'an API key' });
    expect(parseClaudeAuthStatus('Segmentation fault', 0)).toMatchObject({ state: 'unknown' });
  });

  it('Codex: `codex login status` (on stderr, after warnings); the masked key it prints is not passed on', () => {
    const warning = 'WARNING: proceeding, even though we could not create PATH aliases: Refusing to create helper binaries under temporary dir "/tmp"';
    expect(parseCodexLoginStatus(`${warning}\nNot logged in\n`, 1)).toEqual({ state: 'not-logged-in' });
    const withKey = parseCodexLoginStatus(`${warning}\nAPI key configured - sk-test-***45678\nAuthentication is checked when you send a request.\n`, 0);
    expect(withKey).toEqual({ state: 'logged-in', method: 'an API key' });
    expect(JSON.stringify(withKey)).not.toContain('45678');
    expect(parseCodexLoginStatus('Logged in using ChatGPT\n', 0)).toEqual({ state: 'logged-in', method: 'a ChatGPT account' });
    expect(parseCodexLoginStatus('Error loading configuration: CODEX_HOME points to "/x", but that path does not exist\n', 1)).toMatchObject({ state: 'unknown' });
  });
});

describe('asking the real CLIs', () => {
  let claude: string;
  let codex: string;
  let root: string;
  beforeAll(async () => {
    [claude, codex] = await Promise.all([ensureAgentCli('claude-code'), ensureAgentCli('codex')]);
    root = await mkdtemp(path.join(tmpdir(), 'kanbots-cli-login-'));
  }, 600_000);
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function emptyHome(name: string): Promise<Record<string, string>> {
    const home = path.join(root, name);
    await mkdir(home, { recursive: true });
    // No network: a proxy nobody listens on (the status commands must not need one).
    return { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home, TMPDIR: home, HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9', NO_PROXY: '' };
  }

  it('Claude Code with an empty home is not logged in, even with a key in the environment (runs do not get it)', async () => {
    const env = await emptyHome('claude-empty');
    expect(await checkAgentCliLogin('claude-code', { executable: claude, env: { ...env, ANTHROPIC_API_KEY: 'sk-ant-from-the-host-environment-0000' } })).toEqual({ state: 'not-logged-in' });
  }, 60_000);

  it('Claude Code with its own credentials file is logged in', async () => {
    const env = await emptyHome('claude-login');
    await mkdir(path.join(env['HOME']!, '.claude'), { recursive: true });
    const credentials = { claudeAiOauth: { accessToken: 'sk-ant-oat01-test-only', refreshToken: 'refresh-test-only', expiresAt: Date.now() + 86_400_000, scopes: ['user:inference'], subscriptionType: 'pro' } };
    await writeFile(path.join(env['HOME']!, '.claude', '.credentials.json'), JSON.stringify(credentials), { mode: 0o600 });
    expect(await checkAgentCliLogin('claude-code', { executable: claude, env })).toEqual({ state: 'logged-in', method: 'a Claude account' });
  }, 60_000);

  it('Codex with an empty home is not logged in (and its home is not created)', async () => {
    const env = await emptyHome('codex-empty');
    expect(await checkAgentCliLogin('codex', { executable: codex, env })).toEqual({ state: 'not-logged-in' });
    await expect(access(path.join(env['HOME']!, '.codex'))).rejects.toThrow();
    const withHome = { ...env, CODEX_HOME: path.join(env['HOME']!, 'codex-home') };
    await mkdir(withHome.CODEX_HOME, { recursive: true });
    expect(await checkAgentCliLogin('codex', { executable: codex, env: withHome })).toEqual({ state: 'not-logged-in' });
  }, 60_000);

  it('Codex after `codex login --with-api-key` is logged in with an API key', async () => {
    const env = await emptyHome('codex-login');
    const codexHome = path.join(env['HOME']!, '.codex');
    await mkdir(codexHome, { recursive: true });
    await new Promise<void>((resolve, reject) => {
      const child = execFile(codex, ['login', '--with-api-key'], { env: { ...env, CODEX_HOME: codexHome } }, (error) => (error ? reject(error) : resolve()));
      child.stdin?.end('sk-test-login-only-0123456789\n');
    });
    expect(await checkAgentCliLogin('codex', { executable: codex, env })).toEqual({ state: 'logged-in', method: 'an API key' });
  }, 60_000);
});
