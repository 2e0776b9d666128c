import { afterEach, describe, expect, it } from 'vitest';
import { ProtocolPeer, testBoard, testCard, until } from './protocol-peer.js';
import { renderApp } from './render-app.js';
import { answerCommands, devReviewGraph, openCard, recordingSink, testAgent, testRun } from './runs-fixtures.js';

/**
 * What the UI does with what it cannot use: an error reply without an id (the host could not read
 * which command it answers) and a run it cannot read. Both are said in plain words, never dropped.
 */
describe('messages the UI cannot use', () => {
  let peer: ProtocolPeer;
  let cleanup: () => void = () => {};
  let stopAnswering: () => void = () => {};

  afterEach(async () => {
    stopAnswering();
    cleanup();
    await peer?.stop();
  });

  const open = async () => {
    peer = new ProtocolPeer(testBoard([testCard('a', 'backlog', 0, 'Fix login')]));
    peer.snapshotExtras = { runs: [testRun()], statecharts: { devReview: devReviewGraph } };
    await peer.start();
    stopAnswering = answerCommands(peer, {});
    const rendered = await renderApp(peer, { notifications: recordingSink() });
    cleanup = rendered.unmount;
    return rendered;
  };

  it('shows an error reply with id null (as the host sends for a message it could not read)', async () => {
    const { app } = await open();
    peer.replyError(null, 'message_too_large', 'The message is 2000000 characters long; the limit is 1048576', 'ProtocolError');
    await until(() => app.toasts.toasts().length > 0);
    expect(app.toasts.toasts().map((toast) => toast.message)).toEqual(['The host reported a problem: The message is 2000000 characters long; the limit is 1048576']);
  });

  it('shows a run it cannot read on its card, with the reason, instead of dropping it', async () => {
    const { app, root } = await open();
    openCard(root, 'a');
    await until(() => root.querySelector('.run[data-run-id="run-1"]') !== null);
    // A run whose agent error is a bare string: not a protocol RunView, so no real host sends it.
    const unreadable = { ...testRun({ id: 'run-2', createdAt: 20, updatedAt: 20 }), agents: [{ ...testAgent(), error: 'the model went away' }] };
    peer.seq += 1;
    peer.sendUnchecked({ type: 'event', seq: peer.seq, topic: 'run.updated', data: unreadable });
    await until(() => root.querySelector('.run-error[data-run-id="run-2"]') !== null);
    expect(root.querySelector('.run-error[data-run-id="run-2"]')?.textContent).toBe('This run could not be displayed: agents.0.error: Invalid input: expected object, received string');
    expect(app.toasts.toasts().map((toast) => toast.message)).toContain('This run could not be displayed: agents.0.error: Invalid input: expected object, received string');
    // The run the UI could read is still there.
    expect(root.querySelector('.run[data-run-id="run-1"]')).not.toBeNull();
  });
});
