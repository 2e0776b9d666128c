import { execFile } from 'node:child_process';
import * as acp from '@agentclientprotocol/sdk';
import { describeCredential, type AgentCliCredential } from '../agent-cli-credential.js';
import { findOnPath, parseCliVersion } from '../detect-agent-clis.js';
import type { AcpAgentDefinition, AcpAgentRegistry } from './acp-agent-registry.js';
import { startAcpProcess } from './acp-process.js';

/**
 * Detects an ACP agent the way a run would start it: found on PATH (or at its path), the Node it
 * needs checked against the `node` on that PATH, then a real ACP `initialize` handshake that
 * says its name, version, whether it can continue sessions and how it logs in. Never reads a key.
 */

export type AcpAgentDetection =
  | {
      name: string;
      label: string;
      installed: true;
      version: string;
      /** ACP protocol version it speaks (Kanbots speaks 1). */
      protocolVersion: number;
      canContinueSessions: boolean;
      /** The login methods it offers (`initialize.authMethods`), by name. */
      loginMethods: string[];
      credential: AgentCliCredential;
      credentialDescription: string;
      installCommand: string;
    }
  | { name: string; label: string; installed: false; problem: string; installCommand: string };

export interface DetectAcpAgentOptions {
  /** The environment runs get (PATH decides which agent and which node are found). Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Whether Kanbots holds a key for the agent's provider. */
  hasApiKey?: boolean;
  /** Limit of the handshake and of `node --version`; default 15 000 ms. */
  timeoutMs?: number;
}

function nodeVersion(executable: string, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(executable, ['--version'], { timeout: timeoutMs, killSignal: 'SIGKILL' }, (error, stdout) => resolve(error ? undefined : parseCliVersion(stdout)));
  });
}

function definedEnvironment(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) result[key] = value;
  return result;
}

export async function detectAcpAgent(definition: AcpAgentDefinition, options: DetectAcpAgentOptions = {}): Promise<AcpAgentDetection> {
  const env = options.env ?? process.env;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const base = { name: definition.name, label: definition.label, installCommand: definition.installCommand };
  const searchPath = env['PATH'] ?? '';
  const executable = definition.command.includes('/') ? definition.command : await findOnPath(definition.command, searchPath);
  if (executable === undefined) return { ...base, installed: false, problem: `${definition.command} was not found on this computer.` };
  if (definition.minimumNodeMajor !== undefined) {
    const node = await findOnPath('node', searchPath);
    const version = node === undefined ? undefined : await nodeVersion(node, timeoutMs);
    const major = version === undefined ? undefined : Number(version.split('.')[0]);
    if (major === undefined) return { ...base, installed: false, problem: `${definition.label} needs Node ${definition.minimumNodeMajor} or newer, and no node was found on PATH.` };
    if (major < definition.minimumNodeMajor) {
      return { ...base, installed: false, problem: `${definition.label} needs Node ${definition.minimumNodeMajor} or newer; the node on PATH is ${version}. Install a newer Node, or put one first on PATH.` };
    }
  }
  const proc = startAcpProcess({ command: executable, args: definition.args ?? [], cwd: env['HOME'] ?? process.cwd(), env: { ...definedEnvironment(env), ...definition.env }, killGraceMs: 500 });
  const connection = acp.client({ name: 'kanbots' }).connect(proc.stream);
  try {
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timeoutMs).unref());
    const answer = await Promise.race([
      connection.agent.request('initialize', { protocolVersion: acp.PROTOCOL_VERSION, clientCapabilities: {}, clientInfo: { name: 'kanbots', version: '0.1.0' } }),
      proc.exited.then(() => 'exited' as const),
      timeout,
    ]).catch(() => 'failed' as const);
    if (answer === 'timeout') return { ...base, installed: false, problem: `${definition.command} did not answer the ACP handshake in time.` };
    if (answer === 'exited' || answer === 'failed') return { ...base, installed: false, problem: `${definition.command} started but did not speak ACP (it ended or answered with an error).` };
    const capabilities = answer.agentCapabilities ?? {};
    return {
      ...base,
      installed: true,
      version: answer.agentInfo?.version ?? 'unknown',
      protocolVersion: answer.protocolVersion,
      canContinueSessions: capabilities.loadSession === true || capabilities.sessionCapabilities?.resume != null,
      loginMethods: (answer.authMethods ?? []).map((method) => method.name),
      ...describeCredential(options.hasApiKey ?? false),
    };
  } finally {
    connection.close();
    await proc.stop();
  }
}

/** Every agent of the registry, detected in parallel. */
export function detectAcpAgents(registry: AcpAgentRegistry, options: DetectAcpAgentOptions & { apiKeys?: readonly string[] } = {}): Promise<AcpAgentDetection[]> {
  return Promise.all(
    registry.list().map((definition) =>
      detectAcpAgent(definition, { ...options, hasApiKey: definition.keyVariable !== undefined && (options.apiKeys ?? []).includes(definition.keyVariable) }),
    ),
  );
}
