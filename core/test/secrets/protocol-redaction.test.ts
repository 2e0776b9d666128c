import { describe, expect, it } from 'vitest';
import { implementCommand, ManualScheduler, RUN_AGENT_EVENT_TOPIC, eventsOf, type ServerMessage } from '../../src/protocol/index.js';
import { createProtocolRedaction } from '../../src/secrets/protocol-redaction.js';
import { encodingsOf } from '../../src/secrets/secret-encodings.js';
import { REDACTED, SecretRedactor } from '../../src/secrets/secret-redactor.js';
import { boardHub, connectClient } from '../protocol/protocol-client.js';

/**
 * Redaction at the protocol's one exit: every frame a client receives — hello, replies, events,
 * batches — is redacted, and an agent's text deltas are redacted as assembled text, so a key
 * split across frames never arrives in pieces either.
 */

const key = 'compat-7b1e9d3f5a2c4e6b8d0f-localkey';

function agentDelta(text: string, index = 0) {
  return { runId: 'run_1', agent: 'developer', event: { type: 'agent.text.delta' as const, agentId: 'agent_1', at: 1, turn: 1, index, text } };
}

function redactingHub(redactor: SecretRedactor) {
  const scheduler = new ManualScheduler();
  const context = boardHub({
    scheduler,
    batchedTopics: { [RUN_AGENT_EVENT_TOPIC]: true },
    outgoing: createProtocolRedaction(redactor),
    snapshot: () => ({ board: { columns: [], cards: [] } as never, runs: [{ text: `snapshot with ${key}` }] as never, statecharts: {} }),
  });
  // Protocol commands whose answers carry the key: a provider check quoting it, a failing run.get.
  context.hub.commands.register(implementCommand('providers.test', ({ provider }) => ({ ok: false, provider, model: 'm', kind: 'auth', message: `said ${key}` })));
  context.hub.commands.register(
    implementCommand('run.get', () => {
      throw new Error(`refused ${key}`);
    }),
  );
  return { scheduler, ...context };
}

function expectNoKeyIn(frames: ServerMessage[]): void {
  for (const frame of frames) {
    const text = JSON.stringify(frame);
    for (const form of encodingsOf(key)) expect(text).not.toContain(form);
    expect(text).not.toContain(key.slice(0, 10));
    expect(text).not.toContain(key.slice(-10));
  }
}

function streamedText(frames: ServerMessage[]): string {
  return frames
    .flatMap(eventsOf)
    .filter((event) => event.topic === RUN_AGENT_EVENT_TOPIC)
    .map((event) => (event.data as ReturnType<typeof agentDelta>).event)
    .filter((event) => event.type === 'agent.text.delta')
    .map((event) => event.text)
    .join('');
}

describe('redaction at the protocol exit', () => {
  it('redacts the hello snapshot, replies and error replies', async () => {
    const { connect } = redactingHub(new SecretRedactor([key]));
    const client = connect();
    expect(await client.command('c1', 'providers.test', { provider: 'compatible' })).toMatchObject({ ok: true, result: { message: `said ${REDACTED}` } });
    expect(await client.command('c2', 'run.get', { runId: 'run_1' })).toMatchObject({ ok: false, error: { message: `refused ${REDACTED}` } });
    expect(client.received[0]).toMatchObject({ type: 'hello', snapshot: { runs: [{ text: `snapshot with ${REDACTED}` }] } });
    expectNoKeyIn(client.received);
  });

  for (const [label, pieces] of [
    ['two', 2],
    ['three', 3],
    ['one per character', key.length],
  ] as const) {
    it(`redacts a key split across ${label} deltas in one batch and across batches`, () => {
      const { scheduler, hub, connect } = redactingHub(new SecretRedactor([key]));
      const client = connect();
      const size = Math.ceil(key.length / pieces);
      const deltas = ['The key is ', ...Array.from({ length: pieces }, (_, index) => key.slice(index * size, (index + 1) * size)), ' — done.'];
      for (const [index, delta] of deltas.entries()) {
        hub.publish(RUN_AGENT_EVENT_TOPIC, agentDelta(delta));
        if (index % 2 === 1) scheduler.runAll();
      }
      hub.publish(RUN_AGENT_EVENT_TOPIC, { runId: 'run_1', agent: 'developer', event: { type: 'agent.text.end', agentId: 'agent_1', at: 2, turn: 1, index: 0 } });
      scheduler.runAll();
      expectNoKeyIn(client.received);
      expect(streamedText(client.received)).toBe(`The key is ${REDACTED} — done.`);
      // The held tail went out before the end of the text block, and seq has no gaps.
      const events = client.received.flatMap(eventsOf);
      expect(events.at(-1)?.data).toMatchObject({ event: { type: 'agent.text.end' } });
      expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1));
    });
  }

  it('keeps separate streams per agent and releases a held tail when the agent does something else', () => {
    const { hub, connect } = redactingHub(new SecretRedactor([key]));
    const client = connect();
    hub.publish(RUN_AGENT_EVENT_TOPIC, agentDelta(`A: ${key.slice(0, 12)}`));
    hub.publish(RUN_AGENT_EVENT_TOPIC, { ...agentDelta(`B: ${key.slice(0, 12)}`), agent: 'reviewer' });
    hub.publish(RUN_AGENT_EVENT_TOPIC, agentDelta(key.slice(12)));
    hub.publish(RUN_AGENT_EVENT_TOPIC, { ...agentDelta(key.slice(12)), agent: 'reviewer' });
    hub.publish(RUN_AGENT_EVENT_TOPIC, { runId: 'run_1', agent: 'developer', event: { type: 'agent.state.changed', agentId: 'agent_1', at: 3, from: 'requesting', to: 'paused' } });
    hub.publish(RUN_AGENT_EVENT_TOPIC, { runId: 'run_1', agent: 'reviewer', event: { type: 'agent.error', agentId: 'agent_2', at: 3, error: { name: 'X', code: 'x', message: `boom ${key}`, retryable: false } } });
    hub.flush();
    expectNoKeyIn(client.received);
    const events = client.received.flatMap(eventsOf).map((event) => (event.data as { agent: string; event: { type: string; text?: string } }));
    expect(events.filter((item) => item.agent === 'developer').map((item) => item.event.text ?? item.event.type).join('')).toBe(`A: ${REDACTED}agent.state.changed`);
    expect(events.filter((item) => item.agent === 'reviewer').map((item) => item.event.text ?? item.event.type).join('')).toBe(`B: ${REDACTED}agent.error`);
  });

  it('redacts a key learnt after the client connected', async () => {
    const redactor = new SecretRedactor();
    const { hub } = redactingHub(redactor);
    const client = connectClient(hub);
    redactor.setSecret('compatible.apiKey', key);
    expect(await client.command('c1', 'providers.test', { provider: 'compatible' })).toMatchObject({ ok: true, result: { message: `said ${REDACTED}` } });
  });
});
