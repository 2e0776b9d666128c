import { createServer, type Server } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openAgentTestbed, type AgentTestbed } from '../agents/agent-testbed.js';

/**
 * The run's tool policy reaches the command sandbox through the agent: an agent whose policy
 * says `network: 'on'` runs commands that reach a listener on the host's loopback; with the
 * default policy the same command has no network.
 */

let server: Server;
let port: number;
beforeAll(async () => {
  server = createServer((socket) => socket.end('HELLO-FROM-HOST\n'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

let testbed: AgentTestbed;
beforeEach(async () => {
  testbed = await openAgentTestbed();
  const probe = `node -e "const s=require('net').connect(${port},'127.0.0.1');s.on('data',d=>{process.stdout.write('GOT '+d);process.exit(0)});s.on('error',e=>{console.log('NO NETWORK',e.code);process.exit(1)})"`;
  testbed.server.script([{ toolCalls: [{ id: 'probe_1', name: 'run_command', input: { command: probe } }] }, { text: 'Done.' }]);
});
afterEach(async () => {
  await testbed.cleanup();
});

describe("the run's network switch", () => {
  it('is off by default: the agent\'s command cannot reach the host', async () => {
    const { actor, log } = testbed.startAgent({ policy: { default: 'allow' } });
    actor.send({ type: 'START', task: 'Probe the network.' });
    await log.finished();
    const finished = log.ofType('agent.tool.finished')[0];
    expect(finished?.content).toContain('NO NETWORK');
    expect(finished?.content).toContain('network off');
  });

  it("is on when the run's policy turns it on", async () => {
    const { actor, log } = testbed.startAgent({ policy: { default: 'allow', network: 'on' } });
    actor.send({ type: 'START', task: 'Probe the network.' });
    await log.finished();
    const finished = log.ofType('agent.tool.finished')[0];
    expect(finished?.content).toContain('GOT HELLO-FROM-HOST');
    expect(finished?.content).toContain('network on');
  });
});
