import { afterEach, describe, expect, it } from 'vitest';
import { ProtocolPeer, testBoard, testCard, until } from './protocol-peer.js';
import { renderApp } from './render-app.js';
import { answerCommands, defaultSettingsView, gateRun, recordingSink, testRun } from './runs-fixtures.js';

describe('run notifications', () => {
  let peer: ProtocolPeer;
  let cleanup: () => void = () => {};
  let stopAnswering: () => void = () => {};

  afterEach(async () => {
    stopAnswering();
    cleanup();
    await peer?.stop();
  });

  it('fire once per transition into needs_you and into a finish, not for runs already there at start', async () => {
    peer = new ProtocolPeer(testBoard([testCard('a', 'backlog', 0, 'Fix login'), testCard('b', 'backlog', 1, 'Old one')]));
    peer.snapshotExtras = { runs: [testRun(), gateRun({ id: 'run-old', cardId: 'b' })] };
    await peer.start();
    stopAnswering = answerCommands(peer, {});
    const sink = recordingSink();
    const { app, unmount } = await renderApp(peer, { notifications: sink });
    cleanup = unmount;
    peer.emit('run.updated', gateRun({ updatedAt: 20 }));
    peer.emit('run.updated', gateRun({ updatedAt: 21, statusText: 'still waiting' }));
    peer.emit('run.updated', testRun({ status: 'running', updatedAt: 22 }));
    peer.emit('run.updated', testRun({ status: 'merged', statusText: 'merged into main', updatedAt: 23 }));
    peer.emit('run.updated', testRun({ status: 'merged', statusText: 'merged into main', updatedAt: 24 }));
    peer.emit('run.updated', gateRun({ id: 'run-old', cardId: 'b', statusText: 'last event', updatedAt: 25 }));
    await until(() => app.runs.run('run-old')?.statusText === 'last event');
    expect(sink.shown).toEqual([
      { title: '“Fix login” needs you', body: 'review the work — waiting for your review', tag: 'kanbots-run-1-needs-you' },
      { title: '“Fix login”: merged', body: 'merged into main', tag: 'kanbots-run-1-finished' },
    ]);
  });

  it('follow the notification settings', async () => {
    peer = new ProtocolPeer(testBoard([testCard('a', 'backlog', 0, 'Fix login')]));
    peer.snapshotExtras = { runs: [testRun()] };
    await peer.start();
    const view = defaultSettingsView() as { settings: { notifications: object } };
    view.settings.notifications = { needsYou: false, finished: true };
    stopAnswering = answerCommands(peer, { 'settings.get': () => view });
    const sink = recordingSink();
    const { app, unmount } = await renderApp(peer, { notifications: sink });
    cleanup = unmount;
    await app.settings.ensureLoaded();
    peer.emit('run.updated', gateRun({ updatedAt: 20 }));
    peer.emit('run.updated', testRun({ status: 'failed', statusText: 'step failed', updatedAt: 21 }));
    await until(() => app.runs.run('run-1')?.status === 'failed');
    expect(sink.shown.map((shown) => shown.title)).toEqual(['“Fix login”: failed']);
  });
});
