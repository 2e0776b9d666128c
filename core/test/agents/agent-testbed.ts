import { SimulatedClock } from 'xstate';
import type { AgentEvent, AgentEventType } from '../../src/agents/agent-events.js';
import { createAgentActor, type AgentActor, type AgentActorOptions, type AgentActorRuntimeOptions } from '../../src/agents/create-agent-actor.js';
import type { AgentTool } from '../../src/agents/tools/tool.js';
import { developerTools } from '../../src/agents/tools/tool-sets.js';
import { createAnthropicModel } from '../../src/providers/anthropic/anthropic-model.js';
import type { ModelPort } from '../../src/providers/model-port.js';
import { createOpenAIModel } from '../../src/providers/openai/openai-model.js';
import { createTestRepository, type TestRepository } from '../../src/testing/git-fixtures.js';
import { startScriptedModelServer, type ScriptedModelServer } from '../../src/testing/scripted-model-server/index.js';

/**
 * What the agent tests share: a real git repository as worktree, the scripted model server on
 * 127.0.0.1, the real adapters pointed at it, a simulated scheduler clock (backoffs and
 * timeouts advance only when a test says so) and a log of the agent's events.
 */

/** A fake key: tests assert it never shows up in an event or a snapshot. */
export const testApiKey = 'sk-kanbots-test-4f1d9a7c2b-never-log-me';

export type AdapterKind = 'anthropic' | 'openai-chat' | 'openai-responses';
export const adapterKinds: readonly AdapterKind[] = ['anthropic', 'openai-chat', 'openai-responses'];

export function createModel(kind: AdapterKind, server: ScriptedModelServer): ModelPort {
  if (kind === 'anthropic') return createAnthropicModel({ apiKey: testApiKey, baseURL: server.anthropicBaseUrl });
  return createOpenAIModel({ apiKey: testApiKey, baseURL: server.openaiBaseUrl, api: kind === 'openai-chat' ? 'chat' : 'responses' });
}

/** The built-in developer tools, as a developer persona gets them. */
export function builtInTestTools(): AgentTool[] {
  return developerTools();
}

export class EventLog {
  readonly events: AgentEvent[] = [];
  private waiters: { predicate: (event: AgentEvent) => boolean; resolve: (event: AgentEvent) => void }[] = [];

  attach(actor: AgentActor): void {
    actor.on('*', (event) => {
      this.events.push(event);
      this.waiters = this.waiters.filter((waiter) => {
        if (!waiter.predicate(event)) return true;
        waiter.resolve(event);
        return false;
      });
    });
  }

  /** The first event (already seen or still to come) of `type` that matches. */
  waitFor<T extends AgentEventType>(type: T, predicate: (event: Extract<AgentEvent, { type: T }>) => boolean = () => true): Promise<Extract<AgentEvent, { type: T }>> {
    const matches = (event: AgentEvent): boolean => event.type === type && predicate(event as Extract<AgentEvent, { type: T }>);
    const seen = this.events.find(matches);
    if (seen) return Promise.resolve(seen as Extract<AgentEvent, { type: T }>);
    return new Promise((resolve) => this.waiters.push({ predicate: matches, resolve: resolve as (event: AgentEvent) => void }));
  }

  finished(): Promise<Extract<AgentEvent, { type: 'agent.finished' }>> {
    return this.waitFor('agent.finished');
  }

  ofType<T extends AgentEventType>(type: T): Extract<AgentEvent, { type: T }>[] {
    return this.events.filter((event): event is Extract<AgentEvent, { type: T }> => event.type === type);
  }

  /** Top-level states in order, starting with the first one entered. */
  states(): string[] {
    return this.ofType('agent.state.changed').map((event) => event.to);
  }

  /** Event types with consecutive text deltas collapsed into one. */
  outline(): string[] {
    const types = this.events.map((event) => event.type);
    return types.filter((type, index) => !(type === 'agent.text.delta' && types[index - 1] === 'agent.text.delta'));
  }
}

export interface AgentTestbed {
  server: ScriptedModelServer;
  repository: TestRepository;
  /** XState's scheduler clock: backoff delays and idle timeouts fire only on `increment`. */
  clock: SimulatedClock;
  startAgent(options?: Partial<AgentActorOptions> & { kind?: AdapterKind }, runtime?: AgentActorRuntimeOptions): { actor: AgentActor; log: EventLog };
  cleanup(): Promise<void>;
}

export async function openAgentTestbed(): Promise<AgentTestbed> {
  const server = await startScriptedModelServer();
  const repository = await createTestRepository();
  const clock = new SimulatedClock();
  const actors: AgentActor[] = [];
  return {
    server,
    repository,
    clock,
    startAgent(options = {}, runtime = {}) {
      const { kind = 'anthropic', ...overrides } = options;
      const actor = createAgentActor(
        {
          id: 'agent_1',
          model: createModel(kind, server),
          modelName: 'scripted-model',
          system: 'You are a careful developer.',
          tools: builtInTestTools(),
          worktree: repository.path,
          clock,
          random: () => 0.5,
          ...overrides,
        },
        { schedulerClock: clock, ...runtime },
      );
      const log = new EventLog();
      log.attach(actor);
      actors.push(actor);
      actor.start();
      return { actor, log };
    },
    async cleanup() {
      for (const actor of actors) actor.stop();
      await server.close();
      await repository.cleanup();
    },
  };
}

/** Polls until `condition` holds (a hang guard, not a timing assertion). */
export async function until(condition: () => boolean, what: string, limitMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > limitMs) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The JSON of every request the server received after the first `skip`. */
export function requestBodies(server: ScriptedModelServer, skip = 0): string[] {
  return server.requests.filter((request) => request.outcome !== 'auxiliary').slice(skip).map((request) => JSON.stringify(request.body));
}
