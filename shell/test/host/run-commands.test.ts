import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { eventsOf, type Board, type EventMessage, type ServerMessage } from '@kanbots/core';
import { RUN_AGENT_EVENT_TOPIC, RUN_UPDATED_TOPIC, runViewSchema, type DiffFileView, type RunView } from '@kanbots/core/protocol';
import { demoModels, demoSources } from '@kanbots/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type RunningDemo } from '../../src/host/demo.js';
import { toRunOptions } from '../../src/host/run-commands.js';
import { openClient, type ProtocolTestClient } from './host-test-context.js';

/**
 * The run commands over a real WebSocket against the demo (the scripted developer and reviewer):
 * refusals that change nothing, then one whole dev ⇄ review run driven only through the protocol,
 * a discarded run whose branch stays, and the runs in the hello snapshot of a new connection.
 * Steps build on each other (one demo), so they run in order.
 */

const run = promisify(execFile);
const gitEnvironment = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };

function runUpdates(client: ProtocolTestClient, runId?: string): RunView[] {
  return client.received
    .flatMap((message) => eventsOf(message))
    .filter((event) => event.topic === RUN_UPDATED_TOPIC)
    .map((event) => runViewSchema.parse(event.data))
    .filter((view) => runId === undefined || view.id === runId);
}

/** Waits for a `run.updated` of the run that satisfies `predicate` (seen already or still to come). */
async function waitForRun(client: ProtocolTestClient, runId: string, predicate: (view: RunView) => boolean): Promise<RunView> {
  const matches = (event: EventMessage): boolean => {
    if (event.topic !== RUN_UPDATED_TOPIC) return false;
    const view = runViewSchema.parse(event.data);
    return view.id === runId && predicate(view);
  };
  const message = await client.next((candidate) => eventsOf(candidate).some(matches));
  return runViewSchema.parse(eventsOf(message).find(matches)!.data);
}

async function resultOf<T>(client: ProtocolTestClient, id: string, name: string, args: unknown): Promise<T> {
  const reply = await client.command(id, name, args);
  if (!reply.ok) throw new Error(`${name} failed: ${reply.error.code} ${reply.error.message}`);
  return reply.result as T;
}

function helloOf(client: ProtocolTestClient): Extract<ServerMessage, { type: 'hello' }> {
  return client.received.find((message) => message.type === 'hello') as Extract<ServerMessage, { type: 'hello' }>;
}

describe('run commands over the protocol, against the scripted demo', () => {
  let demo: RunningDemo;
  let client: ProtocolTestClient;
  let devReviewRun: RunView;

  beforeAll(async () => {
    demo = await startDemo({ latencyMs: 5, chunkDelayMs: 1 });
    client = await openClient(demo.host.port, demo.host.token);
  });

  afterAll(async () => {
    client?.socket.terminate();
    await demo?.stop();
  });

  it('refuses a bad run.start with an error reply and changes nothing', async () => {
    const boardBefore = JSON.stringify(demo.host.kanbots.board.getBoard());
    const refusals: Array<[unknown, string]> = [
      [{ cardId: 'card-that-does-not-exist', workflow: 'dev-review' }, 'not_found'],
      [{ cardId: demo.cardId, workflow: 'ping-pong' }, 'validation_failed'],
      [{ cardId: demo.cardId, workflow: 'dev-review', options: { maxRounds: 0 } }, 'validation_failed'],
      [{ cardId: demo.cardId, workflow: 'dev-review', options: { sudo: true } }, 'validation_failed'],
      [{ cardId: demo.cardId, workflow: 'dev-review', options: { provider: 'telepathy' } }, 'validation_failed'],
      [{ cardId: demo.cardId }, 'validation_failed'],
    ];
    for (const [index, [args, code]] of refusals.entries()) {
      const reply = await client.command(`bad-${index}`, 'run.start', args);
      expect(reply.ok, JSON.stringify(args)).toBe(false);
      if (!reply.ok) expect(reply.error.code, JSON.stringify(args)).toBe(code);
    }
    const unknownRun = await client.command('unknown-run', 'run.approve', { runId: 'run-nope', agentId: 'developer', callId: 'call-1' });
    expect(unknownRun.ok).toBe(false);
    expect(demo.host.kanbots.runs.list()).toEqual([]);
    expect(JSON.stringify(demo.host.kanbots.board.getBoard())).toBe(boardBefore);
    expect(runUpdates(client)).toEqual([]);
  });

  it('plays a whole dev ⇄ review run: live updates, an approval, two reviews, the gate, the diff, the merge', async () => {
    // The options exactly as the run form sends them.
    const options = { provider: 'anthropic', model: 'claude-sonnet-4-6', personas: { developer: 'developer', reviewer: 'reviewer' }, maxRounds: 3 };
    const started = await resultOf<RunView>(client, 'start', 'run.start', { cardId: demo.cardId, workflow: 'dev-review', options });
    expect(started).toMatchObject({ cardId: demo.cardId, workflow: 'dev-review', machine: 'dev-review', maxRounds: 3 });
    const runId = started.id;

    const asking = await waitForRun(client, runId, (view) => view.pendingApprovals.length > 0);
    expect(asking.status).toBe('needs_you');
    expect(asking.round).toBe(1);
    const approval = asking.pendingApprovals[0]!;
    expect(approval).toMatchObject({ tool: 'run_command', input: { command: 'npm test' } });
    const developer = asking.agents.find((agent) => agent.id === approval.agentId)!;
    expect(developer).toMatchObject({ role: 'developer', state: 'awaitingApproval', model: `scripted:${demoModels.developer}`, credential: 'the scripted model (no key)' });
    expect(developer.toolCalls.map((call) => [call.name, call.status])).toEqual([
      ['list_files', 'done'],
      ['read_file', 'done'],
      ['edit_file', 'done'],
      ['run_command', 'awaiting_approval'],
    ]);
    expect(developer.toolCalls.find((call) => call.name === 'edit_file')?.diff).toContain("+  return text.toLowerCase().replace(/[^a-z0-9 ]/g, '').trim().split(/ +/).join('-');");

    const approved = await resultOf<RunView>(client, 'approve', 'run.approve', { runId, agentId: approval.agentId, callId: approval.callId });
    expect(approved.pendingApprovals).toEqual([]);

    const atGate = await waitForRun(client, runId, (view) => view.status === 'needs_you' && view.gate !== undefined);
    expect(atGate.round).toBe(2);
    expect(atGate.reviews.map((review) => review.verdict)).toEqual(['request_changes', 'approve']);
    expect(atGate.reviews[0]!.findings).toEqual([expect.objectContaining({ file: 'src/slugify.js', line: 2, severity: 'major' })]);
    expect(atGate.gate).toMatchObject({ escalated: false, candidates: [expect.objectContaining({ recommended: true, branch: expect.stringMatching(/^kanbots\//) })] });
    expect(atGate.activeStates.some((state) => state.endsWith('gate'))).toBe(true);

    // The wire: every event's seq is one more than the last; the text came as batched deltas.
    const seqs = client.received.flatMap((message) => eventsOf(message)).map((event) => event.seq);
    expect(seqs.length).toBeGreaterThan(10);
    expect(seqs).toEqual(seqs.map((_, index) => seqs[0]! + index));
    const batchedDeltas = client.received
      .filter((message) => message.type === 'event.batch')
      .flatMap((message) => eventsOf(message))
      .filter((event) => event.topic === RUN_AGENT_EVENT_TOPIC && (event.data as { event: { type: string } }).event.type === 'agent.text.delta');
    expect(batchedDeltas.length).toBeGreaterThan(0);
    const streamed = batchedDeltas.map((event) => (event.data as { event: { text: string } }).event.text).join('');
    expect(streamed).toContain('[scripted model] Let me look at the project first.');
    const updates = runUpdates(client, runId);
    expect(new Set(updates.map((view) => view.status))).toEqual(new Set(['running', 'needs_you']));
    expect(new Set(updates.flatMap((view) => view.activeStates)).size).toBeGreaterThan(3);

    const { files } = await resultOf<{ files: DiffFileView[] }>(client, 'diff', 'run.diff', { runId });
    expect(files.map((file) => [file.path, file.status])).toEqual([
      ['src/slugify.js', 'modified'],
      ['test/slugify.test.js', 'modified'],
    ]);
    const slugify = files.find((file) => file.path === 'src/slugify.js')!;
    expect(slugify.patch).toMatch(/^diff --git a\/src\/slugify\.js b\/src\/slugify\.js/);
    expect(slugify.patch).toContain("+    .normalize('NFD')");
    expect(slugify.patch).not.toContain('test/slugify.test.js');
    expect(slugify.additions).toBeGreaterThan(0);

    const merging = await resultOf<RunView>(client, 'merge', 'run.merge', { runId });
    expect(merging.id).toBe(runId);
    devReviewRun = await waitForRun(client, runId, (view) => view.status === 'merged');
    expect(devReviewRun.gate).toBeUndefined();
    await demo.host.kanbots.runs.waitFor(runId, (summary) => summary.status === 'merged');
    const { stdout } = await run('git', ['show', 'main:src/slugify.js'], { cwd: demo.repository, env: gitEnvironment });
    expect(stdout).toBe(demoSources.slugifyRoundTwo);
    const board = demo.host.kanbots.board.getBoard();
    const done = board.columns.find((column) => column.name === 'Done')!;
    expect(board.cards.find((card) => card.id === demo.cardId)?.columnId).toBe(done.id);
    expect(() => demo.server.assertComplete()).not.toThrow();
  }, 60_000);

  it('discards another run at its gate and keeps its work on the branch', async () => {
    const other = demo.host.kanbots.board.getBoard().cards.find((card) => card.title === 'Try your own card')!;
    demo.server.script(demoModels.developer, [
      { text: 'Writing notes. ', toolCalls: [{ name: 'write_file', input: { path: 'NOTES.md', content: 'Kept on the branch.\n' } }] },
      { toolCalls: [{ name: 'finish', input: { summary: 'Notes written.' } }] },
    ]);
    const started = await resultOf<RunView>(client, 'start-solo', 'run.start', { cardId: other.id, workflow: 'solo', options: { repository: demo.repository, baseBranch: 'main' } });
    const atGate = await waitForRun(client, started.id, (view) => view.gate !== undefined && view.status === 'needs_you');
    const branch = atGate.gate!.candidates[0]!.branch;
    const discarded = await resultOf<RunView>(client, 'discard', 'run.discard', { runId: started.id });
    expect(discarded.id).toBe(started.id);
    const finished = await waitForRun(client, started.id, (view) => view.status === 'discarded');
    expect(finished.gate).toBeUndefined();
    const { stdout } = await run('git', ['show', `${branch}:NOTES.md`], { cwd: demo.repository, env: gitEnvironment });
    expect(stdout).toBe('Kept on the branch.\n');
    expect(await readFile(join(demo.repository, 'src', 'slugify.js'), 'utf8')).toBe(demoSources.slugifyRoundTwo);
    await expect(run('git', ['show', 'main:NOTES.md'], { cwd: demo.repository, env: gitEnvironment })).rejects.toThrow();
  }, 30_000);

  it('gives a new connection every run in its hello snapshot, with the statecharts', async () => {
    const again = await openClient(demo.host.port, demo.host.token);
    try {
      const snapshot = helloOf(again).snapshot as { board: Board; runs: unknown[]; statecharts: Record<string, { id: string; states: unknown[] }> };
      const runs = snapshot.runs.map((item) => runViewSchema.parse(item));
      expect(runs.map((view) => [view.workflow, view.status])).toEqual([
        ['dev-review', 'merged'],
        ['solo', 'discarded'],
      ]);
      expect(runs[0]).toMatchObject({ id: devReviewRun.id, reviews: devReviewRun.reviews, round: 2 });
      expect(Object.keys(snapshot.statecharts)).toEqual(expect.arrayContaining(['solo', 'dev-review', 'best-of-n', 'pipeline']));
      expect(snapshot.statecharts['dev-review']!.states.length).toBeGreaterThan(3);
      const listed = await resultOf<{ runs: RunView[] }>(again, 'list', 'runs.list', {});
      expect(listed.runs.map((view) => view.id)).toEqual(runs.map((view) => view.id));
    } finally {
      again.socket.terminate();
    }
  });
});

describe('the run form\'s provider choice, as run options', () => {
  it('qualifies a bare model with an API provider, and leaves a qualified one', () => {
    expect(toRunOptions({ provider: 'anthropic', model: 'claude-sonnet-4-6', maxRounds: 2 })).toEqual({ model: 'anthropic:claude-sonnet-4-6', maxRounds: 2 });
    expect(toRunOptions({ provider: 'openai' })).toEqual({ model: 'openai:' });
    expect(toRunOptions({ provider: 'openai', model: 'compatible:llama3' })).toEqual({ model: 'compatible:llama3' });
    expect(toRunOptions({ model: 'gpt-5' })).toEqual({ model: 'gpt-5' });
  });

  it('gives an agent CLI to the roles a CLI may take, and keeps explicit per-role models', () => {
    expect(toRunOptions({ provider: 'claude-code', model: 'sonnet', models: { tester: 'anthropic:claude-haiku-4-5' } })).toEqual({
      models: { developer: 'claude-code:sonnet', tester: 'anthropic:claude-haiku-4-5', planner: 'claude-code:sonnet' },
    });
    expect(toRunOptions({ provider: 'codex' })).toEqual({ models: { developer: 'codex', tester: 'codex', planner: 'codex' } });
  });
});
