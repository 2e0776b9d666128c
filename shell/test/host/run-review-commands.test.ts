import { eventsOf, type EventMessage } from '@kanbots/core';
import { RUN_UPDATED_TOPIC, runViewSchema, type ActivityRecord, type DiffFileView, type RunView } from '@kanbots/core/protocol';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type RunningDemo } from '../../src/host/demo.js';
import { openClient, type ProtocolTestClient } from './host-test-context.js';

/**
 * The card page's commands over a real WebSocket against the demo: a person's review sent with
 * `run.review` (refused off the gate, changing nothing), answered by the scripted developer and
 * reviewed again; `run.activity` with the messages, tool calls and approvals in order; after the
 * merge the branch, the merge commit and a diff that is still readable. Steps build on each other.
 */

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

const comment = { file: 'src/slugify.js', line: 3, message: 'Name the regular expression: what does it keep?' };

describe('a review from the card page, over the protocol', () => {
  let demo: RunningDemo;
  let client: ProtocolTestClient;
  let runId: string;

  beforeAll(async () => {
    demo = await startDemo({ latencyMs: 5, chunkDelayMs: 1 });
    client = await openClient(demo.host.port, demo.host.token);
  });

  afterAll(async () => {
    client?.socket.terminate();
    await demo?.stop();
  });

  it('refuses a review before the gate and bad comments, changing nothing', async () => {
    const started = await resultOf<RunView>(client, 'start', 'run.start', { cardId: demo.cardId, workflow: 'dev-review' });
    runId = started.id;
    const asking = await waitForRun(client, runId, (view) => view.pendingApprovals.length > 0);
    const early = await client.command('early', 'run.review', { runId, comments: [comment] });
    expect(early.ok).toBe(false);
    if (!early.ok) expect(early.error).toMatchObject({ code: 'conflict', message: expect.stringContaining('at its gate') });
    const refusals: unknown[] = [
      { runId, comments: [] },
      { runId, comments: [{ file: '', message: 'x' }] },
      { runId, comments: [{ file: 'a.ts', line: 0, message: 'x' }] },
      { runId, comments: [{ file: 'a.ts', message: '   ' }] },
      { runId, comments: [{ file: 'a.ts', message: 'x', severity: 'catastrophic' }] },
      { runId, comments: [{ file: 'a.ts', message: 'x', extra: true }] },
    ];
    for (const [index, args] of refusals.entries()) {
      const reply = await client.command(`bad-${index}`, 'run.review', args);
      expect(reply.ok, JSON.stringify(args)).toBe(false);
      if (!reply.ok) expect(reply.error.code, JSON.stringify(args)).toBe('validation_failed');
    }
    const missing = await client.command('missing', 'run.review', { runId: 'no-such-run', comments: [comment] });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error.code).toBe('not_found');
    const approval = asking.pendingApprovals[0]!;
    await resultOf<RunView>(client, 'approve', 'run.approve', { runId, agentId: approval.agentId, callId: approval.callId });
    const atGate = await waitForRun(client, runId, (view) => view.status === 'needs_you' && view.gate !== undefined);
    expect(atGate.reviews.map((review) => review.by ?? 'reviewer')).toEqual(['reviewer', 'reviewer']);
  }, 30_000);

  it('sends the review to the developer as findings; the developer answers and the reviewer reviews the answer', async () => {
    const sent = await resultOf<RunView>(client, 'review', 'run.review', { runId, summary: 'One question.', comments: [comment] });
    expect(sent.reviews.at(-1)).toEqual({ round: 3, verdict: 'request_changes', by: 'human', summary: 'One question.', findings: [{ ...comment, severity: 'major' }] });
    expect(sent.gate).toBeUndefined();
    const again = await waitForRun(client, runId, (view) => view.status === 'needs_you' && view.gate !== undefined && view.reviews.length === 4);
    expect(again.reviews.map((review) => [review.round, review.by ?? 'reviewer', review.verdict])).toEqual([
      [1, 'reviewer', 'request_changes'],
      [2, 'reviewer', 'approve'],
      [3, 'human', 'request_changes'],
      [4, 'reviewer', 'approve'],
    ]);
    const { files } = await resultOf<{ files: DiffFileView[] }>(client, 'diff', 'run.diff', { runId });
    const answers = files.find((file) => file.path === 'REVIEW-ANSWERS.md');
    expect(answers?.patch).toContain('src/slugify.js:3: “Name the regular expression: what does it keep?” — done');
  }, 30_000);

  it('gives the activity in order: the messages each agent got, tool calls, the approval and who gave it, the reviews', async () => {
    const { records, truncated } = await resultOf<{ records: ActivityRecord[]; truncated: boolean }>(client, 'activity', 'run.activity', { runId });
    expect(truncated).toBe(false);
    expect(records.map((record) => record.seq)).toEqual([...records.map((record) => record.seq)].sort((a, b) => a - b));
    const messages = records.filter((record) => record.kind === 'message').map((record) => String(record.data['text']));
    expect(messages.some((text) => text.startsWith('The person reviewing your change requested changes (review round 3).'))).toBe(true);
    expect(messages.some((text) => text.includes('[major] src/slugify.js:3 — Name the regular expression'))).toBe(true);
    expect(records.find((record) => record.kind === 'approval' && record.data['status'] === 'resolved')?.data).toMatchObject({ approved: true, by: 'human' });
    expect(records.filter((record) => record.kind === 'tool.call').length).toBeGreaterThan(5);
    const missing = await client.command('activity-missing', 'run.activity', { runId: 'no-such-run' });
    expect(missing.ok).toBe(false);
  });

  it('after the merge names the branch and merge commit, and the diff is still readable', async () => {
    await resultOf<RunView>(client, 'merge', 'run.merge', { runId });
    const merged = await waitForRun(client, runId, (view) => view.status === 'merged');
    await demo.host.kanbots.runs.waitFor(runId, (summary) => summary.status === 'merged');
    const view = await resultOf<RunView>(client, 'get', 'run.get', { runId });
    expect(merged.gate).toBeUndefined();
    expect(view.branches).toEqual([{ candidate: 'main', branch: expect.stringMatching(/^kanbots\//), mergeCommit: expect.stringMatching(/^[0-9a-f]{40}$/) }]);
    const { files } = await resultOf<{ files: DiffFileView[] }>(client, 'diff-merged', 'run.diff', { runId });
    expect(files.map((file) => file.path).sort()).toEqual(['REVIEW-ANSWERS.md', 'src/slugify.js', 'test/slugify.test.js']);
    expect(files.find((file) => file.path === 'src/slugify.js')?.patch).toContain("+    .normalize('NFD')");
  }, 30_000);
});
