import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AgentCommand } from '../../src/agents/agent-commands.js';
import type { AgentEvent } from '../../src/agents/agent-events.js';
import type { ToolPolicy } from '../../src/agents/tools/tool.js';
import type { AgentKind, HostedAgent, HostedAgentFactory } from '../../src/runs/agent-host.js';
import { startScriptedModelServer, type ScriptedModelServer, type ScriptedToolCall } from '../../src/testing/index.js';
import { createAgentWorkspace, eventually, startOutsideTrafficTrap, type AgentWorkspace, type OutsideTrafficTrap } from './agent-cli-test-context.js';

/**
 * The contract of the executor port (STYLE §12): what the run layer drives — a `HostedAgentFactory`
 * and the `HostedAgent` it makes — behaves the same for Kanbots' built-in agent and for each agent
 * CLI. Every control goes in as an `AgentCommand` (START, USER_MESSAGE, APPROVE, DENY, PAUSE,
 * RESUME, CANCEL) and everything comes out as `AgentEvent`s; a persisted snapshot restores through
 * the factory. Each executor runs this suite from its own test file, against the scripted model
 * server, in a real git worktree, with outside traffic trapped.
 */

export interface ContractAgentOptions {
  agentId: string;
  worktree: string;
  env: Record<string, string>;
  policy: ToolPolicy;
  server: ScriptedModelServer;
}

export interface ExecutorContractHarness {
  kind: AgentKind;
  /** The model the agent asks for: the scripted server's lane. */
  model: string;
  /** The key the executor is given: it must never reach an event or a snapshot. */
  apiKey: string;
  /** Whether the executor can stop and ask the person (APPROVE / DENY answer it); agent CLIs in `-p` mode cannot. */
  asksForApproval: boolean;
  /** Once, before the suite (installs a CLI). */
  prepare?(): Promise<void>;
  factory(options: ContractAgentOptions): HostedAgentFactory;
  /** The model's tool call that writes `content` to `relativePath` in the worktree, in the executor's own tools. */
  writeFileCall(worktree: string, relativePath: string, content: string): ScriptedToolCall;
  /** Processes (CLI process groups) started since the last `resetProcesses`. */
  processes(): { started: number; alive: number };
  resetProcesses(): void;
  /** Whether the snapshot of a run in flight holds enough to continue it (a CLI needs its session id). */
  resumable(agent: HostedAgent): boolean;
}

interface ContractAgent {
  agent: HostedAgent;
  events: AgentEvent[];
  send(command: AgentCommand): void;
  types(): string[];
}

function transitions(events: readonly AgentEvent[]): string[] {
  return events.flatMap((event) => (event.type === 'agent.state.changed' ? [`${event.from}→${event.to}`] : []));
}

/** The phases entered, with the built-in agent's inner steps and the CLI's one `running` both read as `working`. */
function phases(events: readonly AgentEvent[]): string[] {
  const settled = new Set(['idle', 'paused', 'done', 'failed', 'cancelled']);
  const read = events.flatMap((event) => (event.type === 'agent.state.changed' ? [settled.has(event.to) ? event.to : 'working'] : []));
  return read.filter((phase, index) => phase !== read[index - 1]);
}

function requestsTo(server: ScriptedModelServer, model: string): string[] {
  return server.requests.filter((request) => request.lane === model && request.outcome !== 'auxiliary').map((request) => JSON.stringify(request.body));
}

export function runExecutorContract(name: string, harness: ExecutorContractHarness): void {
  describe(`executor contract: ${name}`, () => {
    let server: ScriptedModelServer;
    let trap: OutsideTrafficTrap;
    let workspace: AgentWorkspace;
    const running: HostedAgent[] = [];
    const { model } = harness;

    beforeAll(async () => {
      await harness.prepare?.();
      server = await startScriptedModelServer();
      trap = await startOutsideTrafficTrap();
    }, 600_000);

    afterAll(async () => {
      await server?.close();
      await trap?.close();
    });

    beforeEach(async () => {
      server.reset();
      harness.resetProcesses();
      workspace = await createAgentWorkspace(trap);
    });

    afterEach(async () => {
      for (const agent of running.splice(0)) agent.stop();
      await eventually(() => harness.processes().alive === 0, 'every process the executor started to end');
      await workspace.cleanup();
      expect(trap.connections).toBe(0);
    });

    function start(options: { snapshot?: unknown; policy?: ToolPolicy; worktree?: string } = {}): ContractAgent {
      const factory = harness.factory({
        agentId: 'dev_1',
        worktree: options.worktree ?? workspace.worktree,
        env: workspace.env,
        policy: options.policy ?? { default: 'allow' },
        server,
      });
      expect(factory.kind).toBe(harness.kind);
      const agent = factory.create(options.snapshot, { beforeToolRun: async () => undefined });
      const events: AgentEvent[] = [];
      agent.onEvent((event) => events.push(event));
      running.push(agent);
      agent.start();
      return { agent, events, send: (command) => agent.send(command), types: () => events.map((event) => event.type) };
    }

    function settled(agent: HostedAgent, phase: 'done' | 'paused' | 'failed' | 'cancelled' | 'awaitingApproval', extra: () => boolean = () => true): Promise<void> {
      return eventually(() => agent.context().phase === phase && extra(), `the agent to be ${phase}`);
    }

    it('START runs the task in the worktree: the file is written, the events are the shared vocabulary, the result is the answer', async () => {
      server.script(model, [{ text: 'Writing it.', toolCalls: [harness.writeFileCall(workspace.worktree, 'hello.txt', 'hello from the agent\n')] }, { text: 'Created hello.txt.' }]);
      const { agent, events, send, types } = start();
      send({ type: 'START', task: 'Create hello.txt saying hello.' });
      await settled(agent, 'done');

      expect(await readFile(path.join(workspace.worktree, 'hello.txt'), 'utf8')).toBe('hello from the agent\n');
      expect(types()).toContain('agent.tool.started');
      expect(types().indexOf('agent.tool.finished')).toBeGreaterThan(types().indexOf('agent.tool.started'));
      expect(events.filter((event) => event.type === 'agent.tool.finished').every((event) => event.type === 'agent.tool.finished' && !event.isError)).toBe(true);
      expect(types()).toContain('agent.turn.ended');
      expect(types().filter((type) => type === 'agent.finished')).toHaveLength(1);
      expect(events.at(-1)).toMatchObject({ type: 'agent.finished', status: 'done', result: 'Created hello.txt.', agentId: 'dev_1' });
      expect(events.every((event) => event.agentId === 'dev_1' && typeof event.at === 'number')).toBe(true);
      expect(phases(events)).toEqual(['working', 'done']);
      expect(transitions(events)[0]).toMatch(/^idle→/);
      expect(agent.context()).toMatchObject({ phase: 'done', result: 'Created hello.txt.' });
      expect(agent.context().usage.inputTokens).toBeGreaterThan(0);
      expect(agent.status()).toBe('active');
      expect(JSON.stringify(agent.persistedSnapshot((value) => value))).not.toContain(harness.apiKey);
      expect(JSON.stringify(events)).not.toContain(harness.apiKey);
      server.assertComplete();
    });

    it('USER_MESSAGE after done continues the same conversation; APPROVE and DENY of no pending call change nothing', async () => {
      server.script(model, [{ text: 'Noted the word.' }]);
      const { agent, events, send } = start();
      send({ type: 'START', task: 'Remember the word PELICAN.' });
      await settled(agent, 'done');

      const before = agent.persistenceKey();
      send({ type: 'APPROVE', callId: 'call_nothing' });
      send({ type: 'DENY', callId: 'call_nothing', reason: 'no' });
      expect(agent.context().phase).toBe('done');
      expect(agent.persistenceKey()).toBe(before);

      server.script(model, [{ text: 'It was PELICAN.' }]);
      send({ type: 'USER_MESSAGE', text: 'What was the word?' });
      await settled(agent, 'done', () => events.filter((event) => event.type === 'agent.finished').length === 2);

      const second = requestsTo(server, model).at(-1) ?? '';
      expect(second).toContain('PELICAN');
      expect(second).toContain('Noted the word.');
      expect(second).toContain('What was the word?');
      expect(events.filter((event) => event.type === 'agent.finished').map((event) => event.type === 'agent.finished' && event.result)).toEqual(['Noted the word.', 'It was PELICAN.']);
      expect(phases(events)).toEqual(['working', 'done', 'working', 'done']);
      server.assertComplete();
    });

    it('a USER_MESSAGE sent while working is answered in the same conversation; a finished snapshot restores as done and goes on', async () => {
      // The first answer waits until the follow-up has been sent, so it arrives while the agent works.
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      server.script(model, [
        async () => {
          await held;
          return { text: 'Noted KESTREL.' };
        },
      ]);
      server.respond(model, () => ({ text: 'Noted FALCON.' }));
      const first = start();
      first.send({ type: 'START', task: 'Remember the word KESTREL.' });
      await eventually(() => requestsTo(server, model).length > 0, 'the agent to call the model');
      first.send({ type: 'USER_MESSAGE', text: 'Also remember FALCON.' });
      release();
      await settled(first.agent, 'done', () => requestsTo(server, model).length === 2);
      expect(first.events.filter((event) => event.type === 'agent.finished')).toHaveLength(1);
      const both = requestsTo(server, model).at(-1) ?? '';
      expect(both).toContain('KESTREL');
      expect(both).toContain('Also remember FALCON.');
      expect(first.agent.context().result).toBe('Noted FALCON.');
      server.reset();

      const persisted: unknown = JSON.parse(JSON.stringify(first.agent.persistedSnapshot((value) => value)));
      first.agent.stop();
      const factory = harness.factory({ agentId: 'dev_1', worktree: workspace.worktree, env: workspace.env, policy: { default: 'allow' }, server });
      const restored = factory.restore(persisted, []);
      expect(restored.interrupted).toBe(false);
      const second = start({ snapshot: restored.snapshot });
      expect(second.agent.context().phase).toBe('done');
      server.script(model, [{ text: 'KESTREL and FALCON.' }]);
      second.send({ type: 'USER_MESSAGE', text: 'Which two words?' });
      await settled(second.agent, 'done', () => second.events.some((event) => event.type === 'agent.finished'));

      const last = requestsTo(server, model).at(-1) ?? '';
      expect(last).toContain('KESTREL');
      expect(last).toContain('FALCON');
      expect(last).toContain('Which two words?');
      expect(second.agent.context().result).toBe('KESTREL and FALCON.');
      server.assertComplete();
    });

    it('PAUSE lets the running tool finish and stops; RESUME carries on with the same task', async () => {
      server.script(model, [{ toolCalls: [harness.writeFileCall(workspace.worktree, 'paused.txt', 'written before the pause\n')] }, { fault: 'hang' }]);
      const { agent, events, send, types } = start();
      const whileWorking: boolean[] = [];
      agent.onEvent((event) => {
        if (event.type !== 'agent.tool.started') return;
        whileWorking.push(agent.can({ type: 'PAUSE' }), agent.context().pauseRequested);
        send({ type: 'PAUSE' });
        // Once the PAUSE is taken (the tool still runs: it ends at the next I/O at the earliest), a pause is under way.
        queueMicrotask(() => whileWorking.push(agent.context().pauseRequested));
      });
      expect(agent.can({ type: 'PAUSE' })).toBe(false);
      send({ type: 'START', task: 'Write paused.txt, then stop.' });
      await settled(agent, 'paused');

      // The statechart says what the agent takes: PAUSE while working (a pause is then under way), RESUME once paused.
      expect(whileWorking).toEqual([true, false, true]);
      expect(agent.can({ type: 'PAUSE' })).toBe(false);
      expect(agent.can({ type: 'RESUME' })).toBe(true);
      expect(agent.context().pauseRequested).toBe(false);

      expect(await readFile(path.join(workspace.worktree, 'paused.txt'), 'utf8')).toBe('written before the pause\n');
      expect(types()).toContain('agent.tool.finished');
      expect(types()).not.toContain('agent.finished');
      await eventually(() => harness.processes().alive === 0, 'the paused executor to leave no process running');

      server.reset();
      server.script(model, [{ text: 'Resumed and finished.' }]);
      send({ type: 'RESUME' });
      await settled(agent, 'done');

      expect(requestsTo(server, model).at(-1)).toContain('Write paused.txt, then stop.');
      expect(events.at(-1)).toMatchObject({ type: 'agent.finished', status: 'done', result: 'Resumed and finished.' });
      expect(phases(events)).toEqual(['working', 'paused', 'working', 'done']);
      expect(agent.can({ type: 'RESUME' })).toBe(false);
      expect(agent.can({ type: 'USER_MESSAGE', text: 'more' })).toBe(true);
      server.assertComplete();
    });

    it('CANCEL stops a request in flight: cancelled with the reason, one agent.finished, nothing left running', async () => {
      server.script(model, [{ fault: 'hang' }]);
      const { agent, events, send } = start();
      send({ type: 'START', task: 'Take forever.' });
      await eventually(() => requestsTo(server, model).length > 0, 'the agent to call the model');
      send({ type: 'CANCEL', reason: 'changed my mind' });
      await settled(agent, 'cancelled');

      await eventually(() => harness.processes().alive === 0, 'the cancelled executor to leave no process');
      expect(agent.status()).toBe('done');
      expect(events.filter((event) => event.type === 'agent.finished')).toHaveLength(1);
      expect(events.at(-1)).toMatchObject({ type: 'agent.finished', status: 'cancelled', reason: 'changed my mind' });
      expect(phases(events)).toEqual(['working', 'cancelled']);
    });

    it('a snapshot persisted mid-run restores through the factory as interrupted and paused; RESUME finishes the task', async () => {
      server.script(model, [{ fault: 'hang' }]);
      const first = start();
      first.send({ type: 'START', task: 'Remember the word HERON, then say done.' });
      await eventually(() => requestsTo(server, model).length > 0 && harness.resumable(first.agent), 'the agent to call the model');
      const persisted: unknown = JSON.parse(JSON.stringify(first.agent.persistedSnapshot((value) => value)));
      first.agent.stop(); // the host goes away: the run is cut off
      await eventually(() => harness.processes().alive === 0, 'the first run to end');

      server.reset();
      server.script(model, [{ text: 'Done, the word was HERON.' }]);
      const factory = harness.factory({ agentId: 'dev_1', worktree: workspace.worktree, env: workspace.env, policy: { default: 'allow' }, server });
      const restored = factory.restore(persisted, []);
      expect(restored.interrupted).toBe(true);
      const second = start({ snapshot: restored.snapshot });
      expect(second.agent.context().phase).toBe('paused');
      second.send({ type: 'RESUME' });
      await settled(second.agent, 'done');

      expect(requestsTo(server, model).at(-1)).toContain('HERON');
      expect(second.events.at(-1)).toMatchObject({ type: 'agent.finished', status: 'done', result: 'Done, the word was HERON.' });
      server.assertComplete();
    });

    it('a provider failure fails the agent with one agent.error and a reason; a USER_MESSAGE then continues', async () => {
      server.script(model, [{ fault: 'status', status: 401 }]);
      const { agent, events, send, types } = start();
      send({ type: 'START', task: 'Say hi.' });
      await settled(agent, 'failed');

      expect(types().filter((type) => type === 'agent.error')).toHaveLength(1);
      expect(events.find((event) => event.type === 'agent.error')).toMatchObject({ error: { name: 'ProviderError', code: 'provider_auth' } });
      expect(events.at(-1)).toMatchObject({ type: 'agent.finished', status: 'failed', reason: 'provider_error' });
      expect(agent.context().failure).toMatchObject({ reason: 'provider_error', error: { code: 'provider_auth' } });

      server.script(model, [{ text: 'Hi.' }]);
      send({ type: 'USER_MESSAGE', text: 'Try again.' });
      await settled(agent, 'done');
      expect(agent.context()).toMatchObject({ result: 'Hi.', lastError: null });
      expect(phases(events)).toEqual(['working', 'failed', 'working', 'done']);
    });

    it('a worktree that does not exist fails the agent as preparation_failed, asking no model and starting nothing', async () => {
      const { agent, events, send } = start({ worktree: path.join(workspace.home, 'missing') });
      send({ type: 'START', task: 'Anything.' });
      await settled(agent, 'failed');

      expect(harness.processes().started).toBe(0);
      expect(server.requests.filter((request) => request.outcome !== 'auxiliary')).toHaveLength(0);
      expect(events.filter((event) => event.type === 'agent.error')).toHaveLength(1);
      expect(events.find((event) => event.type === 'agent.error')).toMatchObject({ error: { name: 'ConfigurationError', code: 'configuration' } });
      expect(events.at(-1)).toMatchObject({ type: 'agent.finished', status: 'failed', reason: 'preparation_failed', agentId: 'dev_1' });
    });

    it('an edit the policy asks about never happens without the person: APPROVE runs it and DENY refuses it where the executor can ask; else it is refused', async () => {
      const policy: ToolPolicy = { default: 'allow', rules: { write_file: 'ask', edit_file: 'ask' } };
      server.script(model, [
        { toolCalls: [harness.writeFileCall(workspace.worktree, 'denied.txt', 'denied content\n')] },
        { toolCalls: [harness.writeFileCall(workspace.worktree, 'approved.txt', 'approved content\n')] },
        { text: 'Finished.' },
      ]);
      const { agent, events, send } = start({ policy });
      const contentOf = (name: string) => readFile(path.join(workspace.worktree, name), 'utf8').catch(() => 'absent');
      const asked = () => events.flatMap((event) => (event.type === 'agent.tool.approval.requested' ? [event.callId] : []));
      send({ type: 'START', task: 'Write denied.txt and approved.txt.' });

      if (harness.asksForApproval) {
        await settled(agent, 'awaitingApproval');
        expect(await contentOf('denied.txt')).toBe('absent');
        send({ type: 'DENY', callId: asked()[0] ?? '', reason: 'not that one', by: 'person' });
        await settled(agent, 'awaitingApproval', () => asked().length === 2);
        expect(await contentOf('approved.txt')).toBe('absent');
        send({ type: 'APPROVE', callId: asked()[1] ?? '', by: 'person' });
        await settled(agent, 'done');
        expect(await contentOf('approved.txt')).toBe('approved content\n');
        const resolved = events.filter((event) => event.type === 'agent.tool.approval.resolved');
        expect(resolved).toMatchObject([
          { approved: false, by: 'person', reason: 'not that one' },
          { approved: true, by: 'person' },
        ]);
      } else {
        await settled(agent, 'done');
        expect(asked()).toEqual([]);
        expect(await contentOf('approved.txt')).toBe('absent');
        // An executor that reports the refused call reports it failed (Codex 0.169 does not report a
        // command its read-only sandbox refused at all; the model is told, and the file is not written).
        expect(events.filter((event) => event.type === 'agent.tool.finished' && !event.isError)).toEqual([]);
      }
      expect(await contentOf('denied.txt')).toBe('absent');
      expect(events.at(-1)).toMatchObject({ type: 'agent.finished', status: 'done', result: 'Finished.' });
      server.assertComplete();
    });
  });
}
