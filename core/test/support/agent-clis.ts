import { spawn } from 'node:child_process';
import { access, constants, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Installs pinned agent CLIs on demand for the real-CLI tests. They are several hundred MB each,
 * so they stay out of every package.json: `npm install --prefix <repo>/.cache/agent-clis/<name>@<version>`
 * (gitignored), under a file lock so parallel test files do not race, skipped when already there.
 */

export type PinnedCliName = 'claude-code' | 'codex';

export interface PinnedCli {
  packageName: string;
  /** Exact version. Claude Code: the newest whose `engines` accepts Node 20 (2.1.198+ need Node 22). */
  version: string;
  bin: string;
}

export const pinnedAgentClis: Record<PinnedCliName, PinnedCli> = {
  'claude-code': { packageName: '@anthropic-ai/claude-code', version: '2.1.197', bin: 'claude' },
  codex: { packageName: '@openai/codex', version: '0.169.0', bin: 'codex' },
};

export const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const agentCliCacheRoot = path.join(repositoryRoot, '.cache', 'agent-clis');

const lockStaleMs = 20 * 60_000;

async function exists(file: string, mode = constants.F_OK): Promise<boolean> {
  try {
    await access(file, mode);
    return true;
  } catch {
    return false;
  }
}

async function withDirectoryLock<T>(lockDirectory: string, work: () => Promise<T>): Promise<T> {
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

/** Installs the pinned CLI if needed and returns the path of its executable. */
export async function ensureAgentCli(name: PinnedCliName): Promise<string> {
  const cli = pinnedAgentClis[name];
  const directory = path.join(agentCliCacheRoot, `${name}@${cli.version}`);
  const executable = path.join(directory, 'node_modules', '.bin', cli.bin);
  const marker = path.join(directory, '.kanbots-installed');
  if ((await exists(marker)) && (await exists(executable, constants.X_OK))) return executable;
  await mkdir(agentCliCacheRoot, { recursive: true });
  return withDirectoryLock(`${directory}.lock`, async () => {
    if ((await exists(marker)) && (await exists(executable, constants.X_OK))) return executable;
    await mkdir(directory, { recursive: true });
    await npmInstall(directory, `${cli.packageName}@${cli.version}`);
    if (!(await exists(executable, constants.X_OK))) throw new Error(`${cli.packageName}@${cli.version} installed but ${executable} is missing`);
    await writeFile(marker, `${cli.packageName}@${cli.version}\n`);
    return executable;
  });
}
