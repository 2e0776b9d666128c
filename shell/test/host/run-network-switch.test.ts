import { createServer, type Server } from 'node:net';
import { eventsOf, type EventMessage } from '@kanbots/core';
import { detectCommandSandbox } from '@kanbots/core/internals';
import { RUN_UPDATED_TOPIC, runViewSchema, type RunView } from '@kanbots/core/protocol';
import { demoModels, startScriptedModelServer, type ScriptedModelServer } from '@kanbots/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type RunningDemo } from '../../src/host/demo.js';
import { openClient, type ProtocolTestClient } from './host-test-context.js';

/**
 * The run form's "Commands may use the network" reaches the OS sandbox: through `run.start`
 * (as the form sends it), an agent's approved command tries to reach a listener on 127.0.0.1 —
 * refused with the switch off (the default), connected with it on. Real host, real WebSocket,
 * real bubblewrap; where the platform has no sandbox there is nothing to switch and it is skipped.
 */
const sandbox = detectCommandSandbox();

describe.skipIf(sandbox.kind !== 'bubblewrap')('the per-run network switch', () => {
  let server: ScriptedModelServer;
  let demo: RunningDemo;
  let client: ProtocolTestClient;
  let listener: Server;
  let port = 0;

  beforeAll(async () => {
    listener = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    port = (listener.address() as { port: number }).port;
    server = await startScriptedModelServer();
    demo = await startDemo({ server });
    client = await openClient(demo.host.port, demo.host.token);
  });

  afterAll(async () => {
    client?.socket.terminate();
    await demo?.stop();
    await server?.close();
    await new Promise((resolve) => listener?.close(resolve));
  });

  async function waitForRun(runId: string, predicate: (view: RunView) => boolean): Promise<RunView> {
    const matches = (event: EventMessage): boolean => event.topic === RUN_UPDATED_TOPIC && runViewSchema.parse(event.data).id === runId && predicate(runViewSchema.parse(event.data));
    const message = await client.next((candidate) => eventsOf(candidate).some(matches));
    return runViewSchema.parse(eventsOf(message).find(matches)!.data);
  }

  async function commandOutput(network: 'off' | 'on' | undefined, title: string): Promise<string> {
    const create = await client.command(`create-${title}`, 'card.create', { title, target: { repository: demo.repository, baseBranch: 'main' } });
    if (!create.ok) throw new Error(create.error.message);
    const cardId = (create.result as { createdId: string }).createdId;
    const probe = `node -e "require('net').connect(${port},'127.0.0.1').on('connect',()=>{console.log('connected');process.exit(0)}).on('error',(e)=>{console.log('refused '+e.code);process.exit(0)})"`;
    server.script(demoModels.developer, [
      { toolCalls: [{ name: 'run_command', input: { command: probe } }] },
      { toolCalls: [{ name: 'finish', input: { summary: 'Probed the network.' } }] },
    ]);
    const started = await client.command(`start-${title}`, 'run.start', { cardId, workflow: 'solo', options: { repository: demo.repository, baseBranch: 'main', ...(network ? { network } : {}) } });
    if (!started.ok) throw new Error(started.error.message);
    const runId = (started.result as RunView).id;
    const asking = await waitForRun(runId, (view) => view.pendingApprovals.length > 0);
    const approval = asking.pendingApprovals[0]!;
    const approved = await client.command(`approve-${title}`, 'run.approve', { runId, agentId: approval.agentId, callId: approval.callId });
    if (!approved.ok) throw new Error(approved.error.message);
    const done = await waitForRun(runId, (view) => view.gate !== undefined);
    return done.agents.flatMap((agent) => agent.toolCalls).find((call) => call.name === 'run_command')?.content ?? '';
  }

  it('has no network when the run does not ask for it', async () => {
    expect(await commandOutput(undefined, 'Default')).toMatch(/refused/);
    expect(await commandOutput('off', 'Off')).toMatch(/refused/);
  }, 60_000);

  it('reaches the network when the run turns it on', async () => {
    expect(await commandOutput('on', 'On')).toMatch(/connected/);
  }, 60_000);
});
