import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { RunFixture } from './run-fixture.js';

const run = promisify(execFile);

/** The npm settings of the test project: no registry, no audit, caches and logs beside the repository (never the user's). */
const npmrc = 'offline=true\naudit=false\nfund=false\nupdate-notifier=false\ncache=${KANBOTS_ROOT_PATH}/../npm-cache\nlogs-dir=${KANBOTS_ROOT_PATH}/../npm-logs\n';

/**
 * A Node project whose one dependency is a local tarball (`file:`), locked, so `npm ci` installs it
 * with no registry; `.env` ignored and listed in `.worktreeinclude`; setup `npm ci`.
 */
export async function nodeProject(target: RunFixture, settings: Record<string, unknown>): Promise<void> {
  const { repository } = target;
  const library = join(repository.path, '..', 'local-lib');
  await mkdir(library, { recursive: true });
  await writeFile(join(library, 'package.json'), JSON.stringify({ name: 'local-lib', version: '1.0.0', main: 'index.js' }));
  await writeFile(join(library, 'index.js'), 'module.exports = { answer: 42 };\n');
  await mkdir(join(repository.path, 'vendor'), { recursive: true });
  const environment = { ...process.env, KANBOTS_ROOT_PATH: repository.path };
  await run('npm', ['pack', '--silent', '--pack-destination', join(repository.path, 'vendor'), library], { cwd: repository.path, env: environment });
  await repository.writeFiles({
    '.npmrc': npmrc,
    '.gitignore': 'node_modules\n.env\n',
    '.worktreeinclude': '.env\n',
    'package.json': JSON.stringify({ name: 'project', version: '1.0.0', private: true, dependencies: { 'local-lib': 'file:vendor/local-lib-1.0.0.tgz' } }, null, 2),
    '.kanbots/config.json': JSON.stringify({ worktrees: settings }),
  });
  await run('npm', ['install', '--package-lock-only', '--silent'], { cwd: repository.path, env: environment });
  await repository.commitAll('a node project');
  await repository.writeFiles({ '.env': 'GREETING=hello from .env\n' });
}

