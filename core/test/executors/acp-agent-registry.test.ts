import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigurationError, ValidationError } from '../../src/errors.js';
import { AcpAgentRegistry, builtInAcpAgents } from '../../src/executors/acp/acp-agent-registry.js';
import { detectAcpAgent, detectAcpAgents } from '../../src/executors/acp/detect-acp-agents.js';
import { scriptedAcpAgentProcess } from '../../src/testing/acp/index.js';

// The registry of ACP agents and their detection: built-ins, a user's own agent (the scripted ACP
// agent, a real process) detected through a real ACP handshake, the Node check, and bad input.
const directories: string[] = [];
afterEach(async () => {
  for (const directory of directories.splice(0)) await rm(directory, { recursive: true, force: true });
});

async function scriptedAgentDefinition(name = 'my-agent'): Promise<{ name: string; command: string; args: string[]; env: Record<string, string> }> {
  const directory = await mkdtemp(path.join(tmpdir(), 'kanbots-acp-registry-'));
  directories.push(directory);
  const agent = await scriptedAcpAgentProcess(directory, { name: 'scripted', turns: [] });
  return { name, command: agent.command, args: agent.args, env: agent.env };
}

describe('ACP agent registry', () => {
  it('knows Claude Code, Codex, Gemini CLI and OpenCode, each with how to install it', () => {
    const registry = new AcpAgentRegistry();
    expect(registry.names()).toEqual(['claude-code-acp', 'codex-acp', 'gemini', 'opencode']);
    expect(registry.get('gemini')).toMatchObject({ command: 'gemini', args: ['--acp'], installCommand: 'npm install -g @google/gemini-cli' });
    expect(registry.get('opencode')).toMatchObject({ command: 'opencode', args: ['acp'] });
    for (const agent of builtInAcpAgents) expect(agent.installCommand).toMatch(/^npm install -g /);
  });

  it('adds a user’s own agent and refuses bad or clashing definitions without changing anything', async () => {
    const registry = new AcpAgentRegistry([await scriptedAgentDefinition()]);
    expect(registry.get('my-agent')).toMatchObject({ label: 'my-agent', userDefined: true });
    expect(() => registry.register({ name: 'gemini', command: 'x' })).toThrow(ConfigurationError);
    expect(() => registry.register({ name: 'Bad Name', command: 'x' })).toThrow(ValidationError);
    expect(() => registry.register({ name: 'ok', command: '' })).toThrow(ValidationError);
    expect(() => registry.register({ name: 'ok', command: 'x', extra: true })).toThrow(ValidationError);
    expect(() => registry.get('nobody')).toThrow(/No ACP agent named "nobody"/);
    expect(registry.names()).toEqual(['claude-code-acp', 'codex-acp', 'gemini', 'opencode', 'my-agent']);
  });
});

describe('detecting ACP agents', () => {
  it('detects a user’s agent through the ACP handshake: version, sessions, credential', async () => {
    const registry = new AcpAgentRegistry([await scriptedAgentDefinition()]);
    const detected = await detectAcpAgent(registry.get('my-agent'), { env: { PATH: process.env['PATH'] ?? '' } });
    expect(detected).toMatchObject({ installed: true, name: 'my-agent', version: '1.0.0', protocolVersion: 1, canContinueSessions: true, loginMethods: [], credential: 'cli-login' });
  });

  it('says what is missing: not on PATH, a Node too old, a program that does not speak ACP', async () => {
    const registry = new AcpAgentRegistry();
    const results = await detectAcpAgents(registry, { env: { PATH: '/nonexistent' } });
    expect(results.map((result) => result.installed)).toEqual([false, false, false, false]);
    expect(results[0]).toMatchObject({ problem: 'claude-agent-acp was not found on this computer.', installCommand: 'npm install -g @agentclientprotocol/claude-agent-acp' });

    const definition = { ...(await scriptedAgentDefinition()), label: 'Future agent', installCommand: 'n/a', minimumNodeMajor: 99 };
    const tooOld = await detectAcpAgent(definition, { env: { PATH: path.dirname(process.execPath) } });
    expect(tooOld).toMatchObject({ installed: false });
    expect(tooOld.installed === false && tooOld.problem).toMatch(/^Future agent needs Node 99 or newer; the node on PATH is \d+\.\d+\.\d+\./);

    const notAcp = await detectAcpAgent({ name: 'true', label: 'true', command: '/bin/true', installCommand: 'n/a' }, { env: { PATH: '/usr/bin:/bin' } });
    expect(notAcp).toMatchObject({ installed: false, problem: '/bin/true started but did not speak ACP (it ended or answered with an error).' });
  });
});
