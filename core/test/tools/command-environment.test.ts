import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildCommandEnvironment, isSecretVariableName } from '../../src/agents/tools/command-environment.js';
import { runCommand } from '../../src/agents/tools/command-runner.js';
import { executeTool } from '../../src/agents/tools/define-tool.js';
import { runCommandTool } from '../../src/agents/tools/run-command-tool.js';
import { createToolSandbox, type ToolSandbox } from './tool-test-context.js';

const secrets: Record<string, string> = {
  ANTHROPIC_API_KEY: 'sk-ant-test-aaaaaaaaaaaaaaaaaaaaaaaa',
  OPENAI_API_KEY: 'sk-test-bbbbbbbbbbbbbbbbbbbbbbbbbbbb',
  OPENAI_ORG_ID: 'org-openai-value-0001',
  GITHUB_TOKEN: 'ghp_cccccccccccccccccccccccccccccc',
  GH_HOST_VALUE: 'gh-host-value-0002',
  AWS_SECRET_ACCESS_KEY: 'aws-secret-value-0003',
  AWS_REGION: 'aws-region-value-0004',
  MY_SERVICE_PASSWORD: 'password-value-0005',
  DB_CREDENTIALS: 'credential-value-0006',
  HTTP_AUTH_HEADER: 'auth-value-0007',
  LC_SESSION_TOKEN: 'lc-token-value-0008',
  custom_secret: 'lowercase-secret-value-0009',
  DATABASE_URL: 'postgres://user:not-allowlisted-0010@db',
};

let sandbox: ToolSandbox;
const saved: Record<string, string | undefined> = {};
beforeEach(() => {
  sandbox = createToolSandbox();
  for (const [name, value] of Object.entries(secrets)) {
    saved[name] = process.env[name];
    process.env[name] = value;
  }
  saved['LC_ALL'] = process.env['LC_ALL'];
  process.env['LC_ALL'] = 'C.UTF-8';
});
afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  sandbox.cleanup();
});

describe('command environment', () => {
  it('real `env` output of a command contains no secret value', async () => {
    const result = await runCommand('env', { cwd: sandbox.worktree });
    expect(result.exitCode).toBe(0);
    for (const value of Object.values(secrets)) expect(result.stdout).not.toContain(value);
    for (const name of Object.keys(secrets)) expect(result.stdout).not.toMatch(new RegExp(`^${name}=`, 'm'));
  });

  it('keeps the allowlisted basics so ordinary commands work', async () => {
    const outcome = await executeTool(runCommandTool, { command: 'env' }, sandbox.context());
    expect(outcome.isError).toBe(false);
    const stdout = String(outcome.data?.['stdout']);
    expect(stdout).toMatch(/^PATH=/m);
    expect(stdout).toMatch(/^LC_ALL=C\.UTF-8$/m);
    expect(stdout).toMatch(/^GIT_TERMINAL_PROMPT=0$/m);
    for (const value of Object.values(secrets)) expect(JSON.stringify(outcome)).not.toContain(value);
  });

  it('filters secrets passed as extra variables too', () => {
    const environment = buildCommandEnvironment({ PATH: '/bin', HOME: '/home/x' }, { extra: { NPM_TOKEN: 'n', CI: '1', SOME_API_KEY: 'k' } });
    expect(environment).toEqual({ PATH: '/bin', HOME: '/home/x', CI: '1', GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', PAGER: 'cat' });
  });

  it('names that look like credentials are secret', () => {
    for (const name of ['OPENAI_BASE_URL', 'AWS_PROFILE', 'GITHUB_ACTOR', 'GH_HOST', 'x_auth', 'session_token', 'My_Password']) {
      expect(isSecretVariableName(name)).toBe(true);
    }
    for (const name of ['PATH', 'HOME', 'LANG', 'LC_ALL']) expect(isSecretVariableName(name)).toBe(false);
  });
});
