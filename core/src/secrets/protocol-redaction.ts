import { RUN_AGENT_EVENT_TOPIC } from '../protocol/topics.js';
import type { ServerMessage } from '../protocol/messages.js';
import type { SecretRedactor } from './secret-redactor.js';
import type { StreamRedactor } from './stream-redactor.js';

/**
 * Secret redaction at the protocol's one exit (the hub's `outgoing` filter). `events` runs when
 * an event is published: an agent's text deltas (`run.agent.event` with `agent.text.delta`) go
 * through one stream redactor per (run, agent), so a key split across deltas is redacted in the
 * assembled text; a delta whose text is all held back is not sent, and the held tail goes out
 * before the agent's next other event. `message` runs on every message a transport is given
 * (hello, replies, events, batches) and redacts its payload — whole views, tool calls, errors.
 */

export interface ProtocolRedaction {
  events(topic: string, data: unknown): unknown[];
  message(message: ServerMessage): ServerMessage;
}

interface TextDelta {
  type: 'agent.text.delta';
  turn: number;
  index: number;
  text: string;
  [key: string]: unknown;
}

interface AgentEventData {
  runId: string;
  agent: string;
  event: { type: string; [key: string]: unknown };
}

interface OpenStream {
  redactor: StreamRedactor;
  /** The latest delta, the template for the one that releases the held tail. */
  last: AgentEventData & { event: TextDelta };
}

export function createProtocolRedaction(redactor: SecretRedactor): ProtocolRedaction {
  const streams = new Map<string, OpenStream>();

  const close = (key: string): unknown[] => {
    const stream = streams.get(key);
    if (stream === undefined) return [];
    streams.delete(key);
    const rest = stream.redactor.end();
    return rest === '' ? [] : [{ ...stream.last, event: { ...stream.last.event, text: rest } }];
  };

  return {
    events(topic, data) {
      if (topic !== RUN_AGENT_EVENT_TOPIC || !isAgentEventData(data)) return [data];
      const key = `${data.runId}\u0000${data.agent}`;
      const event = data.event;
      if (!isTextDelta(event)) return [...close(key), data];
      const open = streams.get(key);
      const before = open !== undefined && (open.last.event.turn !== event.turn || open.last.event.index !== event.index) ? close(key) : [];
      const stream = streams.get(key) ?? { redactor: redactor.stream(), last: data as OpenStream['last'] };
      stream.last = data as OpenStream['last'];
      streams.set(key, stream);
      const released = stream.redactor.push(event.text);
      return released === '' ? before : [...before, { ...data, event: { ...event, text: released } }];
    },
    message(message) {
      // Redaction replaces text inside strings only, so every message keeps its protocol shape.
      switch (message.type) {
        case 'hello':
          return { ...message, snapshot: redactor.value(message.snapshot) };
        case 'reply':
          return message.ok ? { ...message, result: redactor.value(message.result) } : { ...message, error: redactor.value(message.error) };
        case 'event':
          return { ...message, data: redactor.value(message.data) } as ServerMessage;
        case 'event.batch':
          return { ...message, events: message.events.map((event) => ({ ...event, data: redactor.value(event.data) })) } as ServerMessage;
        default:
          return redactor.value(message);
      }
    },
  };
}

function isAgentEventData(data: unknown): data is AgentEventData {
  if (typeof data !== 'object' || data === null) return false;
  const candidate = data as Partial<AgentEventData>;
  return typeof candidate.runId === 'string' && typeof candidate.agent === 'string' && typeof candidate.event === 'object' && candidate.event !== null && typeof candidate.event.type === 'string';
}

function isTextDelta(event: AgentEventData['event']): event is TextDelta {
  return event.type === 'agent.text.delta' && typeof event.text === 'string' && typeof event.turn === 'number' && typeof event.index === 'number';
}
