import type { RunStatus } from '@kanbots/core/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { ProtocolPeer, testBoard, testCard, until } from './protocol-peer.js';
import { renderApp } from './render-app.js';
import { answerCommands, recordingSink, testRun } from './runs-fixtures.js';

describe('run status on card tiles', () => {
  let peer: ProtocolPeer;
  let cleanup: () => void = () => {};
  let stopAnswering: () => void = () => {};

  afterEach(async () => {
    stopAnswering();
    cleanup();
    await peer?.stop();
  });

  it('shows a pill with an accessible label for each status, following the newest run', async () => {
    const statuses: RunStatus[] = ['running', 'queued', 'paused', 'needs_you', 'interrupted', 'failed', 'merged'];
    const cards = statuses.map((status, index) => testCard(`card-${status}`, 'backlog', index, status));
    peer = new ProtocolPeer(testBoard([...cards, testCard('no-run', 'doing', 0, 'No run')]));
    peer.snapshotExtras = {
      runs: statuses.map((status) => testRun({ id: `run-${status}`, cardId: `card-${status}`, status, statusText: `${status} text` })),
    };
    await peer.start();
    stopAnswering = answerCommands(peer, {});
    const { root, unmount } = await renderApp(peer, { notifications: recordingSink() });
    cleanup = unmount;
    const label = (cardId: string): string | null | undefined => root.querySelector(`.card[data-card-id="${cardId}"] .run-pill`)?.getAttribute('aria-label');
    expect(statuses.map((status) => label(`card-${status}`))).toEqual([
      'Run: Working — running text',
      'Run: Queued — queued text',
      'Run: Paused — paused text',
      'Run: Needs you — needs_you text',
      'Run: Interrupted — interrupted text',
      'Run: Failed — failed text',
      'Run: Merged — merged text',
    ]);
    expect(label('no-run')).toBeUndefined();
    peer.emit('run.updated', testRun({ id: 'run-new', cardId: 'card-failed', status: 'running', statusText: 'second try', createdAt: 99, updatedAt: 99 }));
    await until(() => label('card-failed') === 'Run: Working — second try');
  });
});
