import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const examples = join(dirname(fileURLToPath(import.meta.url)), '..');
const repositoryRoot = join(examples, '..');

function run(file: string): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--conditions=kanbots-source', '--import', 'tsx', join(examples, file)],
      { cwd: repositoryRoot, env: { ...process.env, ANTHROPIC_API_KEY: '', OPENAI_API_KEY: '' }, timeout: 50_000, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => resolve({ stdout, stderr, code: error ? Number(error.code ?? 1) : 0 }),
    );
  });
}

async function expectedOutput(file: string): Promise<string[]> {
  const source = await readFile(join(examples, file), 'utf8');
  const closing = source.slice(source.lastIndexOf('// Expected output:') + '// Expected output:'.length);
  return closing
    .split('\n')
    .map((line) => line.replace(/^\/\/ ?/, ''))
    .filter((line) => line.trim().length > 0);
}

describe('examples/dev-review-loop.ts', () => {
  it('runs a dev ⇄ review loop (changes requested once, then approved, then merged) printing what the closing comment says', async () => {
    const { stdout, stderr, code } = await run('dev-review-loop.ts');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.split('\n').filter((line) => line.trim().length > 0);
    expect(lines).toEqual(await expectedOutput('dev-review-loop.ts'));
    expect(lines[0]).toMatch(/^review round 1: request_changes/);
    expect(lines[1]).toBe('review round 2: approve');
    expect(lines).toContain('run merged');
  });
});
