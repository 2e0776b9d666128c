import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAgentTestbed, testApiKey, type AgentTestbed } from './agent-testbed.js';

/** The API key never reaches an emitted event or a persisted snapshot, whatever happens. */
describe('agent secrets', () => {
  let testbed: AgentTestbed;
  beforeEach(async () => {
    testbed = await openAgentTestbed();
  });
  afterEach(async () => {
    await testbed.cleanup();
  });

  it.each(['anthropic', 'openai-chat'] as const)('keeps the key out of events and snapshots (%s)', async (kind) => {
    testbed.server.script([
      { fault: 'status', status: 429, retryAfter: '1' },
      { toolCalls: [{ name: 'read_file', input: { path: 'README.md' } }] },
      { fault: 'status', status: 401 },
    ]);
    const { actor, log } = testbed.startAgent({ kind });
    actor.send({ type: 'START', task: 'Read the README.' });
    const backoff = await log.waitFor('agent.backoff');
    testbed.clock.increment(backoff.delayMs);
    expect(await log.finished()).toMatchObject({ status: 'failed' });
    expect(log.events.length).toBeGreaterThan(5);
    expect(JSON.stringify(log.events)).not.toContain(testApiKey);
    expect(JSON.stringify(actor.getPersistedSnapshot())).not.toContain(testApiKey);
    expect(JSON.stringify(actor.getPersistedSnapshot())).not.toContain(testApiKey.slice(0, 12));
  });
});
