import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { commandNames, topicNames, type RunView } from '@kanbots/core/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppState } from '../../src/ui/state/app-state.js';
import { HostConnection } from '../../src/ui/transport/host-connection.js';
import { until } from './protocol-peer.js';
import { InProcessTransport, startRealHost, type RealHost } from './real-host.js';
import { renderAppOver } from './render-app.js';
import { recordingSink } from './runs-fixtures.js';

/**
 * Every command of the protocol, sent by the UI's own code (its stores and intents, or for the
 * commands no screen sends yet, its host connection) through its transport to the real host
 * session (core runtime, protocol session, board service, scripted model), each answered `ok`
 * and doing what it says. The last case enumerates `protocolCommands` and `protocolTopics`: a
 * command or topic added to the protocol without an integration case here fails it.
 */

describe('every command and topic against the real host', () => {
  let host: RealHost;
  let app: AppState;
  let unmount: () => void = () => {};
  /** The UI's host connection on a second transport, for commands no store sends. */
  let direct: HostConnection;
  let directTransport: InProcessTransport;

  beforeAll(async () => {
    host = await startRealHost();
    ({ app, unmount } = await renderAppOver(host.transport, { notifications: recordingSink(), connection: { backoff: { initialMs: 5, maximumMs: 20 } } }));
    directTransport = new InProcessTransport(() => host.runtime);
    direct = new HostConnection(directTransport);
    direct.start();
    await until(() => direct.state === 'online');
  }, 60_000);

  afterAll(async () => {
    direct?.stop();
    directTransport?.close();
    unmount();
    await host?.stop();
  });

  const settled = () => until(() => app.board.pendingCount() === 0);
  const board = () => app.board.board()!;
  const cardTitled = (title: string) => board().cards.find((card) => card.title === title);
  const columnNamed = (name: string) => board().columns.find((column) => column.name === name);

  const createCard = async (title: string): Promise<string> => {
    app.intents.createCard(board().columns[0]!.id, title);
    await until(() => app.board.pendingCount() === 0 && cardTitled(title) !== undefined);
    return cardTitled(title)!.id;
  };

  const runOf = (cardId: string): RunView | undefined => app.runs.runOfCard(cardId);
  /** What a wait on a card's run reports when it times out. */
  const seenRun = (cardId: string) => () => {
    const run = runOf(cardId);
    return run && { status: run.status, statusText: run.statusText, approvals: run.pendingApprovals.length, gate: run.gate, problems: app.runs.problems(), toasts: app.toasts.toasts() };
  };
  const start = async (cardId: string, lane: string): Promise<RunView> => {
    const view = await app.runs.start({ cardId, workflow: 'solo', options: { model: lane, repository: host.repository.path, baseBranch: 'main' } });
    expect(view, 'run.start answered with the run').toBeDefined();
    return view!;
  };

  it('changes the board through every board command', async () => {
    app.intents.renameBoard('Contract board');
    await settled();
    expect(board().name).toBe('Contract board');
    const cardId = await createCard('A card to shape');
    app.intents.updateCard(cardId, { description: 'with words' });
    await settled();
    expect(cardTitled('A card to shape')!.description).toBe('with words');
    app.intents.addColumn('Later');
    await until(() => app.board.pendingCount() === 0 && columnNamed('Later') !== undefined);
    app.intents.renameColumn(columnNamed('Later')!.id, 'Someday');
    await settled();
    app.intents.moveColumn(columnNamed('Someday')!.id, 0);
    await settled();
    expect([...board().columns].sort((a, b) => a.order - b.order)[0]!.name).toBe('Someday');
    app.intents.moveCard(cardId, columnNamed('Someday')!.id, 0);
    await settled();
    expect(cardTitled('A card to shape')!.columnId).toBe(columnNamed('Someday')!.id);
    app.intents.archiveCard(cardId);
    await until(() => app.board.pendingCount() === 0 && cardTitled('A card to shape')!.archived === true);
    app.intents.unarchiveCard(cardId);
    await until(() => app.board.pendingCount() === 0 && cardTitled('A card to shape')!.archived !== true);
    app.intents.deleteCard(cardId);
    await until(() => app.board.pendingCount() === 0 && cardTitled('A card to shape') === undefined);
    app.intents.removeColumn(columnNamed('Someday')!.id);
    await until(() => app.board.pendingCount() === 0 && columnNamed('Someday') === undefined);
    expect(app.toasts.toasts()).toEqual([]);
  });

  it('reads and changes settings and keys, and tests a provider', async () => {
    await app.settings.load();
    expect(app.settings.settings()?.limits.global).toBe(4);
    expect(await app.settings.update({ limits: { global: 2 } })).toBe(true);
    await until(() => app.settings.settings()?.limits.global === 2);
    expect(await app.settings.setSecret('openai.apiKey', 'sk-contract-test-key-0001')).toBe(true);
    await until(() => app.settings.view()?.secrets['openai.apiKey']?.set === true);
    expect(await app.settings.deleteSecret('openai.apiKey')).toBe(true);
    await until(() => app.settings.view()?.secrets['openai.apiKey']?.set === false);
    // No key for the provider: the check answers, plainly, that it could not be made.
    const check = await direct.request('providers.test', { provider: 'compatible' });
    expect(check.ok).toBe(false);
  });

  it('asks, is approved, is denied, changes the git configuration, shows the diff, follows up, undoes the configuration change and merges', async () => {
    const cardId = await createCard('A card with approvals');
    host.server.script('approval-lane', [
      { toolCalls: [{ name: 'run_command', input: { command: 'echo first' } }] },
      { toolCalls: [{ name: 'run_command', input: { command: 'echo second' } }] },
      { toolCalls: [{ name: 'write_file', input: { path: 'contract.txt', content: 'written\n' } }] },
      { toolCalls: [{ name: 'finish', input: { summary: 'wrote contract.txt' } }] },
      { toolCalls: [{ name: 'finish', input: { summary: 'followed up' } }] },
      { toolCalls: [{ name: 'finish', input: { summary: 'answered your review' } }] },
    ]);
    const started = await start(cardId, 'approval-lane');
    await until(() => runOf(cardId)?.pendingApprovals.length === 1, seenRun(cardId));
    const first = runOf(cardId)!.pendingApprovals[0]!;
    // While the command waits, the repository's configuration changes, as an agent's shell could.
    const config = join(host.repository.path, '.git', 'config');
    const configBefore = await readFile(config, 'utf8');
    await promisify(execFile)('git', ['config', 'core.hooksPath', '.agent-hooks'], { cwd: host.repository.path, env: host.repository.gitEnvironment });
    expect(await app.runs.approve(started.id, first.agentId, first.callId)).toBe(true);
    await until(() => runOf(cardId)?.pendingApprovals.some((approval) => approval.callId !== first.callId) === true, seenRun(cardId));
    const second = runOf(cardId)!.pendingApprovals[0]!;
    expect(await app.runs.deny(started.id, second.agentId, second.callId, 'not this one')).toBe(true);
    // The gate opens, and says what changed in the configuration once it has compared it.
    await until(() => runOf(cardId)?.gate?.gitConfig !== undefined, seenRun(cardId));
    expect(runOf(cardId)!.gate!.gitConfig!.changes.map((change) => change.description)).toEqual(['core.hooksPath set to ".agent-hooks"']);
    const files = await app.runs.diff(started.id);
    expect(files.map((file) => file.path)).toEqual(['contract.txt']);
    expect(await app.runs.followUp(started.id, 'One more look, please')).toBe(true);
    await until(() => host.server.requests.filter((request) => request.model === 'approval-lane').length === 5 && runOf(cardId)?.gate !== undefined, seenRun(cardId));
    expect(await app.runs.undoGitConfig(started.id)).toBe(true);
    await until(() => runOf(cardId)?.gate?.gitConfig === undefined, seenRun(cardId));
    expect(await readFile(config, 'utf8')).toBe(configBefore);
    // The person's own review from the card page goes to the developer as findings, and the gate comes back.
    const reviewed = await direct.request('run.review', { runId: started.id, comments: [{ file: 'contract.txt', line: 1, message: 'Say what the contract is, not just "written".' }] });
    expect(reviewed.id).toBe(started.id);
    await until(() => host.server.requests.filter((request) => request.model === 'approval-lane').length === 6 && runOf(cardId)?.gate !== undefined, seenRun(cardId));
    expect(JSON.stringify(host.server.requests.filter((request) => request.model === 'approval-lane')[5]!.body)).toContain('Say what the contract is');
    // Its activity log, oldest first, holds the approvals and the review.
    const activity = await direct.request('run.activity', { runId: started.id });
    expect(activity.records.length).toBeGreaterThan(0);
    expect(JSON.stringify(activity.records)).toContain('Say what the contract is');
    expect(await app.runs.merge(started.id)).toBe(true);
    await until(() => runOf(cardId)?.status === 'merged', seenRun(cardId));
  }, 60_000);

  it('pauses a run mid-answer, resumes it to its gate and discards it', async () => {
    const cardId = await createCard('A card to pause');
    host.server.script('pause-lane', [{ fault: 'hang' }, { toolCalls: [{ name: 'finish', input: { summary: 'after the pause' } }] }]);
    const started = await start(cardId, 'pause-lane');
    await until(() => host.server.requests.some((request) => request.model === 'pause-lane'), seenRun(cardId));
    expect(await app.runs.pause(started.id)).toBe(true);
    await until(() => runOf(cardId)?.status === 'paused', seenRun(cardId));
    expect(await app.runs.resume(started.id)).toBe(true);
    await until(() => runOf(cardId)?.gate !== undefined, seenRun(cardId));
    expect(await app.runs.discard(started.id)).toBe(true);
    await until(() => runOf(cardId)?.status === 'discarded', seenRun(cardId));
  }, 60_000);

  it('retries a failed run, cancels it, and reads runs back one by one and all together', async () => {
    const cardId = await createCard('A card to retry');
    host.server.script('retry-lane', [{ fault: 'status', status: 401, message: 'invalid x-api-key' }, { fault: 'hang' }]);
    const started = await start(cardId, 'retry-lane');
    await until(() => runOf(cardId)?.status === 'failed', seenRun(cardId));
    expect(await app.runs.retry(started.id)).toBe(true);
    await until(() => runOf(cardId)?.status === 'running' && host.server.requests.filter((request) => request.model === 'retry-lane').length === 2, seenRun(cardId));
    expect(await app.runs.cancel(started.id)).toBe(true);
    await until(() => runOf(cardId)?.status === 'cancelled', seenRun(cardId));
    expect((await direct.request('run.get', { runId: started.id })).status).toBe('cancelled');
    const { runs } = await direct.request('runs.list', {});
    expect(runs.map((run) => run.id)).toContain(started.id);
  }, 60_000);

  it('stops the retries of a run waiting to try the model again: it fails with the last error and needs the person', async () => {
    const cardId = await createCard('A card that stops retrying');
    host.server.script('stop-retrying-lane', [{ fault: 'status', status: 529, retryAfter: '30' }]);
    const started = await start(cardId, 'stop-retrying-lane');
    await until(() => runOf(cardId)?.agents[0]?.state === 'backingOff' && runOf(cardId)?.agents[0]?.retryAt !== undefined, seenRun(cardId));
    expect(await app.runs.stopRetrying(started.id)).toBe(true);
    await until(() => runOf(cardId)?.status === 'failed', seenRun(cardId));
    expect(runOf(cardId)?.error?.details?.['retries']).toMatchObject({ attempts: 1, stoppedBy: 'person' });
    expect(host.server.requests.filter((request) => request.model === 'stop-retrying-lane')).toHaveLength(1);
    expect(await app.runs.cancel(started.id)).toBe(true);
    await until(() => runOf(cardId)?.status === 'cancelled', seenRun(cardId));
  }, 60_000);

  it('answers the snapshot, the heartbeat and a repository registration', async () => {
    const { snapshot } = await direct.request('snapshot.get', {});
    expect((snapshot as { board: { name: string } }).board.name).toBe('Contract board');
    expect((await direct.request('host.ping', {})).seq).toBeGreaterThan(0);
    const repository = await direct.request('repositories.register', { path: host.repository.path });
    expect(repository.path).toBeTruthy();
  });

  it('checks a run before it starts (nothing created when it is refused) and describes the agent CLIs', async () => {
    const cardId = await createCard('A card checked first');
    const ready = await direct.request('run.check', { cardId, workflow: 'solo', options: { repository: host.repository.path, baseBranch: 'main' } });
    expect(ready.problems).toEqual([]);
    const wrongBranch = await direct.request('run.check', { cardId, workflow: 'solo', options: { repository: host.repository.path, baseBranch: 'no-such-branch' } });
    expect(wrongBranch.problems.map((problem) => [problem.code, problem.field])).toEqual([['base_branch_missing', 'baseBranch']]);
    expect(runOf(cardId)).toBeUndefined();
    const agents = await direct.request('agents.status', {});
    expect(agents.clis.map((cli) => cli.name)).toEqual(['claude-code', 'codex']);
  });

  it('checks a folder, lists the repositories it knows, adds, changes and removes a project, and starts the demo', async () => {
    const check = await app.projects.check(join(host.repository.path, 'src'));
    expect(check).toMatchObject({ ok: true, path: host.repository.path, branches: ['main'], defaultBranch: 'main' });
    await app.projects.loadRecent();
    expect(app.projects.recent().map((repository) => repository.path)).toContain(host.repository.path);
    const projectId = await app.projects.add({ repository: host.repository.path, name: 'Contract project', baseBranch: 'main' });
    expect(projectId, 'project.add answered with the new project').toBeDefined();
    expect(await app.projects.update(projectId!, { name: 'Renamed project' })).toBe(true);
    expect(app.projects.project(projectId)?.name).toBe('Renamed project');
    expect(await app.projects.remove(projectId!)).toBe(true);
    expect(app.projects.projects()).toEqual([]);
    const demo = await app.projects.startDemo();
    expect(demo.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=/);
    expect(app.toasts.toasts()).toEqual([]);
  }, 60_000);

  it('lists the worktrees with their size and removes one, its work committed to the branch it keeps', async () => {
    const cardId = await createCard('A card with a worktree');
    const worktree = await host.runtime.kanbots.worktrees.createWorktree({ repository: host.repository.path, cardId, title: 'A card with a worktree' });
    await host.repository.writeFiles({ 'draft.txt': 'not committed yet\n' }, worktree.path);
    await app.worktrees.load();
    const listed = app.worktrees.worktrees().find((item) => item.id === worktree.id);
    expect(listed).toMatchObject({ cardTitle: 'A card with a worktree', branch: worktree.branch, state: 'active', inUse: false });
    expect(app.worktrees.totalBytes()).toBeGreaterThanOrEqual(listed!.diskBytes!);
    const removed = await app.worktrees.remove(worktree.id);
    expect(removed).toMatchObject({ branch: worktree.branch, snapshotCommit: expect.stringMatching(/^[0-9a-f]{40}$/) });
    expect(app.worktrees.worktrees().some((item) => item.id === worktree.id)).toBe(false);
    expect(await host.repository.git(['show', `${worktree.branch}:draft.txt`])).toBe('not committed yet\n');
  }, 60_000);

  it('starts a card’s dev server in its run’s worktree, shows its address and output, and stops it', async () => {
    await host.repository.writeFiles({ '.kanbots/config.json': JSON.stringify({ worktrees: { scripts: { run: 'echo "serving at http://localhost:$KANBOTS_PORT/"; exec sleep 300' } } }) });
    try {
      const cardId = await createCard('A card with a dev server');
      host.server.script('dev-server-lane', [{ toolCalls: [{ name: 'finish', input: { summary: 'ready to try' } }] }]);
      await start(cardId, 'dev-server-lane');
      await until(() => runOf(cardId)?.status === 'needs_you', seenRun(cardId));
      await app.devServers.load(cardId);
      await app.devServers.start(cardId);
      expect(app.devServers.problem(cardId)).toBeUndefined();
      await until(() => app.devServers.of(cardId)?.url !== undefined, () => app.devServers.of(cardId));
      expect(app.devServers.of(cardId)).toMatchObject({ state: 'running', url: expect.stringMatching(/^http:\/\/localhost:\d+\/$/) });
      expect(app.devServers.of(cardId)!.output).toContain('serving at');
      await app.devServers.stop(cardId);
      expect(app.devServers.of(cardId)?.state).toBe('stopped');
      await app.devServers.load(cardId);
      expect(app.devServers.of(cardId)?.state).toBe('stopped');
      await app.runs.discard(runOf(cardId)!.id);
      await until(() => runOf(cardId)?.status === 'discarded', seenRun(cardId));
    } finally {
      await rm(join(host.repository.path, '.kanbots'), { recursive: true, force: true });
    }
  }, 60_000);

  it('reads and saves a project’s worktree settings in its repository', async () => {
    const projectId = await app.projects.add({ repository: host.repository.path, name: 'Settings project', baseBranch: 'main' });
    try {
      expect(await app.worktrees.readSettings(host.repository.path)).toMatchObject({ source: { kind: 'none' }, editable: true, settings: { pool: { size: 0 } } });
      const saved = await app.worktrees.writeSettings(host.repository.path, { links: ['node_modules'], scripts: { run: 'node server.js' } });
      expect(saved).toMatchObject({ source: { kind: 'kanbots', file: '.kanbots/config.toml' }, settings: { links: ['node_modules'], scripts: { run: 'node server.js' } } });
      await expect(app.worktrees.writeSettings(host.repository.path, { links: ['../outside'] })).rejects.toThrow('Links, line 1: must stay inside the repository');
    } finally {
      await rm(join(host.repository.path, '.kanbots'), { recursive: true, force: true });
      await app.projects.remove(projectId!);
    }
  }, 60_000);

  it('opens a pull request at the gate, sends a failed check to the developer, and finishes when it is merged on GitHub', async () => {
    const cardId = await createCard('A card for a pull request');
    host.server.script('pull-request-lane', [
      { toolCalls: [{ name: 'write_file', input: { path: 'pr.txt', content: 'first\n' } }] },
      { toolCalls: [{ name: 'finish', input: { summary: 'wrote pr.txt' } }] },
      { toolCalls: [{ name: 'write_file', input: { path: 'pr.txt', content: 'fixed\n' } }] },
      { toolCalls: [{ name: 'finish', input: { summary: 'fixed the check' } }] },
    ]);
    const started = await start(cardId, 'pull-request-lane');
    await until(() => runOf(cardId)?.gate !== undefined, seenRun(cardId));
    // The dialog's draft: the card's title, and a body that names the developer's summary.
    expect(await app.runs.pullRequestDraft(started.id)).toEqual({ title: 'A card for a pull request', body: expect.stringContaining('wrote pr.txt') });
    expect(await app.runs.openPullRequest(started.id, { title: 'Write pr.txt' })).toBe(true);
    await until(() => runOf(cardId)?.pullRequest?.state === 'open', seenRun(cardId));
    const head = (await host.repository.git(['ls-remote', 'origin', runOf(cardId)!.pullRequest!.branch])).split('\t')[0]!;
    host.github.setCheck('acme', 'widgets', head, { name: 'tests', conclusion: 'failure', summary: 'pr.txt should say fixed' });
    await until(() => runOf(cardId)?.pullRequest?.checks.length === 1 && runOf(cardId)?.status === 'needs_you', seenRun(cardId));
    expect(await app.runs.sendPullRequestFeedback(started.id)).toBe(true);
    await until(() => host.server.requests.filter((request) => request.model === 'pull-request-lane').length === 4 && runOf(cardId)?.pullRequest?.checks.length === 0, seenRun(cardId));
    await host.github.mergePullRequest('acme', 'widgets', runOf(cardId)!.pullRequest!.number);
    await until(() => runOf(cardId)?.status === 'merged', seenRun(cardId));
    expect(runOf(cardId)?.pullRequest?.state).toBe('merged');
  }, 60_000);

  it('has sent every command of the protocol and received every topic, each command answered ok', () => {
    const answered = new Map<string, Set<string>>();
    for (const ledger of [host.transport.answered, directTransport.answered]) {
      for (const [name, outcomes] of ledger) answered.set(name, new Set([...(answered.get(name) ?? []), ...outcomes]));
    }
    const missing = commandNames.filter((name) => !answered.get(name)?.has('ok'));
    expect(missing, 'commands without an integration case answered ok by the real host').toEqual([]);
    const topics = new Set([...host.transport.topics, ...directTransport.topics]);
    expect(topicNames.filter((topic) => !topics.has(topic)), 'topics the real host never published here').toEqual([]);
  });
});
