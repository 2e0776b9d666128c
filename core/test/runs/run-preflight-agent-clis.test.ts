import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RunPreflightError } from '../../src/runs/preflight-problem.js';
import { ensureAgentCli } from '../support/agent-clis.js';
import { createRunFixture, type RunFixture } from './run-fixture.js';

/**
 * The check before a run with agent CLIs, against the real Claude Code and Codex (installed on
 * demand): not installed, installed but not logged in (the real CLI pointed at an empty home),
 * and given Kanbots' key (no login needed). Nothing of the run exists when it is refused.
 */

describe('the check before a run: agent CLIs', () => {
  let claude: string;
  let codex: string;
  let fixture: RunFixture | undefined;
  beforeAll(async () => {
    [claude, codex] = await Promise.all([ensureAgentCli('claude-code'), ensureAgentCli('codex')]);
  }, 600_000);
  afterEach(async () => {
    await fixture?.cleanup();
    fixture = undefined;
  });

  async function emptyHome(current: RunFixture): Promise<Record<string, string>> {
    const home = path.join(current.dataDir, '..', 'empty-home');
    await mkdir(home, { recursive: true });
    return { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home, TMPDIR: home, HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9' };
  }

  it('finds Claude Code not installed and gives the install command', async () => {
    fixture = await createRunFixture({ executors: { claudeCode: { command: '/nonexistent/bin/claude' } } });
    const problems = await fixture.kanbots.check(fixture.cardId, 'dev-review', { models: { developer: 'claude-code' } });
    expect(problems).toEqual([
      {
        code: 'cli_not_installed',
        field: 'provider',
        roles: ['developer'],
        message: 'Claude Code is not installed on this computer (the developer would run it). Install it, then check again.',
        fix: { kind: 'command', label: 'Copy the command that installs Claude Code', command: 'npm install -g @anthropic-ai/claude-code' },
      },
    ]);
  });

  it('finds Claude Code installed (with its version) but not logged in, and refuses the run before anything exists', async () => {
    fixture = await createRunFixture();
    const env = await emptyHome(fixture);
    await fixture.reopen({ executors: { claudeCode: { command: claude }, env } });
    const options = { models: { developer: 'claude-code' } };
    const [problem, ...rest] = await fixture.kanbots.check(fixture.cardId, 'dev-review', options);
    expect(rest).toEqual([]);
    expect(problem).toEqual({
      code: 'cli_not_logged_in',
      field: 'provider',
      roles: ['developer'],
      message: 'Claude Code 2.1.197 is installed but not logged in (the developer would run it). Log in once in a terminal, then check again.',
      fix: { kind: 'command', label: 'Copy the command that logs Claude Code in', command: 'claude auth login' },
    });
    await expect(fixture.kanbots.run(fixture.cardId, 'dev-review', options)).rejects.toBeInstanceOf(RunPreflightError);
    expect(fixture.kanbots.runs.list()).toEqual([]);
    expect(await fixture.kanbots.worktrees.list()).toEqual([]);
  }, 60_000);

  it('finds Codex not logged in for every developer of best-of-N, once', async () => {
    fixture = await createRunFixture();
    const env = await emptyHome(fixture);
    await fixture.reopen({ executors: { codex: { command: codex }, env } });
    const problems = await fixture.kanbots.check(fixture.cardId, 'best-of-n', { candidates: 2, models: { developer: 'codex:gpt-5.5' } });
    expect(problems).toEqual([
      expect.objectContaining({ code: 'cli_not_logged_in', roles: ['developer'], message: expect.stringMatching(/^Codex 0\.169\.0 is installed but not logged in \(the developer 1 and developer 2 would run it\)/), fix: expect.objectContaining({ command: 'codex login' }) }),
    ]);
  }, 60_000);

  it("needs no login when Kanbots gives the CLI its key", async () => {
    fixture = await createRunFixture();
    const env = await emptyHome(fixture);
    await fixture.reopen({ executors: { claudeCode: { command: claude, apiKey: 'sk-ant-kanbots-key-for-cli-0000', baseUrl: fixture.server.anthropicBaseUrl }, env } });
    expect(await fixture.kanbots.check(fixture.cardId, 'dev-review', { models: { developer: 'claude-code' } })).toEqual([]);
  }, 60_000);
});
