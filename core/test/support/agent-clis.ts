import path from 'node:path';
import { cacheRoot, ensureCachedPackage, repositoryRoot } from './npm-cache.js';

/**
 * Installs pinned agent CLIs on demand for the real-CLI tests. They are several hundred MB each,
 * so they stay out of every package.json: `npm install --prefix <repo>/.cache/agent-clis/<name>@<version>`
 * (gitignored), through the shared on-demand installer (./npm-cache.ts).
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

export { repositoryRoot };
export const agentCliCacheRoot = path.join(cacheRoot, 'agent-clis');

/** Installs the pinned CLI if needed and returns the path of its executable. */
export async function ensureAgentCli(name: PinnedCliName): Promise<string> {
  const cli = pinnedAgentClis[name];
  const directory = await ensureCachedPackage({
    group: 'agent-clis',
    name: `${name}@${cli.version}`,
    packageName: cli.packageName,
    version: cli.version,
    expect: path.join('node_modules', '.bin', cli.bin),
  });
  return path.join(directory, 'node_modules', '.bin', cli.bin);
}
