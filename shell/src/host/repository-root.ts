import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';

/**
 * The top level of the git repository a directory is in (`git rev-parse --show-toplevel`), or
 * the reason there is none (not a directory, not in a repository, git missing). Never throws.
 */
export async function repositoryRoot(directory: string): Promise<{ path: string } | { problem: string }> {
  const isDirectory = await stat(directory).then((info) => info.isDirectory(), () => false);
  if (!isDirectory) return { problem: 'no such directory' };
  return new Promise((resolvePromise) => {
    execFile('git', ['rev-parse', '--show-toplevel'], { cwd: resolve(directory), windowsHide: true }, (error, stdout) => {
      if (error === null) return resolvePromise({ path: resolve(stdout.trim()) });
      resolvePromise({ problem: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'git is not installed (it is needed to work on a repository)' : 'not inside a git repository' });
    });
  });
}
