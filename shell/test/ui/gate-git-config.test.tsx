import type { RunView } from '@kanbots/core/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { ProtocolPeer, testBoard, testCard, until } from './protocol-peer.js';
import { renderApp } from './render-app.js';
import { answerCommands, clickButton, devReviewGraph, gateRun, openCard, recordingSink } from './runs-fixtures.js';

const gitConfig = {
  summary: 'The agent changed your git configuration: core.hooksPath set to ".agent-hooks"; hook pre-commit added (.git/hooks/pre-commit).',
  changes: [
    { displayPath: '.git/config', change: 'modified' as const, description: 'core.hooksPath set to ".agent-hooks"' },
    { displayPath: '.git/hooks/pre-commit', change: 'added' as const, description: 'hook pre-commit added (.git/hooks/pre-commit)' },
  ],
};

describe('the gate: changes to the git configuration', () => {
  let peer: ProtocolPeer;
  let cleanup: () => void = () => {};
  let stopAnswering: () => void = () => {};

  afterEach(async () => {
    stopAnswering();
    cleanup();
    await peer?.stop();
  });

  it('lists what the agent changed in plain words, and "Undo these changes" sends run.undoGitConfig', async () => {
    const changed = gateRun({ gate: { reason: 'reviewer approved in round 1', escalated: false, candidates: [], gitConfig } });
    const undone: RunView = gateRun({ updatedAt: 30 });
    peer = new ProtocolPeer(testBoard([testCard('a', 'backlog', 0, 'Fix login')]));
    peer.snapshotExtras = { runs: [changed], statecharts: { devReview: devReviewGraph } };
    await peer.start();
    stopAnswering = answerCommands(peer, { 'run.diff': () => ({ files: [] }), 'run.undoGitConfig': () => undone });
    const { root, unmount } = await renderApp(peer, { notifications: recordingSink() });
    cleanup = unmount;
    openCard(root, 'a');
    await until(() => root.querySelector('[data-testid="git-config-changed"]') !== null);
    const finding = root.querySelector<HTMLElement>('[data-testid="git-config-changed"]')!;
    expect(finding.textContent).toContain('The agent changed your git configuration.');
    expect([...finding.querySelectorAll('.git-config-changes li')].map((item) => item.textContent)).toEqual(gitConfig.changes.map((change) => change.description));
    clickButton(finding, 'Undo these changes');
    await until(() => peer.commands.some((command) => command.name === 'run.undoGitConfig'));
    expect(peer.commands.find((command) => command.name === 'run.undoGitConfig')!.args).toEqual({ runId: 'run-1' });
    await until(() => root.querySelector('[data-testid="git-config-changed"]') === null);
    expect(root.querySelector('.gate')).not.toBeNull();
  });
});
