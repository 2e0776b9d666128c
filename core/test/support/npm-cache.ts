import { spawn } from 'node:child_process';
import { access, constants, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Pinned npm packages that tests need but no package.json should carry (agent CLIs of several
 * hundred MB, a Chromium build): installed on demand with `npm install --prefix
 * <repo>/.cache/<group>/<name>@<version>` (gitignored), under a directory lock so parallel test
 * files do not race, and skipped when a previous install finished (a marker file says so).
 */

export const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const cacheRoot = path.join(repositoryRoot, '.cache');

const lockStaleMs = 20 * 60_000;

export async function pathExists(file: string, mode = constants.F_OK): Promise<boolean> {
  try {
    await access(file, mode);
    return true;
  } catch {
    return false;
  }
}

export async function withDirectoryLock<T>(lockDirectory: string, work: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      await mkdir(lockDirectory);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const info = await stat(lockDirectory).catch(() => undefined);
      if (info !== undefined && Date.now() - info.mtimeMs > lockStaleMs) await rm(lockDirectory, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    return await work();
  } finally {
    await rm(lockDirectory, { recursive: true, force: true });
  }
}

function npmInstall(prefix: string, spec: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', spec], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: process.env,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`npm install ${spec} failed (${String(code)}):\n${output.slice(-2000)}`))));
  });
}

export interface CachedPackage {
  /** Subfolder of `.cache/` (e.g. `agent-clis`). */
  group: string;
  /** Folder name inside the group (defaults to `<packageName>@<version>`). */
  name: string;
  packageName: string;
  version: string;
  /** The file that must exist once installed (relative to the install folder). */
  expect: string;
  /** Extra work after `npm install` (e.g. unpacking), run once under the same lock. */
  prepare?: (directory: string) => Promise<void>;
}

/** Installs the pinned package if needed; returns its install folder. */
export async function ensureCachedPackage(spec: CachedPackage): Promise<string> {
  const groupDirectory = path.join(cacheRoot, spec.group);
  const directory = path.join(groupDirectory, spec.name);
  const expected = path.join(directory, spec.expect);
  const marker = path.join(directory, '.kanbots-installed');
  const ready = async () => (await pathExists(marker)) && (await pathExists(expected));
  if (await ready()) return directory;
  await mkdir(groupDirectory, { recursive: true });
  return withDirectoryLock(`${directory}.lock`, async () => {
    if (await ready()) return directory;
    await mkdir(directory, { recursive: true });
    await npmInstall(directory, `${spec.packageName}@${spec.version}`);
    await spec.prepare?.(directory);
    if (!(await pathExists(expected))) throw new Error(`${spec.packageName}@${spec.version} installed but ${expected} is missing`);
    await writeFile(marker, `${spec.packageName}@${spec.version}\n`);
    return directory;
  });
}
