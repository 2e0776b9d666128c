import { afterEach, describe, expect, it } from 'vitest';
import { readRunActivity } from '../../src/log/activity-log.js';
import { activityOfAgentEvent } from '../../src/runs/run-activity.js';
import { isRunEvent, type RunStreamEvent } from '../../src/runs/run-stream.js';
import { openKanbotsStore } from '../../src/store/open-kanbots-store.js';
import { approve, createRunFixture, finish, models, requestChanges, type RunFixture } from './run-fixture.js';

let fixture: RunFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

/**
 * One observable stream: the activity log, the kill points and the UI feed are its subscribers, so
 * each sees exactly its part of what the stream carried, in the stream's order.
 */
describe('the runs’ one stream', () => {
  it('carries what the activity log records, every named checkpoint, and the UI feed, in one order', async () => {
    const points: string[] = [];
    fixture = await createRunFixture({ checkpoint: (point) => points.push(point) });
    fixture.server.script('dev-model', [finish('Spelled it out.'), finish('Handled the empty line.')]);
    fixture.server.script('review-model', [requestChanges('Handle the empty line.'), approve()]);
    const stream: RunStreamEvent[] = [];
    fixture.kanbots.runs.observe((event) => stream.push(event));
    const feedBefore = fixture.events.length;
    const run = await fixture.kanbots.run(fixture.cardId, 'dev-review', { models });
    await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.gate !== undefined);
    fixture.kanbots.merge(run.id);
    await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.status === 'merged');
    await fixture.kanbots.close();

    const ofRun = stream.filter((event) => 'runId' in event && event.runId === run.id);
    // The UI feed is the stream's RunEvents, nothing else and nothing more.
    expect(fixture.events.slice(feedBefore)).toEqual(stream.filter(isRunEvent));
    expect(fixture.events.slice(feedBefore).some((event) => (event.type as string) === 'run.activity' || (event.type as string) === 'run.checkpoint')).toBe(false);

    // Each kill point reached is an event of the stream, in the stream's order.
    const streamed = stream.flatMap((event) => {
      if (event.type === 'run.checkpoint' || event.type === 'git.checkpoint') return [event.point];
      if (event.type === 'run.agent.event' && event.event.type === 'agent.turn.ended') return ['model.responded'];
      if (event.type === 'run.agent.event' && event.event.type === 'agent.tool.approval.requested') return ['approval.requested'];
      return [];
    });
    // The git layer's points (the worktree manager's) are on it too: every point reached is one of its events.
    expect(points).toEqual(streamed);
    for (const point of ['worktree.registered', 'worktree.created', 'worktree.remove.started']) expect(stream.some((event) => event.type === 'git.checkpoint' && event.point === point)).toBe(true);
    for (const point of ['run.created', 'agent.deliver.before', 'tool.before:finish', 'model.responded', 'workflow.persisted:reviewing', 'gate.opened', 'merge.before', 'merge.committed', 'merge.after', 'worktree.removed']) expect(streamed).toContain(point);

    // The activity log holds exactly what the stream gave it: its records, and the agents' loggable events.
    const store = await openKanbotsStore(fixture.dataDir);
    const { records } = readRunActivity(store.runs, run.id);
    store.close();
    const expected = ofRun.flatMap((event) => {
      if (event.type === 'run.activity') return [event.kind];
      if (event.type === 'run.agent.event') return activityOfAgentEvent(event.event) === undefined ? [] : [activityOfAgentEvent(event.event)!.kind];
      return [];
    });
    expect(records.map((record) => record.kind)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(20);
  });
});
