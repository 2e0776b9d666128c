import { RUN_UPDATED_TOPIC, runViewSchema, type RunView } from '@kanbots/core/protocol';
import { eventsOf } from '@kanbots/core';
import { afterEach, describe, expect, it } from 'vitest';
import { startDemo, type RunningDemo } from '../../src/host/demo.js';
import { openClient, type ProtocolTestClient } from './host-test-context.js';

/** The user's settings apply to runs started from the UI: the default tool policy, the limits. */

let demo: RunningDemo | undefined;
let client: ProtocolTestClient | undefined;
afterEach(async () => {
  client?.socket.close();
  await demo?.stop();
  demo = undefined;
  client = undefined;
});

async function command<T>(name: string, args: unknown): Promise<T> {
  const reply = await client!.command(`${name}-${Math.random()}`, name, args);
  if (!reply.ok) throw new Error(`${name} failed: ${reply.error.message}`);
  return reply.result as T;
}

describe('settings as run defaults', () => {
  it("starts runs with the settings' tool policy (run_command allowed → no approval) and applies new limits at once", async () => {
    demo = await startDemo({ latencyMs: 5, chunkDelayMs: 1 });
    client = await openClient(demo.host.port, demo.host.token);
    await command('settings.update', { patch: { toolPolicy: { default: 'allow', rules: { run_command: 'allow' } }, limits: { global: 2 } } });
    expect(demo.host.kanbots.scheduler().limits.global).toBe(2);

    const started = await command<RunView>('run.start', { cardId: demo.cardId, workflow: 'dev-review' });
    const gate = await client.next((message) =>
      eventsOf(message).some((event) => event.topic === RUN_UPDATED_TOPIC && runViewSchema.parse(event.data).id === started.id && runViewSchema.parse(event.data).gate !== undefined),
    );
    expect(gate).toBeDefined();
    const views = client.received.flatMap((message) => eventsOf(message)).filter((event) => event.topic === RUN_UPDATED_TOPIC).map((event) => runViewSchema.parse(event.data));
    expect(views.some((view) => view.pendingApprovals.length > 0)).toBe(false);
    const developer = views.at(-1)!.agents.find((agent) => agent.id === 'developer')!;
    expect(developer.toolCalls.find((call) => call.name === 'run_command')?.status).toBe('done');
  });
});
