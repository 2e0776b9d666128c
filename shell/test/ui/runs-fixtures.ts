import { settingsSchema, type AgentView, type RunView, type SettingsView } from '@kanbots/core/protocol';
import type { NotificationSink } from '../../src/ui/notifications/notification-sink.js';
import type { MachineGraph } from '@kanbots/core/protocol';
import type { ProtocolPeer, ReceivedCommand } from './protocol-peer.js';

/** Scripted runs, a statechart and a host that answers commands by name, for the run UI's tests. */

export const devReviewGraph: MachineGraph = {
  id: 'devReview',
  initial: 'devReview.developing',
  states: [
    { id: 'devReview.developing', key: 'developing', type: 'atomic' },
    { id: 'devReview.reviewing', key: 'reviewing', type: 'compound', initial: 'devReview.reviewing.asking' },
    { id: 'devReview.reviewing.asking', key: 'asking', type: 'atomic', parent: 'devReview.reviewing' },
    { id: 'devReview.reviewing.reading', key: 'reading', type: 'atomic', parent: 'devReview.reviewing' },
    { id: 'devReview.humanGate', key: 'humanGate', type: 'atomic' },
    { id: 'devReview.merged', key: 'merged', type: 'final' },
  ],
  transitions: [
    { source: 'devReview.developing', target: 'devReview.reviewing', label: 'done: developer' },
    { source: 'devReview.reviewing', target: 'devReview.developing', label: 'review.changes_requested' },
    { source: 'devReview.reviewing', target: 'devReview.humanGate', label: 'review.approved' },
    { source: 'devReview.humanGate', target: 'devReview.merged', label: 'MERGE' },
  ],
};

export function testAgent(overrides: Partial<AgentView> = {}): AgentView {
  return {
    id: 'developer-1',
    persona: 'developer',
    role: 'developer',
    provider: 'scripted',
    model: 'test-model',
    state: 'requesting',
    statusText: 'asking the model',
    turn: 1,
    usage: { inputTokens: 1200, outputTokens: 300, costUsd: 0.012 },
    text: '',
    toolCalls: [],
    ...overrides,
  };
}

export function testRun(overrides: Partial<RunView> = {}): RunView {
  return {
    id: 'run-1',
    cardId: 'a',
    workflow: 'dev-review',
    status: 'running',
    statusText: 'developer is working',
    machine: 'devReview',
    activeStates: ['devReview.developing'],
    round: 1,
    maxRounds: 3,
    agents: [testAgent()],
    pendingApprovals: [],
    reviews: [],
    usage: { inputTokens: 1200, outputTokens: 300, costUsd: 0.012 },
    createdAt: 10,
    updatedAt: 10,
    ...overrides,
  };
}

/** A run waiting at its human gate. */
export function gateRun(overrides: Partial<RunView> = {}): RunView {
  return testRun({
    status: 'needs_you',
    statusText: 'waiting for your review',
    activeStates: ['devReview.humanGate'],
    gate: { reason: 'reviewer approved in round 1', escalated: false, candidates: [] },
    updatedAt: 20,
    ...overrides,
  });
}

/** Answers commands by name as they arrive (settings.get with defaults unless told otherwise). */
export function answerCommands(peer: ProtocolPeer, handlers: Record<string, (command: ReceivedCommand) => unknown>): () => void {
  let stopped = false;
  let next = 0;
  const loop = async (): Promise<void> => {
    while (!stopped) {
      await peer.waitForCommands(next + 1);
      if (stopped) return;
      const command = peer.commands[next++]!;
      const handler = handlers[command.name] ?? (command.name === 'settings.get' ? () => defaultSettingsView() : command.name === 'run.check' ? () => ({ problems: [] }) : undefined);
      if (handler) peer.replyOk(command.id, handler(command));
    }
  };
  void loop();
  return () => {
    stopped = true;
  };
}

/** The settings view a fresh host answers, with a strict reviewer as the default reviewer persona. */
export function defaultSettingsView(): SettingsView {
  const settings = settingsSchema.parse({ defaults: { personas: { reviewer: 'strict-reviewer' } } });
  return {
    settings,
    secrets: {
      'anthropic.apiKey': { set: true, source: 'keychain' },
      'openai.apiKey': { set: false, source: 'none' },
      'compatible.apiKey': { set: false, source: 'none' },
      'github.token': { set: false, source: 'none' },
    },
    secretStore: { backend: 'keychain' },
  };
}

/** A notification sink that records what it was asked to show. */
export function recordingSink(): NotificationSink & { shown: Array<{ title: string; body: string; tag: string }>; permissionRequests: number } {
  const sink = {
    shown: [] as Array<{ title: string; body: string; tag: string }>,
    permissionRequests: 0,
    requestPermission() {
      sink.permissionRequests += 1;
    },
    show(title: string, body: string, tag: string) {
      sink.shown.push({ title, body, tag });
    },
  };
  return sink;
}

/** Clicks a button found by its visible text inside `root`. */
export function clickButton(root: ParentNode, text: string): void {
  const button = [...root.querySelectorAll<HTMLButtonElement>('button')].find((candidate) => candidate.textContent?.trim() === text);
  if (!button) throw new Error(`No button "${text}"`);
  button.click();
}

export function openCard(root: ParentNode, cardId: string): void {
  root.querySelector<HTMLElement>(`[data-card-id="${cardId}"]`)!.click();
}
