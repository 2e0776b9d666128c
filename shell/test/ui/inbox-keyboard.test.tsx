import { afterEach, describe, expect, it } from 'vitest';
import { ProtocolPeer, testBoard, testCard, until } from './protocol-peer.js';
import { renderApp } from './render-app.js';
import { answerCommands, devReviewGraph, gateRun, recordingSink, testRun } from './runs-fixtures.js';

describe('the "needs you" inbox', () => {
  let peer: ProtocolPeer;
  let cleanup: () => void = () => {};
  let stopAnswering: () => void = () => {};

  afterEach(async () => {
    stopAnswering();
    cleanup();
    await peer?.stop();
  });

  const key = (element: Element, name: string): void => {
    element.dispatchEvent(new KeyboardEvent('keydown', { key: name, bubbles: true }));
  };

  it('lists approvals and gates from several runs, counts them in the header, and acts with the keyboard', async () => {
    peer = new ProtocolPeer(testBoard([testCard('a', 'backlog', 0, 'Fix login'), testCard('b', 'doing', 0, 'Add search'), testCard('c', 'doing', 1, 'Quiet card')]));
    const approvals = testRun({
      id: 'run-a',
      cardId: 'a',
      status: 'needs_you',
      pendingApprovals: [
        { agentId: 'developer-1', callId: 'call-1', tool: 'run_command', input: { command: 'npm test' }, requestedAt: 1 },
        { agentId: 'developer-1', callId: 'call-2', tool: 'run_command', input: { command: 'npm run lint' }, requestedAt: 3 },
      ],
    });
    peer.snapshotExtras = { runs: [approvals, gateRun({ id: 'run-b', cardId: 'b', updatedAt: 2 }), testRun({ id: 'run-c', cardId: 'c' })], statecharts: { devReview: devReviewGraph } };
    await peer.start();
    stopAnswering = answerCommands(peer, { 'run.approve': () => approvals, 'run.deny': () => approvals });
    const { root, app, unmount } = await renderApp(peer, { notifications: recordingSink() });
    cleanup = unmount;
    const button = root.querySelector<HTMLButtonElement>('.inbox-button')!;
    expect(button.getAttribute('aria-label')).toBe('Needs you: 3 waiting');
    key(document.body, 'i');
    await until(() => root.querySelector('[data-testid="inbox"]') !== null);
    const list = root.querySelector<HTMLElement>('.inbox-list')!;
    const rows = (): string[] => [...root.querySelectorAll('.inbox-item')].map((item) => `${item.getAttribute('data-kind')}:${item.querySelector('.inbox-card')?.textContent}`);
    expect(rows()).toEqual(['approval:Fix login', 'gate:Add search', 'approval:Fix login']);
    const selected = (): string | null => root.querySelector('.inbox-item[aria-selected="true"]')?.getAttribute('data-index') ?? null;
    expect(selected()).toBe('0');
    key(list, 'a');
    await until(() => peer.commands.some((command) => command.name === 'run.approve'));
    expect(peer.commands.find((command) => command.name === 'run.approve')!.args).toEqual({ runId: 'run-a', agentId: 'developer-1', callId: 'call-1' });
    key(list, 'j');
    key(list, 'ArrowDown');
    expect(selected()).toBe('2');
    key(list, 'd');
    await until(() => peer.commands.some((command) => command.name === 'run.deny'));
    expect(peer.commands.find((command) => command.name === 'run.deny')!.args).toEqual({ runId: 'run-a', agentId: 'developer-1', callId: 'call-2' });
    key(list, 'k');
    expect(selected()).toBe('1');
    key(list, 'Enter');
    await until(() => app.view.data.openCardId === 'b');
    expect(root.querySelector('[data-testid="inbox"]')).toBeNull();
    expect(root.querySelector('.gate')).not.toBeNull();
  });

  it('updates its count as runs change', async () => {
    peer = new ProtocolPeer(testBoard([testCard('a', 'backlog', 0, 'Fix login')]));
    peer.snapshotExtras = { runs: [testRun()], statecharts: {} };
    await peer.start();
    stopAnswering = answerCommands(peer, {});
    const { root, unmount } = await renderApp(peer, { notifications: recordingSink() });
    cleanup = unmount;
    const count = (): string | null | undefined => root.querySelector('.inbox-button')?.getAttribute('aria-label');
    expect(count()).toBe('Needs you: nothing waiting');
    peer.emit('run.updated', gateRun({ updatedAt: 30 }));
    await until(() => count() === 'Needs you: 1 waiting');
    peer.emit('run.updated', testRun({ status: 'merged', statusText: 'merged into main', updatedAt: 40 }));
    await until(() => count() === 'Needs you: nothing waiting');
  });
});
