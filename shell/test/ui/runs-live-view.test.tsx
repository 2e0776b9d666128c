import { afterEach, describe, expect, it } from 'vitest';
import { ProtocolPeer, testBoard, testCard, until } from './protocol-peer.js';
import { renderApp } from './render-app.js';
import { answerCommands, devReviewGraph, openCard, recordingSink, testAgent, testRun } from './runs-fixtures.js';

describe('the live view of a run', () => {
  let peer: ProtocolPeer;
  let cleanup: () => void = () => {};
  let stopAnswering: () => void = () => {};

  afterEach(async () => {
    stopAnswering();
    cleanup();
    await peer?.stop();
  });

  const show = async (run = testRun()): Promise<HTMLElement> => {
    peer = new ProtocolPeer(testBoard([testCard('a', 'backlog', 0, 'Fix login')]));
    peer.snapshotExtras = { runs: [run], statecharts: { devReview: devReviewGraph } };
    await peer.start();
    stopAnswering = answerCommands(peer, {});
    const { root, unmount } = await renderApp(peer, { notifications: recordingSink() });
    cleanup = unmount;
    openCard(root, 'a');
    await until(() => root.querySelector('.run') !== null);
    return root;
  };
  const delta = (text: string, turn = 1) => ({ runId: 'run-1', agent: 'developer-1', event: { type: 'agent.text.delta' as const, agentId: 'agent-developer-1', at: 1, turn, index: 0, text } });
  const agentText = (root: HTMLElement): string => root.querySelector('.agent[data-agent-id="developer-1"] .agent-text')?.textContent ?? '';

  it('appends streamed text deltas, in batches too, and a new view replaces them', async () => {
    const root = await show(testRun({ agents: [testAgent({ text: 'Reading the code. ' })] }));
    expect(agentText(root)).toBe('Reading the code. ');
    peer.emit('run.agent.event', delta('The bug is '));
    peer.seq += 2;
    peer.send({
      type: 'event.batch',
      events: [
        { type: 'event', seq: peer.seq - 1, topic: 'run.agent.event', data: delta('in the ') },
        { type: 'event', seq: peer.seq, topic: 'run.agent.event', data: delta('session check.') },
      ],
    });
    await until(() => agentText(root) === 'Reading the code. The bug is in the session check.');
    peer.emit('run.agent.event', delta('Fixing it now.', 2));
    await until(() => agentText(root) === 'Fixing it now.');
    peer.emit('run.updated', testRun({ updatedAt: 30, agents: [testAgent({ turn: 2, text: 'Fixing it now. Done.' })] }));
    await until(() => agentText(root) === 'Fixing it now. Done.');
  });

  it('shows the setup script\'s output as it streams, open while it runs and after it failed, folded when done', async () => {
    const running = testRun({ status: 'running', statusText: 'Setting up the worktree: `npm ci`', agents: [], setup: { worktree: 'main', script: 'npm ci', state: 'running', output: 'added 1 package\n' } });
    const root = await show(running);
    const panel = (): HTMLDetailsElement => root.querySelector('[data-testid="setup-output"]') as HTMLDetailsElement;
    expect(root.querySelector('.run-status-text')?.textContent).toMatch(/^Setting up the worktree: `npm ci`/);
    expect(panel().open).toBe(true);
    expect(panel().querySelector('summary')?.textContent).toBe('Setup npm ci — running');
    expect(panel().querySelector('pre')?.textContent).toBe('added 1 package\n');
    peer.emit('run.updated', testRun({ ...running, updatedAt: 20, setup: { worktree: 'main', script: 'npm ci', state: 'running', output: 'added 1 package\nnpm error missing script\n' } }));
    await until(() => panel().querySelector('pre')?.textContent === 'added 1 package\nnpm error missing script\n');
    peer.emit(
      'run.updated',
      testRun({
        ...running,
        updatedAt: 30,
        status: 'failed',
        statusText: 'Stopped while getting the worktree ready: Setup failed: `npm ci` exited 1 — see output — retry or cancel',
        error: { name: 'SetupFailedError', code: 'setup_failed', message: 'Setup failed: `npm ci` exited 1 — see output', retryable: true },
        setup: { worktree: 'main', script: 'npm ci', state: 'failed', output: 'npm error missing script\n' },
      }),
    );
    await until(() => panel().dataset.state === 'failed');
    expect(panel().open).toBe(true);
    expect(root.querySelector('.run-error-title')?.textContent).toBe("The project's setup script failed in the new worktree.");
    expect(root.querySelector('.run-error-cause')?.textContent).toBe('Setup failed: `npm ci` exited 1 — see output');
    peer.emit('run.updated', testRun({ ...running, updatedAt: 40, status: 'running', statusText: 'Developer is working', setup: { worktree: 'main', script: 'npm ci', state: 'done', output: 'ok\n', durationMs: 12_300 } }));
    await until(() => panel().dataset.state === 'done');
    expect(panel().querySelector('summary')?.textContent).toBe('Setup npm ci — done in 12.3 s');
  });

  it('lights the active states of the statechart, with their parents', async () => {
    const root = await show();
    const active = (): string[] => [...root.querySelectorAll('.chart-state[data-active="true"]')].map((element) => element.getAttribute('data-state-id')!);
    expect(active()).toEqual(['devReview.developing']);
    expect(root.querySelector('.chart-next')?.textContent).toContain('done: developer → reviewing');
    peer.emit('run.updated', testRun({ updatedAt: 20, activeStates: ['reviewing.reading'] }));
    await until(() => active().includes('devReview.reviewing.reading'));
    expect(active().sort()).toEqual(['devReview.reviewing', 'devReview.reviewing.reading']);
  });

  it('shows tool calls with arguments, results and file edits as diffs, and the spend', async () => {
    const root = await show(
      testRun({
        agents: [
          testAgent({
            state: 'runningTools',
            statusText: 'editing src/login.ts',
            toolCalls: [
              { callId: 'call-1', name: 'read_file', input: { path: 'src/login.ts' }, status: 'done', content: 'export function login() {}', startedAt: 1, durationMs: 40 },
              {
                callId: 'call-2',
                name: 'edit_file',
                input: { path: 'src/login.ts' },
                status: 'done',
                diff: '--- a/src/login.ts\n+++ b/src/login.ts\n@@ -1,2 +1,2 @@\n const limit = 3;\n-if (tries > limit) return;\n+if (tries >= limit) return "locked";\n',
                startedAt: 2,
              },
            ],
          }),
        ],
      }),
    );
    const calls = root.querySelectorAll('.tool-call');
    // In words on the card; the tool's own name only inside the call's details.
    expect([...calls].map((call) => call.querySelector('.tool-call-summary')?.textContent)).toEqual(['Readsrc/login.tsdone · 0.0 s', 'Editsrc/login.tsdone']);
    expect([...calls].map((call) => call.querySelector('.tool-call-details .tool-call-name')?.textContent)).toEqual(['read_file', 'edit_file']);
    // The model id and machine state are under the agent's Details, not in its header.
    expect(root.querySelector('.agent-header')?.textContent).not.toContain('test-model');
    expect(root.querySelector('.agent-details .agent-model')?.textContent).toContain('test-model');
    expect(calls[0]!.querySelector('.code-block')?.textContent).toContain('"path": "src/login.ts"');
    expect(calls[0]!.textContent).toContain('export function login() {}');
    const added = calls[1]!.querySelector('.diff-added .diff-code');
    expect(added?.textContent).toBe('if (tries >= limit) return "locked";');
    expect(added?.querySelector('.token-keyword')?.textContent).toBe('if');
    expect(added?.querySelector('.token-string')?.textContent).toBe('"locked"');
    expect(calls[1]!.querySelector('.diff-removed .diff-number')?.textContent).toBe('2');
    expect(root.querySelector('.run-usage')?.textContent).toBe('1500 tokens · $0.01');
    expect(root.querySelector('.agent-status')?.textContent).toContain('editing src/login.ts');
  });

  it('shows a failure with its reason and what happens next', async () => {
    const root = await show(
      testRun({
        status: 'failed',
        statusText: 'the developer step failed',
        error: { name: 'ProviderError', code: 'rate_limited', message: 'rate limited by the provider', retryable: true },
      }),
    );
    const alert = root.querySelector('.run > .run-error');
    // Plain words first, the cause once; the class name only in Details.
    expect(alert?.querySelector('.run-error-title')?.textContent).toBe('The model provider is limiting requests.');
    expect(alert?.querySelector('.run-error-cause')?.textContent).toBe('rate limited by the provider');
    expect(alert?.querySelector('.run-next')?.textContent).toBe('The work so far is kept on its branch.');
    expect(alert?.querySelector('details.run-error-details')?.textContent).toContain('ProviderError');
    expect([...alert!.querySelectorAll('button')].map((button) => button.textContent)).toEqual(['Change model and retry']);
    expect(root.querySelector('.card[data-card-id="a"] .run-pill')?.getAttribute('aria-label')).toBe('Run: Failed — the developer step failed');
  });

  it('a refused key says whose, once, and opens Settings at that key', async () => {
    const refused = { name: 'AgentStepFailedError', code: 'provider_auth', message: 'invalid x-api-key', retryable: false, details: { kind: 'auth', provider: 'anthropic', status: 401 } };
    const root = await show(
      testRun({
        status: 'failed',
        statusText: 'Stopped at developing: invalid x-api-key — retry or cancel',
        error: refused,
        agents: [testAgent({ state: 'failed', provider: 'anthropic', error: refused })],
      }),
    );
    const alert = root.querySelector('.run > .run-error');
    expect(alert?.querySelector('.run-error-title')?.textContent).toBe('The Anthropic key was refused — open Settings to change it.');
    // The cause is said once in the whole run view: not again on the agent, not in the status line.
    expect(root.querySelector('.run')?.textContent?.split('invalid x-api-key').length).toBe(2);
    const open = [...alert!.querySelectorAll('button')].find((button) => button.textContent === 'Open Settings at the Anthropic key');
    expect(open?.getAttribute('data-settings-target')).toBe('providers.anthropic.apiKey');
    open!.click();
    await until(() => root.ownerDocument.querySelector('[data-testid="settings"]') !== null);
    await until(() => root.ownerDocument.querySelector('[data-settings-target="providers.anthropic.apiKey"].settings-target') !== null);
  });

  it('while retrying shows a countdown; Stop retrying asks the host to stop, and the stop says why', async () => {
    const retryAt = Date.now() + 20_000;
    const root = await show(testRun({ status: 'running', statusText: 'Developer is waiting to try the model again', agents: [testAgent({ state: 'backingOff', statusText: 'Retrying soon', retryAt })] }));
    const countdown = root.querySelector('[data-testid="retry-countdown"]');
    expect(countdown?.textContent).toMatch(/Trying again in (19|20) s\./);
    const stop = [...countdown!.querySelectorAll('button')].find((button) => button.textContent?.trim() === 'Stop retrying');
    stop!.click();
    await until(() => peer.commands.some((command) => command.name === 'run.stopRetrying'));
    expect(peer.commands.find((command) => command.name === 'run.stopRetrying')?.args).toEqual({ runId: 'run-1' });
    const overloaded = { name: 'AgentStepFailedError', code: 'provider_overloaded', message: 'Overloaded', retryable: true, details: { kind: 'overloaded', provider: 'anthropic', status: 529, retries: { attempts: 3, elapsedMs: 7_400, stoppedBy: 'person' } } };
    peer.emit('run.updated', testRun({ status: 'failed', updatedAt: 40, statusText: 'Stopped at developing: Overloaded — retry or cancel', error: overloaded, agents: [testAgent({ state: 'failed', error: overloaded })] }));
    await until(() => root.querySelector('.run-error-retries') !== null);
    expect(root.querySelector('.run-error-retries')?.textContent).toBe('You stopped the retries after 3 attempts in 7 s.');
    expect(root.querySelector('[data-testid="retry-countdown"]')).toBeNull();
  });

  it('says when Kanbots gave up on a failure that lasted', async () => {
    const unreachable = { name: 'AgentStepFailedError', code: 'provider_network', message: 'Connection error.', retryable: true, details: { kind: 'network', provider: 'openai', retries: { attempts: 7, elapsedMs: 92_000, stoppedBy: 'time' } } };
    const root = await show(testRun({ status: 'failed', statusText: 'Stopped', error: unreachable }));
    expect(root.querySelector('.run-error-title')?.textContent).toBe('The model provider could not be reached.');
    expect(root.querySelector('.run-error-retries')?.textContent).toBe('Kanbots stopped retrying after 7 attempts in 1 min 32 s: the problem lasted longer than it waits.');
    expect(root.querySelector('.run-error [data-settings-target="providers.openai.baseURL"]')?.textContent).toBe('Check the OpenAI address in Settings');
  });

  it('shows the review rounds and their findings', async () => {
    const root = await show(
      testRun({
        round: 2,
        reviews: [
          { round: 1, verdict: 'request_changes', summary: 'Off by one', findings: [{ file: 'src/login.ts', line: 2, severity: 'blocker', message: 'locks one try late' }] },
        ],
      }),
    );
    expect(root.querySelector('.run-round')?.textContent).toContain('round 2 of 3');
    const review = root.querySelector('.review')!;
    expect(review.querySelector('summary')?.textContent).toContain('Round 1: changes requested · 1 finding');
    expect(review.querySelector('.finding')?.textContent).toContain('src/login.ts:2');
  });

  it("never counts past the limit after a person's review: the agents' rounds are counted since it", async () => {
    const reviews = [
      { round: 1, verdict: 'request_changes' as const, findings: [] },
      { round: 2, verdict: 'request_changes' as const, by: 'human' as const, findings: [{ file: 'src/login.ts', line: 2, severity: 'minor' as const, message: 'rename' }] },
      { round: 3, verdict: 'request_changes' as const, findings: [] },
    ];
    const root = await show(testRun({ round: 4, maxRounds: 3, cycleStart: 2, reviews }));
    expect(root.querySelector('.run-round')?.textContent).toBe(' · round 4 (2 of 3 since your review)');
    expect(root.querySelector('.run-round')?.textContent).not.toContain('4 of 3');
  });
});
