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
      { cwd: repositoryRoot, env: { ...process.env, ANTHROPIC_API_KEY: '', OPENAI_API_KEY: '' } },
      (error, stdout, stderr) => resolve({ stdout, stderr, code: error ? Number(error.code ?? 1) : 0 }),
    );
  });
}

/** The expected output is the example's closing comment: the example and its comment must agree. */
async function expectedOutput(file: string): Promise<string[]> {
  const source = await readFile(join(examples, file), 'utf8');
  const closing = source.slice(source.lastIndexOf('// Expected output:') + '// Expected output:'.length);
  return closing
    .split('\n')
    .map((line) => line.replace(/^\/\/ ?/, ''))
    .filter((line) => line.trim().length > 0);
}

describe('examples/solo-agent.ts', () => {
  it('runs one agent that reads, edits and finishes, printing what the closing comment says', async () => {
    const { stdout, stderr, code } = await run('solo-agent.ts');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.split('\n').filter((line) => line.trim().length > 0);
    expect(lines).toEqual(await expectedOutput('solo-agent.ts'));
    expect(lines.at(-1)).toBe('src/app.txt is now "line 1\\nline two\\nline 3\\n"');
    expect(lines).toContain('agent.finished done {"summary":"Spelled out line two."}');
  });
});
