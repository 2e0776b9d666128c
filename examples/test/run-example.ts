import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const examples = join(dirname(fileURLToPath(import.meta.url)), '..');
const repositoryRoot = join(examples, '..');

/**
 * Runs an example as a newcomer would (`node --conditions=kanbots-source --import tsx examples/<file>`),
 * without any real API key in its environment. A hang is killed at 50 s so the test reports the
 * output it got instead of timing out silently.
 */
export function runExample(file: string): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--conditions=kanbots-source', '--import', 'tsx', join(examples, file)],
      { cwd: repositoryRoot, env: { ...process.env, ANTHROPIC_API_KEY: '', OPENAI_API_KEY: '' }, timeout: 50_000, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => resolve({ stdout, stderr, code: error ? Number(error.code ?? 1) : 0 }),
    );
  });
}

/** The expected output is the example's closing comment: the example and its comment must agree. */
export async function expectedOutput(file: string): Promise<string[]> {
  const source = await readFile(join(examples, file), 'utf8');
  const closing = source.slice(source.lastIndexOf('// Expected output:') + '// Expected output:'.length);
  return closing
    .split('\n')
    .map((line) => line.replace(/^\/\/ ?/, ''))
    .filter((line) => line.trim().length > 0);
}
