import type { AnyActorRef, InspectionEvent } from 'xstate';
import { afterEach, describe, expect, it } from 'vitest';
import { approve, createRunFixture, finish, models, requestChanges, type RunFixture } from './run-fixture.js';

let fixture: RunFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

/** What `@statelyai/inspect` builds its tree from: each actor, its parent and its root. */
function actorsOf(events: readonly InspectionEvent[]) {
  const actors = new Map<string, { session: string; id: string; parent: string | undefined; root: string; logic: string }>();
  for (const event of events) {
    if (event.type !== '@xstate.actor') continue;
    const ref = event.actorRef as AnyActorRef & { _parent?: AnyActorRef; logic?: { id?: string } };
    actors.set(ref.sessionId, { session: ref.sessionId, id: ref.id, parent: ref._parent?.sessionId, root: event.rootId, logic: ref.logic?.id ?? '' });
  }
  return [...actors.values()];
}

describe('a run is one actor system', () => {
  it('the run machine is the root; the workflow, every agent and its hold are its children, the workflow’s steps the workflow’s', async () => {
    const inspected: InspectionEvent[] = [];
    fixture = await createRunFixture({ inspect: (event) => inspected.push(event) });
    fixture.server.script('dev-model', [finish('Spelled it out.'), finish('Handled the empty line.')]);
    fixture.server.script('review-model', [requestChanges('Handle the empty line.'), approve()]);
    const run = await fixture.kanbots.run(fixture.cardId, 'dev-review', { models });
    const atGate = await fixture.kanbots.runs.waitFor(run.id, (summary) => summary.gate !== undefined);

    const actors = actorsOf(inspected);
    const root = actors.find((actor) => actor.logic === 'run')!;
    expect(root.parent).toBeUndefined();
    // One tree: every actor of the run has the run machine as its root.
    expect(new Set(actors.map((actor) => actor.root))).toEqual(new Set([root.session]));
    const workflow = actors.find((actor) => actor.id === 'workflow')!;
    expect(workflow.logic).toBe('devReview');
    const agentIds = atGate.agents.map((agent) => agent.agentId);
    expect(agentIds).toHaveLength(2);
    const children = actors.filter((actor) => actor.parent === root.session);
    // Each agent beside its hold (who paused it: the run or the person).
    expect(children.map((actor) => actor.id).sort()).toEqual(['workflow', ...agentIds, ...agentIds.map((agentId) => `${agentId}.hold`)].sort());
    expect(children.filter((actor) => actor.id.endsWith('.hold')).map((actor) => actor.logic)).toEqual(['agentHold', 'agentHold']);
    // What the run machine got to spawn an agent serialises to its type and id (an inspector sends events as JSON).
    const spawns = inspected.flatMap((event) => (event.type === '@xstate.event' && event.event.type === 'agent.spawn' ? [JSON.parse(JSON.stringify(event.event)) as unknown] : []));
    expect(spawns).toHaveLength(4);
    for (const spawn of spawns) expect(Object.keys(spawn as object).sort()).toEqual(['id', 'type']);
    // The workflow's effects are its own children: preparing, two developer steps, two reviews.
    const steps = actors.filter((actor) => actor.parent === workflow.session);
    expect(steps.length).toBeGreaterThanOrEqual(5);
  });
});
