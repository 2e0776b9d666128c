import { afterEach, describe, expect, it } from 'vitest';
import { readRunActivity } from '../../src/log/activity-log.js';
import { openKanbotsStore } from '../../src/store/open-kanbots-store.js';
import { approve, createRunFixture, finish, models, type RunFixture } from './run-fixture.js';

let fixture: RunFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

const secret = 'sk-ant-test-secret-key-123456';

describe('activity log', () => {
  it('records state changes, model requests, tool calls and results, approvals and reviews, with secrets redacted', async () => {
    fixture = await createRunFixture();
    fixture.server.script('dev-model', [
      { toolCalls: [{ id: 'toolu_cmd', name: 'run_command', input: { command: `echo key=${secret}` } }], usage: { inputTokens: 1000, outputTokens: 50 } },
      finish(`Printed ${secret}`),
    ]);
    fixture.server.script('review-model', [approve()]);
    const run = await fixture.kanbots.run(fixture.cardId, 'dev-review', { models, policy: { default: 'allow', rules: { run_command: 'ask' } } });
    const asking = await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.agents.some((agent) => agent.pendingApproval !== undefined));
    expect(asking.status).toBe('needs_you');
    fixture.kanbots.approve(run.id, 'developer', 'toolu_cmd');
    await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.gate !== undefined);
    await fixture.kanbots.close();

    const store = await openKanbotsStore(fixture.dataDir);
    const { records } = readRunActivity(store.runs, run.id);
    const kinds = new Set(records.map((record) => record.kind));
    for (const kind of ['run.state', 'agent.state', 'model.request', 'tool.call', 'tool.result', 'approval', 'review', 'message']) expect(kinds).toContain(kind);
    const request = records.find((record) => record.kind === 'model.request')!;
    expect(request.data).toMatchObject({ model: 'dev-model', inputTokens: 1000, outputTokens: 50 });
    expect(typeof request.data.latencyMs).toBe('number');
    expect(typeof request.data.costUsd).toBe('number');
    expect(records.filter((record) => record.kind === 'approval').map((record) => record.data.status)).toEqual(['requested', 'resolved']);
    expect(records.find((record) => record.kind === 'review')?.data).toMatchObject({ round: 1, verdict: 'approve' });
    expect(records.some((record) => record.kind === 'run.state' && record.data.to === 'gate')).toBe(true);
    const text = JSON.stringify(records);
    expect(text).toContain('[REDACTED]');
    expect(text).not.toContain(secret);
    // Nor do the run's other records (record, workflow and agent snapshots, tool journal).
    const { documents, streams } = store.runs.contents(run.id);
    const contents = [...documents.map((name) => store.runs.readText(run.id, name) ?? ''), ...streams.map((stream) => JSON.stringify(store.runs.readLines(run.id, stream).values))];
    store.close();
    expect(contents.length).toBeGreaterThanOrEqual(5);
    for (const content of contents) expect(content).not.toContain(secret);
  });
});
