import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectAgentCli, detectAgentClis, parseCliVersion } from '../../src/executors/detect-agent-clis.js';
import { ensureAgentCli, pinnedAgentClis } from '../support/agent-clis.js';

let claudePath: string;
let codexPath: string;
let scratch: string;

beforeAll(async () => {
  [claudePath, codexPath] = await Promise.all([ensureAgentCli('claude-code'), ensureAgentCli('codex')]);
  scratch = await mkdtemp(path.join(tmpdir(), 'kanbots-detect-'));
}, 600_000);

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('detecting agent CLIs', () => {
  it('finds both CLIs on PATH and reports their versions and the credential a run will use', async () => {
    const searchPath = [path.dirname(claudePath), path.dirname(codexPath)].join(path.delimiter);
    const [claude, codex] = await detectAgentClis({ 'claude-code': { searchPath, hasApiKey: true }, codex: { searchPath } });
    expect(claude).toEqual({
      name: 'claude-code', installed: true, path: claudePath, version: pinnedAgentClis['claude-code'].version,
      credential: 'kanbots-api-key', credentialDescription: "Kanbots' API key",
    });
    expect(codex).toMatchObject({ name: 'codex', installed: true, version: pinnedAgentClis.codex.version, credential: 'cli-login', credentialDescription: "the CLI's own login" });
  });

  it('accepts a configured path', async () => {
    expect(await detectAgentCli('codex', { executablePath: codexPath, searchPath: '' })).toMatchObject({ installed: true, path: codexPath });
  });

  it('says how to install a CLI that is not there', async () => {
    const result = await detectAgentCli('claude-code', { searchPath: scratch });
    expect(result).toEqual({ name: 'claude-code', installed: false, message: 'claude is not installed (not found on PATH); install with: npm i -g @anthropic-ai/claude-code' });
  });

  it('gives up on a CLI that does not answer --version in time', async () => {
    const stuck = path.join(scratch, 'codex');
    await writeFile(stuck, '#!/bin/sh\nexec sleep 30\n');
    await chmod(stuck, 0o755);
    const result = await detectAgentCli('codex', { searchPath: scratch, timeoutMs: 200 });
    expect(result).toMatchObject({ installed: false, message: expect.stringContaining('--version failed (it did not answer in time)') });
  });

  it('parses the version out of each CLI banner', () => {
    expect(parseCliVersion('2.1.197 (Claude Code)')).toBe('2.1.197');
    expect(parseCliVersion('codex-cli 0.169.0')).toBe('0.169.0');
    expect(parseCliVersion('no version here')).toBeUndefined();
  });
});
