import type { RunView } from '@kanbots/core/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { ProtocolPeer, testBoard, testCard, until, type ReceivedCommand } from './protocol-peer.js';
import { renderApp } from './render-app.js';
import { answerCommands, clickButton, devReviewGraph, gateRun, openCard, recordingSink, testAgent, testRun } from './runs-fixtures.js';

const diffFiles = {
  files: [
    { path: 'src/login.ts', status: 'modified', additions: 1, deletions: 1, binary: false, patch: '@@ -1,1 +1,1 @@\n-old line\n+new line\n' },
    { path: 'test/login.test.ts', status: 'added', additions: 3, deletions: 0, binary: false, patch: '@@ -0,0 +1,3 @@\n+a\n+b\n+c\n' },
  ],
};

describe('run controls', () => {
  let peer: ProtocolPeer;
  let cleanup: () => void = () => {};
  let stopAnswering: () => void = () => {};

  afterEach(async () => {
    stopAnswering();
    cleanup();
    await peer?.stop();
  });

  const show = async (run: RunView, replies: Record<string, (command: ReceivedCommand) => unknown> = {}): Promise<HTMLElement> => {
    peer = new ProtocolPeer(testBoard([testCard('a', 'backlog', 0, 'Fix login')]));
    peer.snapshotExtras = { runs: [run], statecharts: { devReview: devReviewGraph } };
    await peer.start();
    const echo = (): RunView => run;
    stopAnswering = answerCommands(peer, {
      'run.pause': echo,
      'run.resume': echo,
      'run.cancel': echo,
      'run.retry': echo,
      'run.stopRetrying': echo,
      'run.approve': echo,
      'run.deny': echo,
      'run.followUp': echo,
      'run.discard': echo,
      'run.merge': echo,
      'run.diff': () => diffFiles,
      ...replies,
    });
    const { root, unmount } = await renderApp(peer, { notifications: recordingSink() });
    cleanup = unmount;
    openCard(root, 'a');
    await until(() => root.querySelector('.run') !== null);
    return root;
  };
  const sent = async (name: string): Promise<Record<string, unknown>> => {
    await until(() => peer.commands.some((command) => command.name === name));
    return peer.commands.find((command) => command.name === name)!.args;
  };

  it('pauses and resumes one agent on its own', async () => {
    const root = await show(testRun({ agents: [testAgent(), testAgent({ id: 'reviewer', role: 'reviewer', persona: 'reviewer', state: 'paused', statusText: 'Paused' })] }));
    const developer = root.querySelector('[data-agent-id="developer-1"]')!;
    const reviewer = root.querySelector('[data-agent-id="reviewer"]')!;
    expect([...reviewer.querySelectorAll('button')].map((button) => button.textContent?.trim())).toEqual(['Resume agent']);
    clickButton(developer, 'Pause agent');
    expect(await sent('run.pause')).toEqual({ runId: 'run-1', agentId: 'developer-1' });
    clickButton(reviewer, 'Resume agent');
    expect(await sent('run.resume')).toEqual({ runId: 'run-1', agentId: 'reviewer' });
  });

  it('pauses, cancels after confirming, and sends a follow-up instruction', async () => {
    const root = await show(testRun());
    clickButton(root.querySelector('.run-controls')!, 'Pause');
    expect(await sent('run.pause')).toEqual({ runId: 'run-1' });
    clickButton(root.querySelector('.run-controls')!, 'Cancel run');
    const dialog = root.querySelector('[data-testid="confirm-dialog"]')!;
    expect(peer.commands.some((command) => command.name === 'run.cancel')).toBe(false);
    clickButton(dialog, 'Cancel run');
    expect(await sent('run.cancel')).toEqual({ runId: 'run-1' });
    const textarea = root.querySelector<HTMLTextAreaElement>('textarea[name="followUp"]')!;
    textarea.value = 'Also add a test for the lockout';
    clickButton(root.querySelector('.follow-up')!, 'Send');
    expect(await sent('run.followUp')).toEqual({ runId: 'run-1', text: 'Also add a test for the lockout' });
    expect(textarea.value).toBe('');
  });

  it('resumes a paused run and retries a failed step', async () => {
    const root = await show(testRun({ status: 'paused', statusText: 'paused by you' }));
    clickButton(root.querySelector('.run-controls')!, 'Resume');
    expect(await sent('run.resume')).toEqual({ runId: 'run-1' });
    peer.emit('run.updated', testRun({ status: 'failed', statusText: 'step failed', updatedAt: 50 }));
    await until(() => root.querySelector('.run')?.getAttribute('data-status') === 'failed');
    clickButton(root.querySelector('.run-controls')!, 'Retry step');
    expect(await sent('run.retry')).toEqual({ runId: 'run-1' });
  });

  it('approves a tool call, and denies one with a reason', async () => {
    const waiting = testRun({
      status: 'needs_you',
      pendingApprovals: [
        { agentId: 'developer-1', callId: 'call-7', tool: 'run_command', input: { command: 'npm test' }, requestedAt: 5 },
        { agentId: 'developer-1', callId: 'call-8', tool: 'run_command', input: { command: 'rm -rf build' }, requestedAt: 6 },
      ],
    });
    const root = await show(waiting);
    const approvals = root.querySelectorAll<HTMLElement>('.approval');
    expect(approvals[0]!.textContent).toContain('npm test');
    clickButton(approvals[0]!, 'Approve');
    expect(await sent('run.approve')).toEqual({ runId: 'run-1', agentId: 'developer-1', callId: 'call-7' });
    clickButton(approvals[1]!, 'Deny…');
    const reason = approvals[1]!.querySelector<HTMLInputElement>('input[name="reason"]')!;
    reason.value = 'not in this repository';
    clickButton(approvals[1]!, 'Deny');
    expect(await sent('run.deny')).toEqual({ runId: 'run-1', agentId: 'developer-1', callId: 'call-8', reason: 'not in this repository' });
  });

  it('reviews the diff per file at the gate and merges; a conflict is shown with its files', async () => {
    const conflicted = gateRun({ updatedAt: 40, gate: { reason: 'reviewer approved in round 1', escalated: false, candidates: [], conflict: { files: ['src/login.ts', 'package.json'] } } });
    const root = await show(gateRun(), { 'run.merge': () => conflicted });
    expect(await sent('run.diff')).toEqual({ runId: 'run-1' });
    await until(() => root.querySelectorAll('.file-button').length === 2);
    expect(root.querySelector('.gate .diff-added .diff-code')?.textContent).toBe('new line');
    root.querySelectorAll<HTMLButtonElement>('.file-button')[1]!.click();
    await until(() => root.querySelectorAll('.gate .diff-added').length === 3);
    clickButton(root.querySelector('.gate')!, 'Merge');
    expect(await sent('run.merge')).toEqual({ runId: 'run-1' });
    await until(() => root.querySelector('[data-testid="merge-conflict"]') !== null);
    expect([...root.querySelectorAll('.conflict-files li')].map((item) => item.textContent)).toEqual(['src/login.ts', 'package.json']);
    expect(root.querySelector('.gate')).not.toBeNull();
  });

  it('discards only after a confirmation that says the work stays on its branch', async () => {
    const root = await show(gateRun());
    clickButton(root.querySelector('.gate')!, 'Discard…');
    const dialog = root.querySelector<HTMLElement>('[data-testid="confirm-dialog"]')!;
    expect(dialog.textContent).toContain('kept on its branch');
    clickButton(dialog, 'Keep');
    expect(root.querySelector('[data-testid="confirm-dialog"]')).toBeNull();
    clickButton(root.querySelector('.gate')!, 'Discard…');
    clickButton(root.querySelector('[data-testid="confirm-dialog"]')!, 'Discard');
    expect(await sent('run.discard')).toEqual({ runId: 'run-1' });
  });

  it('preselects the judge’s pick of best-of-N and merges the candidate chosen', async () => {
    const run = gateRun({
      workflow: 'best-of-n',
      gate: {
        reason: 'the judge picked candidate B',
        escalated: false,
        candidates: [
          { id: 'cand-a', agentId: 'developer-1', label: 'Candidate A', branch: 'kanbots/a-1', recommended: false },
          { id: 'cand-b', agentId: 'developer-2', label: 'Candidate B', branch: 'kanbots/a-2', recommended: true, reason: 'smaller and tested' },
        ],
      },
    });
    const root = await show(run);
    expect(await sent('run.diff')).toEqual({ runId: 'run-1', candidateId: 'cand-b' });
    expect(root.querySelector<HTMLInputElement>('input[value="cand-b"]')!.checked).toBe(true);
    root.querySelector<HTMLInputElement>('input[value="cand-a"]')!.click();
    await until(() => peer.commands.filter((command) => command.name === 'run.diff').length === 2);
    expect(peer.commands.filter((command) => command.name === 'run.diff')[1]!.args).toEqual({ runId: 'run-1', candidateId: 'cand-a' });
    clickButton(root.querySelector('.gate')!, 'Merge');
    expect(await sent('run.merge')).toEqual({ runId: 'run-1', candidateId: 'cand-a' });
  });

  it('a failed follow-up still offers Merge and Discard of the work the gate showed, next to Retry', async () => {
    const root = await show(
      gateRun({
        status: 'failed',
        statusText: 'Stopped while the developer was working: The model refused this request. — retry or cancel',
        activeStates: ['devReview.failed'],
        gate: { reason: 'The reviewer approved in round 1.', escalated: false, candidates: [] },
        error: { name: 'ProviderError', code: 'provider_bad_request', message: 'The model refused this request.', retryable: false, details: { kind: 'bad_request' } },
      }),
    );
    const run = root.querySelector('.run')!;
    // The cause is said once: in the failure box, not again in the status line.
    expect(run.querySelector('.run-status-text')?.textContent).toMatch(/^Stopped while the developer was working( · round \d+ of \d+)?$/);
    expect(run.querySelector('.run-error-cause')?.textContent).toBe('The model refused this request.');
    expect(run.querySelector('.gate .gate-reason')?.textContent).toContain('Before the follow-up failed: The reviewer approved in round 1.');
    expect([...run.querySelectorAll('.run-controls button')].map((button) => button.textContent?.trim())).toContain('Retry step');
    clickButton(run.querySelector('.gate')!, 'Merge');
    expect(await sent('run.merge')).toEqual({ runId: 'run-1' });
  });

  it('counts down to the next attempt while an agent backs off, and Stop retrying stops the retries (the run then needs the person)', async () => {
    const root = await show(
      testRun({
        agents: [testAgent({ state: 'backingOff', statusText: 'the provider is overloaded — retrying in 30 s (attempt 2)', retryAt: Date.now() + 30_000 })],
      }),
    );
    const countdown = root.querySelector('[data-testid="retry-countdown"]');
    expect(countdown?.textContent).toMatch(/^Trying again in (29|30) s\./);
    expect(root.querySelector('.agent-status')?.textContent).not.toContain('backingOff');
    clickButton(countdown!, 'Stop retrying');
    expect(await sent('run.stopRetrying')).toEqual({ runId: 'run-1' });
  });
});
